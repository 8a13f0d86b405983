import Distiller
import EdgeModel
import Foundation

/// `edge-distill evaluate CHECKPOINT|MODEL.edm [options]`: accuracy of a trained network, or of an
/// int8 model run by the runtime, on a dataset split.
enum EvaluateCommand {
    static let usage = """
        usage: edge-distill evaluate CHECKPOINT[,CHECKPOINT…]|MODEL.edm [--arch ARCH] [--data \(TrainingFlags.datasetChoices)]
                                   [--data-dir DIR] [--split test|train] [--test-limit N | --train-limit N]
                                   [--save-logits FILE.npy] [--json] [--raise-bias CLASS:VALUE]
          Prints errors, accuracy and per-class results on stdout (--json: one JSON object).
          A MODEL.edm is run by the int8 runtime, one example at a time, each quantized with the
          model input's scale and zero point. --arch checks that a checkpoint holds that architecture.
          Several comma-separated checkpoints are evaluated as an ensemble: the mean of their logits
          (what distill --teacher A,B learns from with --ensemble logits).
          --save-logits writes the logits (dequantized for a model) as a float32 .npy file
          (for example the training split's, for distill --teacher-logits). --raise-bias adds VALUE to
          the output logit (the bias) of CLASS first: Hinton et al.'s correction after distilling without a class.
          --data NAME            \(TrainingFlags.datasetHelp)
          --test-limit N         evaluate on the first N test examples (--split test, the default)
          --train-limit N        with --split train: the first N training examples, as train and distill
                                 use them (--limit N is the first N of either split)
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(
            arguments, options: ["--arch", "--data", "--data-dir", "--split", "--limit", "--test-limit", "--train-limit", "--save-logits", "--raise-bias"],
            flags: ["--json"], usage: usage)
        let path = try parsed.onlyPositional("checkpoint or model file")
        let paths = path.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let isModel = path.hasSuffix(".edm")
        if paths.count > 1, let model = paths.first(where: { $0.hasSuffix(".edm") }) {
            throw UsageError("an ensemble is evaluated from checkpoints; \(model) is a model")
        }
        let datasetName = parsed.value("--data") ?? "mnist"
        var files = FilePaths()
        for path in paths { files.input(path, isModel ? "model" : "checkpoint") }
        files.inputs(inFolder: DataDirectory(explicit: parsed.value("--data-dir")).dataset(TrainingFlags.folderName(datasetName)), "dataset file")
        files.output(parsed.value("--save-logits"), "--save-logits")
        try files.check()
        let splitName = parsed.value("--split") ?? "test"
        guard ["test", "train"].contains(splitName) else { throw UsageError("unknown --split '\(splitName)' (known: test, train)") }
        let bias = try parsed.value("--raise-bias").map(parseBias)
        let otherLimit = splitName == "train" ? "--test-limit" : "--train-limit"
        guard parsed.value(otherLimit) == nil else { throw UsageError("\(otherLimit) does not apply to --split \(splitName); use --\(splitName)-limit") }
        let limitFlag = parsed.value("--\(splitName)-limit") != nil ? "--\(splitName)-limit" : "--limit"
        let limit = try parsed.integer(limitFlag, default: Int.max, in: 1...Int.max)
        let loadData = {
            try TrainingFlags.loadSplit(datasetName, train: splitName == "train", dataDirectory: parsed.value("--data-dir"), limit: limit)
        }
        let name: String, data: Dataset
        var logits: Tensor
        if isModel {
            guard parsed.value("--arch") == nil else { throw UsageError("--arch checks checkpoints; \(path) is a model") }
            let model = try LoadedModel(contentsOf: URL(fileURLWithPath: path))
            data = try loadData()
            name = URL(fileURLWithPath: path).lastPathComponent
            printError("running \(name) (int8 runtime) on \(data.count) \(splitName) examples")
            logits = try RuntimeEvaluation(model: model).outputs(for: data.inputs)
        } else {
            let checkpoints = try paths.map { path in
                let checkpoint = try Checkpoint.load(from: URL(fileURLWithPath: path))
                if let requested = parsed.value("--arch"), requested != checkpoint.architecture {
                    throw CheckpointError.architectureMismatch(path: path, checkpoint: checkpoint.architecture, requested: requested)
                }
                return checkpoint
            }
            data = try loadData()
            var memberLogits: [Tensor] = []
            for (path, checkpoint) in zip(paths, checkpoints) {
                let (network, architecture) = try DistillCommand.network(from: checkpoint, path: path, expectedInputs: data.inputs.itemSize, classes: data.classCount)
                let inputs = architecture.inputShape.count == 3 ? data.inputs.reshaped(to: [data.count] + architecture.inputShape) : data.inputs
                printError("evaluating \(checkpoint.architecture) (epoch \(checkpoint.epoch)) on \(data.count) \(splitName) examples")
                memberLogits.append(network.predict(inputs))
            }
            name = checkpoints.count == 1 ? checkpoints[0].architecture : "ensemble of \(checkpoints.count) (mean logits)"
            logits = checkpoints.count == 1 ? memberLogits[0] : TeacherEnsemble.meanLogits(memberLogits)
        }
        guard logits.itemSize == data.classCount else {
            throw UsageError("\(path) gives \(logits.itemSize) outputs per example; the dataset has \(data.classCount) classes")
        }
        if let (label, offset) = bias {
            guard label < data.classCount else {
                throw UsageError("--raise-bias takes CLASS:VALUE with a class in 0..<\(data.classCount); got class \(label)")
            }
            for example in 0..<data.count { logits.scalars[example * data.classCount + label] += offset }
            printError("raised the output bias of class \(label) by \(offset)")
        }
        if let output = parsed.value("--save-logits") {
            try TeacherLogitsFile.save(logits, to: URL(fileURLWithPath: output))
            printError("wrote \(logits.shape) logits to \(output)")
        }
        let result = ClassificationResult(outputs: logits, labels: data.labels, classCount: data.classCount)
        if parsed.flag("--json") {
            let report = EvaluationReport(name: name, kind: isModel ? "int8" : "float", split: splitName, result: result)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        print(String(format: "%@ %@ accuracy %.2f%% (%d errors out of %d examples)", name, splitName,
                     100 * result.accuracy, result.errors, result.examples))
        let perClass = result.perClassErrors.enumerated().map { label, errors in
            String(format: "%d:%.1f%%", label, 100 * Double(result.perClassExamples[label] - errors) / Double(max(result.perClassExamples[label], 1)))
        }
        print("per class: " + perClass.joined(separator: " "))
        print("errors per class: " + result.perClassErrors.enumerated().map { "\($0):\($1)" }.joined(separator: " "))
    }

    /// `--raise-bias CLASS:VALUE`: a class number and a finite offset.
    static func parseBias(_ text: String) throws -> (label: Int, offset: Float) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, let label = Int(parts[0]), label >= 0, let offset = Float(parts[1]), offset.isFinite else {
            throw UsageError("--raise-bias takes CLASS:VALUE, a class number and a finite number such as 3:3.5; got '\(text)'")
        }
        return (label, offset)
    }

    /// The `--json` output.
    struct EvaluationReport: Encodable {
        let name: String
        let kind: String
        let split: String
        let result: ClassificationResult

        enum CodingKeys: String, CodingKey { case name, kind, split, examples, errors, accuracy, perClassErrors, perClassExamples }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(kind, forKey: .kind)
            try container.encode(split, forKey: .split)
            try container.encode(result.examples, forKey: .examples)
            try container.encode(result.errors, forKey: .errors)
            try container.encode(result.accuracy, forKey: .accuracy)
            try container.encode(result.perClassErrors, forKey: .perClassErrors)
            try container.encode(result.perClassExamples, forKey: .perClassExamples)
        }
    }
}
