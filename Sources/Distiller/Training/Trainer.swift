import Foundation

/// Settings of a training run.
public struct TrainingOptions: Sendable {
    /// Total epochs of the run.
    public var epochs: Int = 10
    /// Examples per batch.
    public var batchSize: Int = 128
    /// Learning rate over the run.
    public var schedule: LearningRateSchedule = .constant(0.01)
    /// Seeds the shuffles, the jitter and dropout (each epoch gets its own stream, so a resumed run
    /// draws the same numbers as an uninterrupted one).
    public var seed: UInt64 = 1
    /// Largest random shift in pixels, or frames for spectrograms (0 turns jitter off).
    public var jitter: Int = 0
    /// Max-norm constraint on each unit's incoming weights, applied after every step.
    public var maxNorm: Float?
    /// Where to write a checkpoint after every epoch.
    public var checkpointURL: URL?
    /// Whether to continue from `checkpointURL` when it exists.
    public var resume = false
    /// Where to write an SVG of the training curves after every epoch.
    public var curvesURL: URL?
    /// Test examples evaluated after each epoch (all when `nil`).
    public var evaluationLimit: Int?
    /// The first epoch (1-based) whose weights are averaged: from then on the network is evaluated,
    /// checkpointed and left after training with the running mean of its weights (parameters and
    /// buffers) at the end of each epoch, while the optimizer keeps training the current ones
    /// (stochastic weight averaging, Izmailov et al. 2018). `nil` turns averaging off.
    public var averagingStartEpoch: Int?
    /// Whether to add a line per epoch splitting the time into data, forward, loss, backward and update.
    public var reportsTimeSplit = false

    /// Default settings.
    public init() {}
}

/// Trains a ``Sequential`` network on a ``Dataset`` with an objective, printing one progress line per
/// epoch, checkpointing atomically, and resuming a killed run to the same result.
public final class Trainer {
    /// The network being trained.
    public let network: Sequential
    /// The architecture string (stored in checkpoints and checked on resume).
    public let architecture: String
    /// The optimizer.
    public var optimizer: any Optimizer
    /// The run's settings.
    public var options: TrainingOptions
    /// One record per finished epoch (including epochs restored from a checkpoint).
    public private(set) var history: [EpochRecord] = []
    /// Receives the progress lines (standard error by default).
    public var progress: (String) -> Void = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
    /// Run after every optimizer step (after the max-norm constraint) with the network's parameters,
    /// for constraints such as pruning masks that must hold throughout training.
    public var afterOptimizerStep: [([Parameter]) -> Void] = []
    /// The running mean of the weights (parameters then buffers) over `averagedEpochs` epochs.
    private var averagedWeights: [Tensor] = []
    /// Epochs averaged so far.
    public private(set) var averagedEpochs = 0
    /// Whether the run has said that its network predicts a single class (said once).
    private var warnedOfCollapse = false

    /// Creates a trainer.
    public init(network: Sequential, architecture: String, optimizer: any Optimizer, options: TrainingOptions) {
        self.network = network
        self.architecture = architecture
        self.optimizer = optimizer
        self.options = options
    }

    /// Loads the checkpoint at `options.checkpointURL` when resuming; returns the epochs already done.
    func restoreIfResuming() throws -> Int {
        guard options.resume, let url = options.checkpointURL, FileManager.default.fileExists(atPath: url.path) else { return 0 }
        let checkpoint = try Checkpoint.load(from: url)
        guard checkpoint.architecture == architecture else {
            throw CheckpointError.architectureMismatch(path: url.path, checkpoint: checkpoint.architecture, requested: architecture)
        }
        try checkpoint.restore(into: network, path: url.path, training: true)
        averagedEpochs = checkpoint.averagedEpochs
        averagedWeights = averagedEpochs > 0 ? checkpoint.tensors.map(\.value) : []
        if averagedEpochs > 0, options.averagingStartEpoch == nil {
            options.averagingStartEpoch = checkpoint.epoch - averagedEpochs + 1  // a run that averaged goes on averaging
        }
        optimizer.state = checkpoint.optimizerState
        optimizer.stepCount = checkpoint.optimizerStepCount
        history = checkpoint.history
        options.seed = checkpoint.seed
        progress("resuming \(url.lastPathComponent) after epoch \(checkpoint.epoch)")
        return checkpoint.epoch
    }

    /// Trains until `options.epochs` (or `stopAfterEpoch`, to simulate an interrupted run) and
    /// returns the history.
    @discardableResult
    public func fit(_ train: Dataset, test: Dataset?, objective: some TrainingObjective, stopAfterEpoch: Int? = nil) throws -> [EpochRecord] {
        precondition(!train.labels.isEmpty || !(objective is CrossEntropyObjective), "cross-entropy needs labels")
        guard train.count > 0 else { throw TrainingError.noExamples }
        let firstEpoch = try restoreIfResuming()
        if firstEpoch == 0 { network.fitInputStandardization(to: train.inputs) }
        let lastEpoch = min(options.epochs, stopAfterEpoch ?? .max)
        guard firstEpoch < lastEpoch else {
            _ = swapInAverage()
            return history
        }
        let stepsPerEpoch = (train.count + options.batchSize - 1) / options.batchSize
        let jitter = Jitter(maximumShift: options.jitter, style: train.jitterStyle)
        let constraint = options.maxNorm.map { MaxNormConstraint(maximum: $0) }
        let parameters = network.parameters
        let evaluationSet = test.map { set in options.evaluationLimit.map { set.slice(0..<min($0, set.count)) } ?? set }
        for epoch in firstEpoch..<lastEpoch {
            let start = DispatchTime.now().uptimeNanoseconds
            var generator = SeededRandomNumberGenerator(seed: options.seed, stream: UInt64(epoch) + 1)
            network.reseed(seed: options.seed, stream: UInt64(epoch))
            let order = train.shuffledIndices(using: &generator)
            var lossSum: Double = 0
            var correct = 0
            var predictedClasses = Set<Int>()
            var learningRate = options.schedule.rate(atEpoch: Double(epoch))
            let epochRate = learningRate
            var split = [UInt64](repeating: 0, count: 5)
            var mark = DispatchTime.now().uptimeNanoseconds
            func lap(_ part: Int) {
                let now = DispatchTime.now().uptimeNanoseconds
                split[part] += now - mark
                mark = now
            }
            for step in 0..<stepsPerEpoch {
                mark = DispatchTime.now().uptimeNanoseconds
                let indices = Array(order[(step * options.batchSize)..<min((step + 1) * options.batchSize, train.count)])
                let subset = train.subset(indices)
                let inputs = subset.inputs.rank == 4 ? jitter.apply(to: subset.inputs, using: &generator) : subset.inputs
                let batch = Batch(inputs: inputs, labels: subset.labels, indices: indices, epoch: epoch)
                network.zeroGradients()
                lap(0)
                let logits = network.forward(inputs, training: true)
                lap(1)
                let result = objective.loss(studentLogits: logits, batch: batch)
                lap(2)
                network.backward(result.gradient, needsInputGradient: false)
                lap(3)
                learningRate = options.schedule.rate(atEpoch: Double(epoch) + Double(step) / Double(stepsPerEpoch))
                optimizer.step(parameters, learningRate: learningRate)
                constraint?.apply(to: parameters)
                for hook in afterOptimizerStep { hook(parameters) }
                lap(4)
                lossSum += Double(result.loss) * Double(indices.count)
                if !subset.labels.isEmpty {
                    let predicted = logits.argmaxPerItem()
                    correct += zip(predicted, subset.labels).filter { $0 == $1 }.count
                    if predictedClasses.count < 2 { predictedClasses.formUnion(predicted) }
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if let first = options.averagingStartEpoch, epoch + 1 >= first { addToAverage() }
            let trained = swapInAverage()
            defer { if let trained { restoreTrainingWeights(trained) } }
            let testAccuracy = evaluationSet.map { Evaluation.accuracy(of: network, on: $0) } ?? .nan
            let record = EpochRecord(
                epoch: epoch + 1, loss: Float(lossSum / Double(train.count)),
                trainAccuracy: train.labels.isEmpty ? .nan : Float(correct) / Float(train.count), testAccuracy: testAccuracy,
                samplesPerSecond: Float(Double(train.count) / seconds), seconds: Float(seconds), learningRate: epochRate)
            // A diverged run is reported, not checkpointed: its weights are useless and would overwrite the last good ones.
            guard record.loss.isFinite else { throw TrainingError.diverged(epoch: record.epoch, loss: record.loss) }
            history.append(record)
            try saveEpoch(record, trainingWeights: trained)
            let line = Trainer.progressLine(record, totalEpochs: options.epochs, recentSeconds: history.suffix(3).map { Double($0.seconds) })
            progress(averagedEpochs > 0 ? line + "  (test: average of \(averagedEpochs) epochs' weights)" : line)
            if !warnedOfCollapse, let only = Trainer.collapsedClass(predictedClasses, classCount: train.classCount) {
                warnedOfCollapse = true
                progress("  every training example went to class \(only) this epoch: the network may have collapsed to a constant "
                         + "(ReLUs that never fire); another seed may train")
            }
            if options.reportsTimeSplit {
                let parts = zip(["data", "forward", "loss", "backward", "update"], split).map { String(format: "%@ %.2f s", $0, Double($1) / 1e9) }
                progress("  time split: " + parts.joined(separator: ", "))
            }
        }
        _ = swapInAverage()
        return history
    }

    /// Folds the network's current weights into the running mean.
    private func addToAverage() {
        let weights = (network.parameters + network.buffers).map(\.value)
        if averagedEpochs == 0 {
            averagedWeights = weights
        } else {
            let share = 1 / Float(averagedEpochs + 1)
            for index in averagedWeights.indices {
                averagedWeights[index].scalars.withUnsafeMutableBufferPointer { mean in
                    weights[index].scalars.withUnsafeBufferPointer { current in
                        for position in mean.indices { mean[position] += (current[position] - mean[position]) * share }
                    }
                }
            }
        }
        averagedEpochs += 1
    }

    /// Loads the averaged weights into the network (when averaging has begun) and returns the trained
    /// ones they replaced.
    private func swapInAverage() -> [Tensor]? {
        guard averagedEpochs > 0 else { return nil }
        let targets = network.parameters + network.buffers
        let trained = targets.map(\.value)
        for (target, mean) in zip(targets, averagedWeights) { target.value = mean }
        return trained
    }

    /// Puts the trained weights back after `swapInAverage`.
    private func restoreTrainingWeights(_ trained: [Tensor]) {
        for (target, value) in zip(network.parameters + network.buffers, trained) { target.value = value }
    }

    /// Writes the checkpoint (with the averaged weights loaded, when averaging, and the trained ones
    /// passed as `trainingWeights`) and the curves.
    func saveEpoch(_ record: EpochRecord, trainingWeights: [Tensor]?) throws {
        if let url = options.checkpointURL {
            var checkpoint = Checkpoint(architecture: architecture, network: network, optimizer: optimizer, epoch: record.epoch, seed: options.seed, history: history)
            if let trainingWeights {
                checkpoint.averagedEpochs = averagedEpochs
                checkpoint.trainingTensors = zip(checkpoint.tensors, trainingWeights).map { Checkpoint.NamedTensor(name: $0.name, value: $1) }
            }
            try checkpoint.write(to: url)
        }
        if let url = options.curvesURL {
            try TrainingCurves.svg(history, title: architecture).write(to: url, atomically: true, encoding: .utf8)
        }
    }

    /// The one class every training example of an epoch went to, when the data has more than one
    /// class: the network has collapsed to a constant (typically ReLUs that never fire).
    static func collapsedClass(_ predictedClasses: Set<Int>, classCount: Int) -> Int? {
        classCount > 1 && predictedClasses.count == 1 ? predictedClasses.first : nil
    }

    /// `epoch 3/20  loss 0.1234  train 97.12%  test 97.80%  5321 samples/s  11.3 s  ETA 3m05s`.
    public static func progressLine(_ record: EpochRecord, totalEpochs: Int, recentSeconds: [Double]) -> String {
        func percent(_ value: Float) -> String { value.isNaN ? "–" : String(format: "%.2f%%", 100 * value) }
        let remaining = Double(totalEpochs - record.epoch) * (recentSeconds.reduce(0, +) / Double(max(recentSeconds.count, 1)))
        let eta = remaining >= 60 ? String(format: "%dm%02ds", Int(remaining) / 60, Int(remaining) % 60) : String(format: "%.0fs", remaining)
        return String(
            format: "epoch %d/%d  loss %.4f  train %@  test %@  %.0f samples/s  %.1f s  lr %.4g  ETA %@",
            record.epoch, totalEpochs, record.loss, percent(record.trainAccuracy), percent(record.testAccuracy),
            record.samplesPerSecond, record.seconds, record.learningRate, eta)
    }
}

/// Accuracy and logits of a network on a dataset.
public enum Evaluation {
    /// Fraction of examples whose largest logit is the label.
    public static func accuracy(of network: Sequential, on dataset: Dataset, batchSize: Int = 500) -> Float {
        accuracy(logits: network.predict(dataset.inputs, batchSize: batchSize), labels: dataset.labels)
    }

    /// Fraction of rows whose largest logit is the label.
    public static func accuracy(logits: Tensor, labels: [Int]) -> Float {
        guard !labels.isEmpty else { return .nan }
        return Float(zip(logits.argmaxPerItem(), labels).filter { $0 == $1 }.count) / Float(labels.count)
    }

    /// Confusion counts `[label][prediction]`.
    public static func confusion(logits: Tensor, labels: [Int], classCount: Int) -> [[Int]] {
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
        for (prediction, label) in zip(logits.argmaxPerItem(), labels) { matrix[label][prediction] += 1 }
        return matrix
    }
}
