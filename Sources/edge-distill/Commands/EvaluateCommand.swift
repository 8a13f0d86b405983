import Distiller
import Foundation

/// `edge-distill evaluate CHECKPOINT [options]`: accuracy of a trained network on a dataset split.
enum EvaluateCommand {
    static let usage = """
        usage: edge-distill evaluate CHECKPOINT [--arch ARCH] [--dataset mnist|wall-following-robot] [--data-dir DIR]
                                   [--split test|train] [--limit N] [--save-logits FILE.npy] [--raise-bias CLASS:VALUE]
          Prints the accuracy, the error count and per-class accuracy and errors on stdout. --arch checks
          that the checkpoint holds that architecture. --save-logits writes the logits as a float32 .npy
          file (for example the training split's, for distill --teacher-logits). --raise-bias adds VALUE
          to the output bias of CLASS first (Hinton et al.'s correction after distilling without a class).
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(
            arguments, options: ["--arch", "--dataset", "--data-dir", "--split", "--limit", "--save-logits", "--raise-bias"], usage: usage)
        let path = try parsed.onlyPositional("checkpoint file")
        guard FileManager.default.fileExists(atPath: path) else { throw UsageError("checkpoint \(path) not found") }
        let checkpoint = try Checkpoint.load(from: URL(fileURLWithPath: path))
        if let requested = parsed.value("--arch"), requested != checkpoint.architecture {
            throw CheckpointError.architectureMismatch(path: path, checkpoint: checkpoint.architecture, requested: requested)
        }
        let splitName = parsed.value("--split") ?? "test"
        guard ["test", "train"].contains(splitName) else { throw UsageError("unknown --split '\(splitName)' (known: test, train)") }
        var data = try TrainingFlags.loadSplit(
            parsed.value("--dataset") ?? "mnist", train: splitName == "train", dataDirectory: parsed.value("--data-dir"),
            limit: try parsed.integer("--limit", default: Int.max, in: 1...Int.max))
        let network = try DistillCommand.loadNetwork(path, expectedInputs: data.inputs.itemSize, classes: data.classCount)
        let architecture = try Architecture(checkpoint.architecture)
        if architecture.inputShape.count == 3 { data.inputs = data.inputs.reshaped(to: [data.count] + architecture.inputShape) }
        printError("evaluating \(checkpoint.architecture) (epoch \(checkpoint.epoch)) on \(data.count) \(splitName) examples")
        var logits = network.predict(data.inputs)
        if let text = parsed.value("--raise-bias") {
            let parts = text.split(separator: ":").map(String.init)
            guard parts.count == 2, let label = Int(parts[0]), (0..<data.classCount).contains(label), let offset = Float(parts[1]) else {
                throw UsageError("--raise-bias takes CLASS:VALUE with a class in 0..<\(data.classCount), such as 3:3.5; got '\(text)'")
            }
            for example in 0..<data.count { logits.scalars[example * data.classCount + label] += offset }
            printError("raised the output bias of class \(label) by \(offset)")
        }
        if let output = parsed.value("--save-logits") {
            try TeacherLogitsFile.save(logits, to: URL(fileURLWithPath: output))
            printError("wrote \(logits.shape) logits to \(output)")
        }
        let confusion = Evaluation.confusion(logits: logits, labels: data.labels, classCount: data.classCount)
        print(String(format: "%@ %@ accuracy %.2f%% (%d examples)", checkpoint.architecture, splitName,
                     100 * Evaluation.accuracy(logits: logits, labels: data.labels), data.count))
        let perClass = confusion.enumerated().map { label, row in
            String(format: "%d:%.1f%%", label, 100 * Double(row[label]) / Double(max(row.reduce(0, +), 1)))
        }
        print("per class: " + perClass.joined(separator: " "))
        let errors = confusion.enumerated().map { label, row in row.reduce(0, +) - row[label] }
        print("errors \(errors.reduce(0, +)) of \(data.count); per class: " + errors.enumerated().map { "\($0):\($1)" }.joined(separator: " "))
    }
}
