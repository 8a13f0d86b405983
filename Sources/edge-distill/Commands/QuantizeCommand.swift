import Distiller
import EdgeModel
import Foundation

/// `edge-distill quantize CHECKPOINT -o MODEL.edm [options]`: post-training int8 quantization.
enum QuantizeCommand {
    static let usage = """
        usage: edge-distill quantize CHECKPOINT -o MODEL.edm [--calibration minmax|percentile[:99.99]|mse]
                                     [--calibration-samples N] [--dataset mnist|wall-following-robot] [--data-dir DIR]
          Folds batch norm, calibrates activation ranges on the first N training examples (default 1000)
          and writes an int8 model: per-channel weights for convolutions, per-tensor for dense layers,
          int8 input (quantize images with its scale and zero point) and int8 logits.
          Measure it with: edge-distill evaluate MODEL.edm
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(
            arguments, options: ["-o", "--output", "--calibration", "--calibration-samples", "--dataset", "--data-dir"], usage: usage)
        let checkpointPath = try parsed.onlyPositional("checkpoint file")
        guard let outputPath = parsed.value("-o") ?? parsed.value("--output") else { throw UsageError("missing -o MODEL.edm") }
        let calibration = try RangeCalibration(parsing: parsed.value("--calibration") ?? "minmax")
        let samples = try parsed.integer("--calibration-samples", default: 1000, in: 1...Int.max)
        guard FileManager.default.fileExists(atPath: checkpointPath) else { throw UsageError("checkpoint \(checkpointPath) not found") }
        let checkpoint = try Checkpoint.load(from: URL(fileURLWithPath: checkpointPath))
        let architecture: Architecture
        do { architecture = try Architecture(checkpoint.architecture) } catch { throw UsageError("\(checkpointPath): \(error.description)") }
        let data = try TrainingFlags.loadSplit(
            parsed.value("--dataset") ?? "mnist", train: true, dataDirectory: parsed.value("--data-dir"), limit: samples)
        let network = try DistillCommand.loadNetwork(checkpointPath, expectedInputs: data.inputs.itemSize, classes: data.classCount)
        printError("calibrating \(checkpoint.architecture) on \(data.count) training examples (\(calibration))")
        let graph = try PostTrainingQuantizer(calibration: calibration).quantize(
            network, inputShape: architecture.inputShape, calibrationInputs: data.inputs,
            name: URL(fileURLWithPath: outputPath).deletingPathExtension().lastPathComponent)
        let bytes = try ModelWriter().write(graph)
        let loaded = try LoadedModel(bytes: bytes)
        try writeAtomically(Data(bytes), to: URL(fileURLWithPath: outputPath))
        print("wrote \(outputPath): \(graph.operators.count) operators, \(bytes.count) bytes, arena \(loaded.model.arenaBytes) bytes")
    }
}
