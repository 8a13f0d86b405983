import Distiller
import Foundation

/// `edge-distill prune CKPT -o OUT.ckpt --method …`: iterated pruning or low-rank factoring with
/// distillation fine-tuning after every step.
enum PruneCommand {
    static let usage = """
        usage: edge-distill prune CHECKPOINT -o OUT.ckpt --method magnitude|obd|structured|low-rank [options]
          Prunes in --steps steps, each followed by --epochs-per-step epochs of fine-tuning (distillation
          with --teacher or --teacher-logits, else the hard labels); one line per step on stderr
          (sparsity, parameters, test accuracy after pruning → after fine-tuning); the final
          checkpoint is written atomically, the summary goes to stdout.
          --method M             magnitude: smallest |w|; obd: lowest Optimal Brain Damage saliency ½·h·w²;
                                 structured: remove whole units/channels (a smaller architecture);
                                 low-rank: factor dense layers W ≈ U·V by truncated SVD (<units>r<rank>)
          --sparsity F           final fraction in [0, 1): of weights (magnitude, obd), of each layer's units (structured)
          --scope global|layer   one threshold for all weights (default) or one per layer (magnitude, obd)
          --hessian-examples N   training examples for the OBD Hessian diagonal (default 500)
          --keep-units N[,N…]    structured: units to keep, one count for every layer or one per layer
          --norm l1|l2           structured: unit importance (default l2)
          --rank R | --energy E  low-rank: the rank, or the fraction of Σσ² to keep, in (0, 1]
          --layers LIST          layer numbers as in the parameter names (layer0, layer1, …) to prune or
                                 factor (default: structured, every prunable layer; low-rank, every hidden dense layer)
          --steps K              pruning steps (default 1)
          --epochs-per-step E    fine-tuning epochs after each step (default 1; 0 prunes only)
          --teacher FILES        teacher checkpoints, comma-separated
          --teacher-logits FILE  [train examples, classes] float .npy logits instead
          --temperature T        distillation temperature (default 4)
          --alpha A              weight of the soft term, 0…1 (default 0.9)
          --optimizer NAME       sgd | nesterov | adam | adamw (default sgd)
          --learning-rate X      fine-tuning learning rate (default 0.01 for SGD, 0.0003 for Adam)
          --momentum X, --weight-decay X, --batch-size N (default 128), --jitter N, --max-norm X
          --schedule S           per step: constant | step:EVERY:FACTOR | cosine[:MINIMUM] (default constant)
          --data NAME            \(TrainingFlags.datasetHelp)
          --data-dir DIR, --train-limit N, --test-limit N, --seed N (default 1)
          --verbose              also print the fine-tuning's epoch lines
        """

    static let methods = ["magnitude", "obd", "structured", "low-rank"]

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(
            arguments,
            options: [
                "-o", "--output", "--method", "--sparsity", "--scope", "--hessian-examples", "--keep-units", "--norm", "--rank",
                "--energy", "--layers", "--steps", "--epochs-per-step", "--teacher", "--teacher-logits", "--temperature", "--alpha",
                "--optimizer", "--learning-rate", "--momentum", "--weight-decay", "--batch-size", "--jitter", "--max-norm",
                "--schedule", "--data", "--data-dir", "--train-limit", "--test-limit", "--seed",
            ],
            flags: ["--verbose"], usage: usage)
        let path = try parsed.onlyPositional("checkpoint file")
        guard let outputPath = parsed.value("-o") ?? parsed.value("--output") else { throw UsageError("missing -o OUT.ckpt") }
        let output = URL(fileURLWithPath: outputPath)
        guard let methodName = parsed.value("--method") else { throw UsageError("missing --method (\(methods.joined(separator: ", ")))") }
        guard methods.contains(methodName) else { throw UsageError("unknown --method '\(methodName)' (known: \(methods.joined(separator: ", ")))") }
        var files = FilePaths()
        files.input(path, "checkpoint")
        for teacher in (parsed.value("--teacher") ?? "").split(separator: ",", omittingEmptySubsequences: false) where parsed.value("--teacher") != nil {
            files.input(String(teacher), "--teacher")
        }
        files.input(parsed.value("--teacher-logits"), "--teacher-logits")
        files.inputs(inFolder: DataDirectory(explicit: parsed.value("--data-dir")).dataset(TrainingFlags.folderName(parsed.value("--data") ?? "mnist")), "dataset file")
        files.output(outputPath, "output")
        try files.check()
        guard (parsed.value("--teacher") == nil) || (parsed.value("--teacher-logits") == nil) else {
            throw UsageError("give at most one of --teacher or --teacher-logits")
        }
        let steps = try parsed.integer("--steps", default: 1, in: 1...1000)
        let epochsPerStep = try parsed.integer("--epochs-per-step", default: 1, in: 0...10_000)
        let temperature = Float(try parsed.number("--temperature", default: 4, in: 0.01...1000))
        let alpha = Float(try parsed.number("--alpha", default: 0.9, in: 0...1))
        let (makeOptimizer, optimizerName, learningRate) = try TrainingFlags.optimizer(parsed, defaultRates: (sgd: 0.01, adam: 0.0003))
        var options = TrainingOptions()
        options.batchSize = try parsed.integer("--batch-size", default: 128, in: 1...65_536)
        options.seed = UInt64(try parsed.integer("--seed", default: 1))
        options.jitter = try parsed.integer("--jitter", default: 0, in: 0...16)
        options.maxNorm = try parsed.value("--max-norm").map { _ in Float(try parsed.number("--max-norm", default: 0, in: 1e-6...1e6)) }
        options.schedule = try TrainingFlags.schedule(parsed.value("--schedule") ?? "constant", initial: learningRate, epochs: max(epochsPerStep, 1))

        let checkpoint = try Checkpoint.load(from: URL(fileURLWithPath: path))
        let architecture: Architecture
        do { architecture = try Architecture(checkpoint.architecture) } catch { throw UsageError("\(path): \(error.description)") }
        let network = try architecture.makeNetwork(seed: 0)
        try checkpoint.restore(into: network, path: path)
        let method = try self.method(methodName, parsed: parsed, network: network, architecture: architecture)

        var (train, test) = try TrainingFlags.loadDataset(parsed)
        guard let trainInputs = architecture.adapt(train.inputs), let testInputs = architecture.adapt(test.inputs),
              architecture.outputCount == train.classCount
        else { throw UsageError("\(path) holds '\(architecture)', which does not fit the dataset (\(train.inputs.itemSize) inputs, \(train.classCount) classes)") }
        (train.inputs, test.inputs) = (trainInputs, testInputs)
        let objective: any TrainingObjective
        let loss = DistillationObjective.Mode.softTargets(DistillationLoss(temperature: temperature, softWeight: alpha), combination: .averageLogits)
        if let list = parsed.value("--teacher") {
            let teachers = try list.split(separator: ",").map {
                try DistillCommand.loadNetwork(String($0), expectedInputs: train.inputs.itemSize, classes: train.classCount)
            }
            objective = DistillationObjective(teacher: .networks(teachers), mode: loss)
        } else if let logits = parsed.value("--teacher-logits") {
            let all = try TeacherLogitsFile.load(from: URL(fileURLWithPath: logits), exampleCount: train.count, classCount: train.classCount)
            objective = DistillationObjective(teacher: .precomputedLogits(all), mode: loss)
        } else {
            printError("no teacher: fine-tuning on the hard labels")
            objective = CrossEntropyObjective()
        }
        printError("pruning \(architecture) (\(network.parameterCount) parameters) with \(methodName) in \(steps) step(s) of \(epochsPerStep) epoch(s), \(optimizerName) lr \(learningRate)")

        let run = IterativePruning(
            network: network, architecture: architecture, method: method, steps: steps, epochsPerStep: epochsPerStep,
            trainingOptions: options, makeOptimizer: makeOptimizer)
        if parsed.flag("--verbose") { run.epochProgress = { printError("  " + $0) } }
        do { try run.run(train: train, test: test, objective: objective) } catch let error as PruningError { throw UsageError(error.description) }
        try run.checkpoint().write(to: output)
        let (first, last) = (run.records.first!, run.records.last!)
        print(String(
            format: "%@ → %@: parameters %d → %d (nonzero %d), sparsity %.2f%%, test accuracy %.2f%% → %.2f%%; checkpoint %@",
            first.architecture, last.architecture, first.parameterCount, last.parameterCount, last.nonzeroParameterCount,
            100 * last.sparsity, 100 * first.accuracy, 100 * last.accuracy, output.path))
    }

    /// The method and its target from the flags, checked against the network before any work.
    static func method(_ name: String, parsed: Arguments, network: Sequential, architecture: Architecture) throws -> PruningMethod {
        func sparsity() throws -> Double {
            guard parsed.value("--sparsity") != nil else { throw UsageError("--method \(name) needs --sparsity F") }
            let value = try parsed.number("--sparsity", default: 0, in: 0...1)
            guard value < 1 else { throw UsageError("--sparsity must be in [0, 1), got '\(parsed.value("--sparsity")!)'") }
            return value
        }
        func scope() throws -> PruningScope {
            let text = parsed.value("--scope") ?? "global"
            guard let scope = PruningScope(rawValue: text) else { throw UsageError("unknown --scope '\(text)' (known: global, layer)") }
            return scope
        }
        func layers(default defaults: [Int], allowed: Set<Int>) throws -> [Int] {
            guard let text = parsed.value("--layers") else { return defaults }
            let values = text.split(separator: ",").map { Int($0) }
            guard !values.isEmpty, values.allSatisfy({ $0.map(allowed.contains) ?? false }) else {
                throw UsageError("--layers '\(text)': expected layer numbers among \(allowed.sorted().map(String.init).joined(separator: ","))")
            }
            return values.map { $0! }
        }
        switch name {
        case "magnitude":
            return .magnitude(sparsity: try sparsity(), scope: try scope())
        case "obd":
            guard !network.layers.contains(where: { $0 is BatchNorm }) else { throw UsageError("--method obd needs a network without batch norm") }
            return .optimalBrainDamage(sparsity: try sparsity(), scope: try scope(), hessianExamples: try parsed.integer("--hessian-examples", default: 500, in: 1...1_000_000))
        case "structured":
            let prunable = StructuredPruning.prunableLayers(of: network).mapValues { $0.parameters[0].value.shape[0] }
            let chosen = try layers(default: prunable.keys.sorted(), allowed: Set(prunable.keys))
            let normText = parsed.value("--norm") ?? "l2"
            guard let norm = StructuredPruning.Norm(rawValue: normText) else { throw UsageError("unknown --norm '\(normText)' (known: l1, l2)") }
            var keep: [Int: Int] = [:]
            switch (parsed.value("--keep-units"), parsed.value("--sparsity")) {
            case (let text?, nil):
                let counts = text.split(separator: ",").map { Int($0) }
                guard counts.count == 1 || counts.count == chosen.count, counts.allSatisfy({ ($0 ?? 0) > 0 }) else {
                    throw UsageError("--keep-units '\(text)': one positive count, or one for each of the \(chosen.count) layers")
                }
                for (position, index) in chosen.enumerated() {
                    let count = counts.count == 1 ? counts[0]! : counts[position]!
                    guard count <= prunable[index]! else { throw UsageError("--keep-units \(count) is more than the \(prunable[index]!) units of layer \(index)") }
                    keep[index] = count
                }
            case (nil, _?):
                let fraction = try sparsity()
                for index in chosen { keep[index] = max(1, Int((Double(prunable[index]!) * (1 - fraction)).rounded())) }
            default:
                throw UsageError("--method structured needs exactly one of --keep-units or --sparsity")
            }
            return .structured(keep: keep, norm: norm)
        default:
            let dense = LowRankFactorization.denseLayers(of: architecture)
            let chosen = try layers(default: Array(dense.dropLast()), allowed: Set(dense))
            guard !chosen.isEmpty else { throw UsageError("'\(architecture)' has no hidden dense layer to factor; name one with --layers") }
            switch (parsed.value("--rank"), parsed.value("--energy")) {
            case (_?, nil):
                let rank = try parsed.integer("--rank", default: 1, in: 1...1_000_000)
                let layersByName = Dictionary(uniqueKeysWithValues: network.layers.compactMap { $0 as? Dense }.map { ($0.weight.name, $0) })
                for index in chosen {
                    let last = layersByName["layer\(index).weight"]!
                    let inputs = (layersByName["layer\(index).projection.weight"] ?? last).inputCount
                    guard rank <= min(inputs, last.outputCount) else {
                        throw UsageError("--rank \(rank) is larger than layer \(index) (\(inputs)→\(last.outputCount), at most \(min(inputs, last.outputCount)))")
                    }
                }
                return .lowRank(layers: chosen, choice: .rank(rank))
            case (nil, _?):
                let energy = try parsed.number("--energy", default: 1, in: 0...1)
                guard energy > 0 else { throw UsageError("--energy must be in (0, 1]") }
                return .lowRank(layers: chosen, choice: .energy(energy))
            default:
                throw UsageError("--method low-rank needs exactly one of --rank or --energy")
            }
        }
    }
}
