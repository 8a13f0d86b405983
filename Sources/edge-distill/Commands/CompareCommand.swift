import Distiller
import EdgeModel
import Foundation

/// `edge-distill compare STUDENT.ckpt STUDENT.edm --data NAME`: where an int8 model loses accuracy, layer by layer.
enum CompareCommand {
    static let usage = """
        usage: edge-distill compare STUDENT.ckpt STUDENT.edm [--data \(TrainingFlags.datasetChoices)] [--data-dir DIR]
                                    [--limit N] [--equalize-channels [--calibration-samples N]] [--json] [--report OUT.html]
          Runs the float checkpoint and the int8 model made from it (by `quantize`) side by side over
          the first N test examples (--limit, default 1000) and prints per layer the
          signal-to-quantization-noise ratio of the runtime's output against the float network's,
          the largest error and the share of saturated values; then the float network with every
          activation rounded to the model's int8 grid (weights float), and with each layer left
          unrounded in turn: the layer whose rounding costs most accuracy is the one to quantize
          with more care. --json prints the same as one JSON object; --report writes an HTML page.
          A model quantized with --equalize-channels holds rescaled channels: pass the same flag (and
          --calibration-samples, default 1000, as quantize had it) so the float network is rescaled
          alike. A model fine-tuned by --qat-epochs no longer matches its checkpoint.
          --data NAME            \(TrainingFlags.datasetHelp)
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(
            arguments, options: ["--data", "--data-dir", "--limit", "--report", "--calibration-samples"], flags: ["--json", "--equalize-channels"], usage: usage)
        guard parsed.positional.count == 2, !parsed.positional[0].hasSuffix(".edm"),
              parsed.positional[1].hasSuffix(".edm") else {
            throw UsageError("give the float checkpoint and the int8 .edm made from it, in that order (got \(parsed.positional.count) paths)")
        }
        let (checkpointPath, modelPath) = (parsed.positional[0], parsed.positional[1])
        let limit = try parsed.integer("--limit", default: 1000, in: 1...Int.max)
        let datasetName = parsed.value("--data") ?? "mnist"
        var files = FilePaths()
        files.input(checkpointPath, "checkpoint")
        files.input(modelPath, "model")
        files.output(parsed.value("--report"), "--report")
        try files.check()
        let test = try TrainingFlags.loadSplit(datasetName, train: false, dataDirectory: parsed.value("--data-dir"), limit: limit)
        let checkpoint = try Checkpoint.load(from: URL(fileURLWithPath: checkpointPath))
        var (network, architecture) = try DistillCommand.network(
            from: checkpoint, path: checkpointPath, expectedInputs: test.inputs.itemSize, classes: test.classCount)
        let samples = try parsed.integer("--calibration-samples", default: 1000, in: 1...Int.max)
        if parsed.flag("--equalize-channels") {
            let train = try TrainingFlags.loadSplit(datasetName, train: true, dataDirectory: parsed.value("--data-dir"), limit: samples)
            network = try network.equalizingChannelRanges(inputShape: architecture.inputShape, calibrationInputs: train.inputs)
        } else if parsed.value("--calibration-samples") != nil {
            throw UsageError("--calibration-samples goes with --equalize-channels (the samples quantize equalized the channels on)")
        }
        let model = try LoadedModel(contentsOf: URL(fileURLWithPath: modelPath))
        printError("comparing \(checkpoint.architecture) with \(URL(fileURLWithPath: modelPath).lastPathComponent) on \(test.count) test examples")
        let comparison: LayerComparison
        do {
            comparison = try LayerComparison(
                network: network, inputShape: architecture.inputShape, model: model, inputs: test.inputs, labels: test.labels)
        } catch { throw UsageError("\(modelPath) with \(checkpointPath): \(error.description)") }
        if let report = parsed.value("--report") {
            try writeAtomically(Data(comparison.html.utf8), to: URL(fileURLWithPath: report))
        }
        if parsed.flag("--json") {
            struct Report: Encodable {
                let examples: Int, floatAccuracy: Double, int8Accuracy: Double, roundedActivationsAccuracy: Double
                let layers: [LayerComparison.Layer], layerToQuantizeWithCare: String?
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            let report = Report(
                examples: comparison.examples, floatAccuracy: comparison.floatAccuracy, int8Accuracy: comparison.int8Accuracy,
                roundedActivationsAccuracy: comparison.roundedActivationsAccuracy, layers: comparison.layers,
                layerToQuantizeWithCare: comparison.layerToQuantizeWithCare.map { comparison.layers[$0].tensor })
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(comparison.text)
        }
    }
}
