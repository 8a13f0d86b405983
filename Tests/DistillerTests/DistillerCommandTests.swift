import Foundation
import Testing
import TestSupport
@testable import Distiller

/// Runs `edge-distill train / distill / evaluate` end to end on a tiny synthetic MNIST folder.
@Suite("edge-distill train, distill, evaluate")
struct DistillerCommandTests {
    /// A data directory with `mnist/` holding 96 training and 32 test images (raw IDX files).
    func syntheticData() throws -> URL {
        let root = try CommandRunner.temporaryFolder()
        let folder = root.appendingPathComponent("mnist")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var generator = SeededRandomNumberGenerator(seed: 1)
        for (prefix, count) in [("train", 96), ("t10k", 32)] {
            var pixels = [UInt8](repeating: 0, count: count * 784)
            var labels: [UInt8] = []
            for item in 0..<count {
                let label = item % 10
                labels.append(UInt8(label))
                for column in 0..<28 { pixels[item * 784 + (2 + 2 * label) * 28 + column] = UInt8(200 + generator.next() % 56) }
            }
            try Data(IDXFile(shape: [count, 28, 28], bytes: pixels).serialized()).write(to: folder.appendingPathComponent("\(prefix)-images-idx3-ubyte"))
            try Data(IDXFile(shape: [count], bytes: labels).serialized()).write(to: folder.appendingPathComponent("\(prefix)-labels-idx1-ubyte"))
        }
        return root
    }

    @Test("bad flags, unknown architectures, a missing dataset and a wrong checkpoint each give one line and a non-zero exit")
    func errors() throws {
        let data = try syntheticData()
        defer { try? FileManager.default.removeItem(at: data) }
        let cases: [([String], String)] = [
            (["train", "--arch", "mlp:784-10", "--learning-rat", "0.1"], "unknown option '--learning-rat'"),
            (["train", "--arch", "transformer:12"], "unknown kind 'transformer'"),
            (["train", "--arch", "mlp:784-10", "--data-dir", data.appendingPathComponent("nowhere").path], "not found"),
            (["train", "--arch", "mlp:784-10", "--dataset", "imagenet"], "unknown dataset 'imagenet'"),
            (["distill", "--arch", "mlp:784-10"], "exactly one of --teacher or --teacher-logits"),
            (["evaluate", data.appendingPathComponent("missing.ckpt").path], "not found"),
        ]
        for (arguments, message) in cases {
            let result = try CommandRunner.run(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.error.contains(message), "\(arguments): \(result.error)")
            #expect(result.error.split(separator: "\n").filter { $0.hasPrefix("edge-distill") }.count == 1)
        }
    }

    @Test("train writes checkpoint and curves, resume continues, distill and evaluate use the checkpoint")
    func endToEnd() throws {
        let data = try syntheticData()
        defer { try? FileManager.default.removeItem(at: data) }
        let checkpoint = data.appendingPathComponent("teacher.ckpt").path
        let common = ["--arch", "mlp:784-32-10", "--data-dir", data.path, "--batch-size", "16", "--checkpoint", checkpoint, "--seed", "3"]
        let first = try CommandRunner.run(["train"] + common + ["--epochs", "2", "--curves", data.appendingPathComponent("c.svg").path])
        #expect(first.status == 0, "\(first.error)")
        #expect(first.error.split(separator: "\n").filter { $0.hasPrefix("epoch ") }.count == 2)
        #expect(first.output.contains("test accuracy"))
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("c.svg").path))

        let resumed = try CommandRunner.run(["train"] + common + ["--epochs", "4", "--resume"])
        #expect(resumed.status == 0, "\(resumed.error)")
        #expect(resumed.error.contains("resuming teacher.ckpt after epoch 2"))
        #expect(resumed.error.contains("epoch 3/4") && !resumed.error.contains("epoch 1/4"))
        #expect(try Checkpoint.load(from: URL(fileURLWithPath: checkpoint)).epoch == 4)

        let evaluation = try CommandRunner.run(["evaluate", checkpoint, "--data-dir", data.path])
        #expect(evaluation.status == 0 && evaluation.output.contains("test accuracy"), "\(evaluation.error)")
        let mismatch = try CommandRunner.run(["evaluate", checkpoint, "--data-dir", data.path, "--arch", "mlp:784-64-10"])
        #expect(mismatch.status != 0 && mismatch.error.contains("holds a network of architecture 'mlp:784-32-10'"))

        let logits = data.appendingPathComponent("logits.npy").path
        #expect(try CommandRunner.run(["evaluate", checkpoint, "--data-dir", data.path, "--split", "train", "--save-logits", logits]).status == 0)
        let student = data.appendingPathComponent("student.ckpt").path
        for teacherFlags in [["--teacher", checkpoint], ["--teacher-logits", logits]] {
            let distilled = try CommandRunner.run(
                ["distill", "--arch", "mlp:784-8-10", "--data-dir", data.path, "--epochs", "2", "--batch-size", "16",
                 "--checkpoint", student, "--temperature", "3", "--omit-classes", "3"] + teacherFlags)
            #expect(distilled.status == 0, "\(distilled.error)")
            #expect(distilled.error.contains("transfer set: 86 examples, classes [3] omitted"), "\(distilled.error)")
        }
        let wrongTeacher = try CommandRunner.run(["distill", "--arch", "mlp:784-8-10", "--data-dir", data.path, "--teacher-logits", logits, "--train-limit", "50"])
        #expect(wrongTeacher.status != 0 && wrongTeacher.error.contains("expected [50, 10]"), "\(wrongTeacher.error)")
    }
}
