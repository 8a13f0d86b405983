import Distiller
import EdgeModel
import Foundation

/// `edge-distill quantize CHECKPOINT -o MODEL.edm [options]`: post-training int8 quantization.
enum QuantizeCommand {
    static let usage = """
        usage: edge-distill quantize CHECKPOINT -o MODEL.edm [--calibration minmax|percentile[:99.99]|mse]
                                     [--calibration-samples N] [--dense-weights per-tensor|per-channel]
                                     [--equalize-channels] [--softmax] [--data \(TrainingFlags.datasetChoices)] [--data-dir DIR]
                                     [--qat-epochs N [--teacher T.ckpt] [--temperature T] [--alpha A]
                                      [--learning-rate X] [--schedule S] [--batch-size N] [--jitter N] [--seed N]]
          Folds batch norm, calibrates activation ranges on the first N training examples (default 1000)
          and writes an int8 model: per-channel weights for convolutions, per-tensor for dense layers,
          int8 input (quantize images with its scale and zero point) and int8 logits.
          --dense-weights per-channel gives dense layers one weight scale per unit too (default
          per-tensor, the TFLite converter's choice): small rows stay precise beside large ones.
          --equalize-channels rescales each layer's output channels to the same calibrated range and
          the next layer's weights by the inverse (exact through ReLU and pooling), so a channel with
          small values is not left a few of its activation's 256 steps.
          --softmax ends the model with an int8 softmax: it outputs class probabilities in steps
          of 1/256 (what `listen` smooths) instead of logits.
          --qat-epochs N fine-tunes first for N epochs on the whole training split with weights and
          activations fake-quantized (straight-through gradients; ranges fixed by the calibration),
          with Adam (--learning-rate, default 0.0001; --schedule as for train, default constant)
          on the distillation loss from --teacher
          (α·T²·KL + (1−α)·CE, --temperature default 4, --alpha default 0.9), or on the labels alone;
          --jitter N shifts its images by up to ±N pixels as `train --jitter` does (default 0).
          --data NAME            \(TrainingFlags.datasetHelp)
          Measure the result with: edge-distill evaluate MODEL.edm
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(
            arguments,
            options: ["-o", "--output", "--calibration", "--calibration-samples", "--dense-weights", "--data", "--data-dir", "--qat-epochs", "--teacher",
                      "--temperature", "--alpha", "--learning-rate", "--schedule", "--batch-size", "--jitter", "--seed"],
            flags: ["--equalize-channels", "--softmax"], usage: usage)
        let checkpointPath = try parsed.onlyPositional("checkpoint file")
        guard let outputPath = parsed.value("-o") ?? parsed.value("--output") else { throw UsageError("missing -o MODEL.edm") }
        let calibration: RangeCalibration
        do { calibration = try RangeCalibration(parsing: parsed.value("--calibration") ?? "minmax") } catch { throw UsageError(error.description) }
        let denseText = parsed.value("--dense-weights") ?? DenseWeightScales.perTensor.rawValue
        guard let denseWeights = DenseWeightScales(rawValue: denseText) else {
            throw UsageError("unknown --dense-weights '\(denseText)' (known: \(DenseWeightScales.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let samples = try parsed.integer("--calibration-samples", default: 1000, in: 1...Int.max)
        let fineTuningEpochs = try parsed.integer("--qat-epochs", default: 0, in: 0...10_000)
        if fineTuningEpochs == 0, let flag = ["--teacher", "--temperature", "--alpha", "--learning-rate", "--schedule", "--batch-size", "--jitter", "--seed"].first(where: { parsed.value($0) != nil }) {
            throw UsageError("\(flag) applies to quantization-aware fine-tuning; add --qat-epochs N")
        }
        let learningRate = Float(try parsed.number("--learning-rate", default: 0.0001, in: 1e-9...10))
        let schedule = try TrainingFlags.schedule(parsed.value("--schedule") ?? "constant", initial: learningRate, epochs: max(1, fineTuningEpochs))
        var files = FilePaths()
        files.input(checkpointPath, "checkpoint")
        files.input(parsed.value("--teacher"), "teacher checkpoint")
        files.output(outputPath, "output")
        try files.check()
        let checkpoint = try Checkpoint.load(from: URL(fileURLWithPath: checkpointPath))
        let architecture: Architecture
        do { architecture = try Architecture(checkpoint.architecture) } catch { throw UsageError("\(checkpointPath): \(error.description)") }
        let train = try TrainingFlags.loadSplit(
            parsed.value("--data") ?? "mnist", train: true, dataDirectory: parsed.value("--data-dir"),
            limit: fineTuningEpochs > 0 ? Int.max : samples)
        let data = train.count > samples ? train.slice(0..<samples) : train
        var network = try DistillCommand.loadNetwork(checkpointPath, expectedInputs: data.inputs.itemSize, classes: data.classCount)
        if parsed.flag("--equalize-channels") {
            network = try network.equalizingChannelRanges(inputShape: architecture.inputShape, calibrationInputs: data.inputs)
        }
        printError("calibrating \(checkpoint.architecture) on \(data.count) training examples (\(calibration))")
        if fineTuningEpochs > 0 {
            let aware = try QuantizationAwareTraining(
                network, inputShape: architecture.inputShape, calibrationInputs: data.inputs, calibration: calibration,
                denseWeights: denseWeights)
            try fineTune(aware.trainingNetwork, architecture: architecture, on: train, epochs: fineTuningEpochs, schedule: schedule, parsed: parsed)
            network = aware.inferenceNetwork
        }
        let graph = try PostTrainingQuantizer(calibration: calibration, denseWeights: denseWeights, endsWithSoftmax: parsed.flag("--softmax")).quantize(
            network, inputShape: architecture.inputShape, calibrationInputs: data.inputs,
            name: URL(fileURLWithPath: outputPath).deletingPathExtension().lastPathComponent)
        let bytes = try ModelWriter().write(graph)
        let loaded = try LoadedModel(bytes: bytes)
        try writeAtomically(Data(bytes), to: URL(fileURLWithPath: outputPath))
        print("wrote \(outputPath): \(graph.operators.count) operators, \(bytes.count) bytes, arena \(loaded.model.arenaBytes) bytes")
    }

    /// Quantization-aware fine-tuning on the whole training split, distilled from `--teacher` when given.
    static func fineTune(
        _ network: Sequential, architecture: Architecture, on train: Dataset, epochs: Int, schedule: LearningRateSchedule, parsed: Arguments
    ) throws {
        var options = TrainingOptions()
        options.epochs = epochs
        options.batchSize = try parsed.integer("--batch-size", default: 128, in: 1...100_000)
        options.schedule = schedule
        options.seed = UInt64(try parsed.integer("--seed", default: 1))
        options.jitter = try parsed.integer("--jitter", default: 0, in: 0...1_000)
        var examples = train
        examples.inputs = architecture.adapt(train.inputs) ?? train.inputs
        let trainer = Trainer(network: network, architecture: architecture.description, optimizer: Adam(), options: options)
        if let path = parsed.value("--teacher") {
            let teacher = try DistillCommand.loadNetwork(path, expectedInputs: train.inputs.itemSize, classes: train.classCount)
            if examples.inputs.rank > 2, teacher.layers.first(where: { !($0 is Dropout) }) is Dense { teacher.layers.insert(Flatten(), at: 0) }
            let loss = DistillationLoss(
                temperature: Float(try parsed.number("--temperature", default: 4, in: 0.01...1000)),
                softWeight: Float(try parsed.number("--alpha", default: 0.9, in: 0...1)))
            printError("quantization-aware fine-tuning for \(epochs) epochs, distilled from \(path) (\(teacher.parameterCount) parameters)")
            try trainer.fit(examples, test: nil, objective: DistillationObjective(teacher: .networks([teacher]), mode: .softTargets(loss, combination: .averageLogits)))
        } else {
            printError("quantization-aware fine-tuning for \(epochs) epochs on the labels")
            try trainer.fit(examples, test: nil, objective: CrossEntropyObjective())
        }
    }
}
