import Distiller
import EdgeModel
import FirmwareSim
import Foundation

/// `edge-distill compare STUDENT.ckpt STUDENT.edm --data NAME`: where an int8 model loses accuracy,
/// layer by layer; with `--emulate DEVICE`, where a device's firmware stops matching the host.
enum CompareCommand {
    static let usage = """
        usage: edge-distill compare STUDENT.ckpt STUDENT.edm [--data \(TrainingFlags.datasetChoices)] [--data-dir DIR]
                                    [--limit N] [--equalize-channels [--calibration-samples N]] [--json] [--report OUT.html]
               edge-distill compare [STUDENT.ckpt] STUDENT.edm --emulate DEVICE [--rows N] [--data NAME] [--sources DIR] [--json]
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
          --emulate DEVICE builds the model's firmware for the device's core (a Cortex-M or Cortex-A
          profile, as simulate --emulate), runs the first --rows test examples (default 2) under QEMU
          and compares every operator's outputs with the host runtime's: the first operator that
          differs is where the device's kernels go wrong. The checkpoint is then optional.
          --data NAME            \(TrainingFlags.datasetHelp)
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(
            arguments, options: ["--data", "--data-dir", "--limit", "--report", "--calibration-samples", "--emulate", "--rows", "--sources"],
            flags: ["--json", "--equalize-channels"], usage: usage)
        let device = parsed.value("--emulate")
        let paths = parsed.positional
        guard paths.last?.hasSuffix(".edm") == true, paths.count == 2 && !paths[0].hasSuffix(".edm") || paths.count == 1 && device != nil else {
            throw UsageError("give the float checkpoint and the int8 .edm made from it, in that order (with --emulate DEVICE the .edm alone will do; got \(paths.count) paths)")
        }
        if device == nil, let flag = ["--rows", "--sources"].first(where: { parsed.value($0) != nil }) { throw UsageError("\(flag) goes with --emulate DEVICE") }
        let modelPath = paths.last!
        let checkpointPath = paths.count == 2 ? paths[0] : nil
        let datasetName = parsed.value("--data") ?? "mnist"
        var files = FilePaths()
        files.input(checkpointPath, "checkpoint")
        files.input(modelPath, "model")
        files.output(parsed.value("--report"), "--report")
        try files.check()
        let model = try LoadedModel(contentsOf: URL(fileURLWithPath: modelPath))
        if let device {
            try compareOnDevice(model, modelPath: modelPath, device: device, datasetName: datasetName, parsed: parsed)
            if checkpointPath == nil { return }
        }
        guard let checkpointPath else { return }
        let limit = try parsed.integer("--limit", default: 1000, in: 1...Int.max)
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
            let report = Report(
                examples: comparison.examples, floatAccuracy: comparison.floatAccuracy, int8Accuracy: comparison.int8Accuracy,
                roundedActivationsAccuracy: comparison.roundedActivationsAccuracy, layers: comparison.layers,
                layerToQuantizeWithCare: comparison.layerToQuantizeWithCare.map { comparison.layers[$0].tensor })
            print(try json(report))
        } else {
            print(comparison.text)
        }
    }

    /// `--emulate DEVICE`: the host and the device's firmware, operator by operator, on the first test examples.
    static func compareOnDevice(_ model: LoadedModel, modelPath: String, device name: String, datasetName: String, parsed: Arguments) throws {
        let catalog = try DeviceCatalog.locate(explicit: nil)
        let device = try catalog.device(named: name)
        guard let target = FirmwareTarget(processor: device.processor) else {
            throw UsageError("--emulate runs Cortex-M4/M7/M33 and Cortex-A35/A53/A55/A72/A76 firmware; \(device.name) is a \(device.processor)")
        }
        let rows = try parsed.integer("--rows", default: 2, in: 1...100)
        let test = try TrainingFlags.loadSplit(datasetName, train: false, dataDirectory: parsed.value("--data-dir"), limit: rows)
        let input = model.model.tensor(model.model.inputTensorIndex(0))
        guard model.model.inputCount == 1, input.elementType == .int8, input.elementCount == test.inputs.itemSize else {
            throw UsageError("\(modelPath) does not take one int8 example of \(datasetName) (\(test.inputs.itemSize) values) as its input")
        }
        let grid = AffineQuantization(scale: input.scale, zeroPoint: Int32(input.zeroPoint))
        let inputs = test.inputs.scalars.map { UInt8(bitPattern: grid.quantize($0)) }
        printError("building \(URL(fileURLWithPath: modelPath).lastPathComponent) for \(device.name) (\(target.rawValue)) and running \(test.count) test examples under QEMU")
        let comparison = try DeviceLayerComparison(
            model: model, inputs: inputs, target: target, sources: FirmwareSources.locate(explicit: parsed.value("--sources")))
        if parsed.flag("--json") {
            struct Report: Encodable { let device: String, rows: Int, operators: [DeviceLayerComparison.Operator], firstDifferingOperator: Int? }
            print(try json(Report(device: device.name, rows: comparison.rows, operators: comparison.operators,
                                  firstDifferingOperator: comparison.firstDifferingOperator)))
            return
        }
        print("host (portable kernels) vs \(device.name) firmware under QEMU, \(comparison.rows) rows:")
        func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        for op in comparison.operators {
            print(String(format: "%4d  ", op.index) + pad(op.kind, 20) + "  " + pad(op.tensor, 28) + String(format: " %8d bytes  ", op.bytes)
                  + (op.differingBytes == 0 ? "bit-exact" : "\(op.differingBytes) differ, up to \(op.largestDifference) steps"))
        }
        print(comparison.firstDifferingOperator.map { "first difference: operator \($0) (\(comparison.operators[$0].kind))" }
              ?? "bit-exact on every operator")
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
