import Foundation

/// Prunes a network in `steps` steps to the target of a ``PruningMethod``, each step followed by
/// `epochsPerStep` epochs of fine-tuning (usually a ``DistillationObjective`` against the teacher),
/// and logs one line per step: sparsity, parameters and test accuracy before and after fine-tuning.
///
/// Step `k` of `K` goes `k/K` of the way: unstructured sparsity `s·k/K`; structured unit counts
/// `n − (n − keep)·k/K` (rounded); low rank `r_full − (r_full − r)·k/K`, or the energy fraction
/// `1 − (1 − e)·k/K`. Unstructured masks are held during fine-tuning through
/// ``Trainer/afterOptimizerStep``, and the masks of later steps contain the earlier ones.
/// Structured and low-rank steps replace the network by a smaller one, with a fresh optimizer.
public final class IterativePruning {
    /// The current network (replaced by structured and low-rank steps).
    public private(set) var network: Sequential
    /// The current architecture.
    public private(set) var architecture: Architecture
    /// What to prune and how much.
    public let method: PruningMethod
    /// Number of pruning steps.
    public let steps: Int
    /// Fine-tuning epochs after each step (0: prune only).
    public let epochsPerStep: Int
    /// Settings of each fine-tuning (`epochs` is set to `epochsPerStep`; checkpoints and resume are off).
    public var trainingOptions: TrainingOptions
    /// Makes the optimizer of each step's fine-tuning.
    public var makeOptimizer: () -> any Optimizer
    /// Receives one line per step (standard error by default).
    public var progress: (String) -> Void = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
    /// Receives the trainer's per-epoch lines (dropped by default).
    public var epochProgress: (String) -> Void = { _ in }
    /// One record per step, step 0 first.
    public private(set) var records: [PruningStepRecord] = []
    /// The fine-tuning epochs of all steps, numbered through.
    public private(set) var history: [EpochRecord] = []

    /// Sets up a run on `network`, built from `architecture` and trained.
    public init(
        network: Sequential, architecture: Architecture, method: PruningMethod, steps: Int, epochsPerStep: Int,
        trainingOptions: TrainingOptions, makeOptimizer: @escaping () -> any Optimizer
    ) {
        precondition(steps >= 1 && epochsPerStep >= 0, "at least one step and no negative epochs")
        self.network = network
        self.architecture = architecture
        self.method = method
        self.steps = steps
        self.epochsPerStep = epochsPerStep
        self.trainingOptions = trainingOptions
        self.makeOptimizer = makeOptimizer
    }

    /// Runs every step and returns the records; `train` feeds the fine-tuning (and the OBD Hessian),
    /// `test` the accuracies (in the network's input shape).
    @discardableResult
    public func run(train: Dataset, test: Dataset, objective: any TrainingObjective) throws -> [PruningStepRecord] {
        let start = DispatchTime.now().uptimeNanoseconds
        let accuracy = Evaluation.accuracy(of: network, on: test)
        records = [record(step: 0, accuracyAfterPruning: accuracy, accuracy: accuracy, since: start)]
        progress(line(records[0]))
        let originalUnits = StructuredPruning.prunableLayers(of: network).mapValues { $0.parameters[0].value.shape[0] }
        let originalRanks = fullRanks()
        for step in 1...steps {
            let stepStart = DispatchTime.now().uptimeNanoseconds
            let fraction = Double(step) / Double(steps)
            var mask: PruningMask?
            switch method {
            case .magnitude(let sparsity, let scope):
                let weights = network.prunableWeights
                mask = UnstructuredPruning.mask(weights: weights, scores: UnstructuredPruning.magnitudes(of: weights), sparsity: sparsity * fraction, scope: scope)
            case .optimalBrainDamage(let sparsity, let scope, let examples):
                let weights = network.prunableWeights
                let hessian = try OptimalBrainDamage.hessianDiagonal(of: network, inputs: train.inputs.items(0..<min(examples, train.count)))
                let saliencies = OptimalBrainDamage.saliencies(of: weights, hessianDiagonal: hessian)
                mask = UnstructuredPruning.mask(weights: weights, scores: saliencies, sparsity: sparsity * fraction, scope: scope)
            case .structured(let keep, let norm):
                var counts: [Int: Int] = [:]
                for (index, target) in keep {
                    guard let original = originalUnits[index] else { throw PruningError("layer \(index) has no units that can be removed") }
                    counts[index] = Int((Double(original) - Double(original - target) * fraction).rounded())
                }
                let selection = try StructuredPruning.selection(in: network, keeping: counts, norm: norm)
                (architecture, network) = try StructuredPruning.shrink(network, architecture: architecture, selection: selection)
            case .lowRank(let layers, let choice):
                for index in layers {
                    let stepChoice: LowRankFactorization.RankChoice
                    switch choice {
                    case .rank(let rank):
                        let full = originalRanks[index] ?? rank
                        stepChoice = .rank(Int((Double(full) - Double(full - rank) * fraction).rounded()))
                    case .energy(let energy):
                        stepChoice = .energy(1 - (1 - energy) * fraction)
                    }
                    (architecture, network, _) = try LowRankFactorization.factor(network, architecture: architecture, layers: [index], choice: stepChoice)
                }
            }
            mask?.apply(to: network.parameters)
            let afterPruning = Evaluation.accuracy(of: network, on: test)
            try fineTune(step: step, train: train, objective: objective, mask: mask)
            let finished = record(step: step, accuracyAfterPruning: afterPruning, accuracy: Evaluation.accuracy(of: network, on: test), since: stepStart)
            records.append(finished)
            progress(line(finished))
        }
        return records
    }

    /// The rank of each dense layer (token index) before pruning: its factored rank, or the
    /// smaller of its inputs and outputs.
    func fullRanks() -> [Int: Int] {
        var ranks: [Int: Int] = [:]
        let dense = network.layers.compactMap { $0 as? Dense }
        for index in LowRankFactorization.denseLayers(of: architecture) {
            let named = dense.filter { $0.weight.name == "layer\(index).weight" || $0.weight.name == "layer\(index).projection.weight" }
            guard let first = named.first, let last = named.last else { continue }
            ranks[index] = named.count == 2 ? first.outputCount : min(first.inputCount, last.outputCount)
        }
        return ranks
    }

    func fineTune(step: Int, train: Dataset, objective: any TrainingObjective, mask: PruningMask?) throws {
        guard epochsPerStep > 0 else { return }
        var options = trainingOptions
        options.epochs = epochsPerStep
        options.seed = trainingOptions.seed &+ UInt64(step)
        options.checkpointURL = nil
        options.curvesURL = nil
        options.resume = false
        let trainer = Trainer(network: network, architecture: architecture.description, optimizer: makeOptimizer(), options: options)
        trainer.progress = epochProgress
        if let mask { trainer.afterOptimizerStep.append(mask.apply(to:)) }
        let epochsBefore = history.count
        for var record in try trainer.fit(train, test: nil, objective: objective) {
            record.epoch += epochsBefore
            history.append(record)
        }
    }

    func record(step: Int, accuracyAfterPruning: Float, accuracy: Float, since start: UInt64) -> PruningStepRecord {
        PruningStepRecord(
            step: step, architecture: architecture.description, sparsity: network.sparsity, parameterCount: network.parameterCount,
            nonzeroParameterCount: network.nonzeroParameterCount, accuracyAfterPruning: accuracyAfterPruning, accuracy: accuracy,
            seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// `step 2/4  magnitude  sparsity 40.00%  parameters 266610, nonzero 160466 (60.2%)  test 97.10% → 98.05%  mlp:784-300-300-10  21.4 s`.
    func line(_ record: PruningStepRecord) -> String {
        let original = records.first?.parameterCount ?? record.parameterCount
        return String(
            format: "step %d/%d  %@  sparsity %.2f%%  parameters %d, nonzero %d (%.1f%% of %d)  test %.2f%% → %.2f%%  %@  %.1f s",
            record.step, steps, method.name, 100 * record.sparsity, record.parameterCount, record.nonzeroParameterCount,
            100 * Double(record.nonzeroParameterCount) / Double(max(original, 1)), original,
            100 * record.accuracyAfterPruning, 100 * record.accuracy, record.architecture, record.seconds)
    }

    /// A checkpoint of the pruned network with the fine-tuning history (no optimizer state).
    public func checkpoint() -> Checkpoint {
        Checkpoint(architecture: architecture.description, network: network, optimizer: nil, epoch: history.count, seed: trainingOptions.seed, history: history)
    }
}
