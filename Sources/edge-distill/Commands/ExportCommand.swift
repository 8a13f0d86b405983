import Distiller
import EdgeModel
import Foundation

/// `edge-distill export MODEL.edm [options]`: a C header for firmware and a model card (Markdown + JSON),
/// or (`--tflite`) the model as a TensorFlow Lite file.
enum ExportCommand {
    static let usage = """
        usage: edge-distill export MODEL.edm [--checkpoint STUDENT.ckpt] [--teacher TEACHER.ckpt] [--recipe FILE]
                                   [--header FILE.h] [--card FILE.md] [--front-end FILE.edfe]
                                   [--data \(TrainingFlags.datasetChoices)] [--data-dir DIR]
               edge-distill export MODEL.edm --tflite OUT.tflite
          Writes a C header (aligned byte array, #defines of the model length, arena size and input
          quantization; default MODEL.h) and a model card as Markdown and JSON (default MODEL.md and
          MODEL.json). The card's accuracies are measured now on the whole test split: the int8 one by
          the runtime running MODEL.edm, the float ones with the student and teacher checkpoints.
          --recipe names a text file with the commands that rebuild the model; it is copied into the card.
          With spoken digits (--data fsdd…) it also writes the fixed-point speech front-end's tables
          for this model (default MODEL.edfe; what `listen` and a device read beside the model):
          the features standardised as in training, quantized to the model input's scale.
          --tflite OUT.tflite writes only the model, as an int8 TensorFlow Lite FlatBuffer that LiteRT
          and TFLM run (same tensors, quantization and operators; fused activations, paddings and the
          softmax beta recovered from the model's words). The file is imported again before it is
          written: TFLite's formulas must give back the model's own multipliers, shifts and clamps.
          --data NAME            \(TrainingFlags.datasetHelp)
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(
            arguments, options: ["--checkpoint", "--teacher", "--recipe", "--header", "--card", "--front-end", "--data", "--data-dir", "--tflite"],
            usage: usage)
        let modelPath = try parsed.onlyPositional("model file")
        if let tflitePath = parsed.value("--tflite") { return try exportTFLite(modelPath, to: tflitePath, parsed) }
        let modelURL = URL(fileURLWithPath: modelPath)
        let base = modelURL.deletingPathExtension()
        let headerURL = URL(fileURLWithPath: parsed.value("--header") ?? base.appendingPathExtension("h").path)
        let cardURL = URL(fileURLWithPath: parsed.value("--card") ?? base.appendingPathExtension("md").path)
        let jsonURL = cardURL.deletingPathExtension().appendingPathExtension("json")
        let datasetName = parsed.value("--data") ?? "mnist"
        let spokenDigits = TrainingFlags.spokenDigitsSplit(datasetName)
        guard spokenDigits != nil || parsed.value("--front-end") == nil else {
            throw UsageError("--front-end applies to keyword models trained on spoken digits (--data fsdd…)")
        }
        let frontEndURL = spokenDigits.map { _ in URL(fileURLWithPath: parsed.value("--front-end") ?? base.appendingPathExtension("edfe").path) }
        var files = FilePaths()
        files.input(modelPath, "model")
        files.input(parsed.value("--checkpoint"), "--checkpoint")
        files.input(parsed.value("--teacher"), "--teacher")
        files.input(parsed.value("--recipe"), "--recipe")
        files.output(headerURL.path, "header")
        files.output(cardURL.path, "card")
        files.output(jsonURL.path, "card JSON")
        files.output(frontEndURL?.path, "--front-end")
        try files.check()
        let bytes = [UInt8](try Data(contentsOf: modelURL))
        let loaded: LoadedModel
        do { loaded = try LoadedModel(bytes: bytes) } catch { throw ModelFileError.invalid(path: modelPath, reason: error) }
        let recipe = try parsed.value("--recipe").map { path in
            guard let text = String(data: try Data(contentsOf: URL(fileURLWithPath: path)), encoding: .utf8) else {
                throw UsageError("--recipe \(path) is not UTF-8 text")
            }
            return text
        }

        let test = try TrainingFlags.loadSplit(datasetName, train: false, dataDirectory: parsed.value("--data-dir"), limit: Int.max)
        printError("running \(modelURL.lastPathComponent) (int8 runtime) on \(test.count) test examples")
        let int8 = ClassificationResult(
            outputs: try RuntimeEvaluation(model: loaded).outputs(for: test.inputs), labels: test.labels, classCount: test.classCount)
        let student = try parsed.value("--checkpoint").map { try measure($0, on: test) }
        let teacher = try parsed.value("--teacher").map { try measure($0, on: test) }

        let summary = ModelSummary(loaded)
        let input = loaded.model.tensor(loaded.model.inputTensorIndex(0))
        let name = base.lastPathComponent
        let card = ModelCard(
            name: name, modelFile: modelURL.lastPathComponent, dataset: datasetName,
            parameters: summary.tensors.filter { $0.storage == "constant" }.reduce(0) { $0 + $1.shape.reduce(1, *) },
            multiplyAccumulates: summary.macs, weightBytes: summary.weightBytes, arenaBytes: summary.arenaBytes,
            modelBytes: bytes.count, int8: int8, float: student, teacher: teacher, recipe: recipe)
        let header = CHeader(
            name: name, modelBytes: bytes, arenaBytes: summary.arenaBytes, inputScale: input.scale, inputZeroPoint: input.zeroPoint)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var outputs = [(Data(header.text.utf8), headerURL), (try encoder.encode(card) + Data("\n".utf8), jsonURL), (Data(card.markdown.utf8), cardURL)]
        if let frontEndURL, let heldOutSpeaker = spokenDigits {
            let folder = DataDirectory(explicit: parsed.value("--data-dir")).dataset("fsdd")
            outputs.append((Data(try FreeSpokenDigits.frontEndFile(for: loaded.model, from: folder, heldOutSpeaker: heldOutSpeaker)), frontEndURL))
        }
        try writeAllAtomically(outputs)
        print("wrote \(headerURL.path), \(cardURL.path), \(jsonURL.path)\(frontEndURL.map { ", " + $0.path } ?? ""): int8 \(int8.errors) errors out of \(int8.examples)"
              + (student.map { ", float \($0.test.errors)" } ?? ""))
    }

    /// `--tflite OUT.tflite`: the model as a TFLite FlatBuffer, nothing else.
    static func exportTFLite(_ modelPath: String, to tflitePath: String, _ parsed: Arguments) throws {
        let others = ["--checkpoint", "--teacher", "--recipe", "--header", "--card", "--front-end", "--data", "--data-dir"].filter { parsed.value($0) != nil }
        guard others.isEmpty else {
            throw UsageError("--tflite writes the TFLite file only; \(others.joined(separator: ", ")) belong to the header and card export")
        }
        var files = FilePaths()
        files.input(modelPath, "model")
        files.output(tflitePath, "--tflite")
        try files.check()
        let modelBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: modelPath)))
        let loaded: LoadedModel
        do { loaded = try LoadedModel(bytes: modelBytes) } catch { throw ModelFileError.invalid(path: modelPath, reason: error) }
        let bytes = try TFLiteWriter.write(loaded)
        try writeAllAtomically([(Data(bytes), URL(fileURLWithPath: tflitePath))])
        print("wrote \(tflitePath): \(loaded.model.operatorCount) operators, \(bytes.count) bytes (TFLite schema 3, int8)")
    }

    /// Evaluates a float checkpoint on the test split.
    static func measure(_ path: String, on test: Dataset) throws -> ModelCard.Network {
        let checkpoint = try Checkpoint.load(from: URL(fileURLWithPath: path))
        let network = try DistillCommand.loadNetwork(path, expectedInputs: test.inputs.itemSize, classes: test.classCount)
        let architecture = try Architecture(checkpoint.architecture)
        printError("evaluating \(checkpoint.architecture) on \(test.count) test examples")
        let inputs = architecture.adapt(test.inputs) ?? test.inputs
        return ModelCard.Network(
            checkpoint: URL(fileURLWithPath: path).lastPathComponent, architecture: checkpoint.architecture, parameters: network.parameterCount,
            test: ClassificationResult(outputs: network.predict(inputs), labels: test.labels, classCount: test.classCount))
    }
}
