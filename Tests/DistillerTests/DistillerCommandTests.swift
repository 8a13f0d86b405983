import Foundation
import Testing
import TestSupport
@testable import Distiller

/// Runs `edge-distill train / distill / evaluate` end to end on a tiny synthetic MNIST folder.
@Suite("edge-distill train, distill, evaluate")
struct DistillerCommandTests {
    /// A data directory with `mnist/` holding 96 training and 32 test images (raw IDX files).
    func syntheticData() throws -> URL { try SyntheticDigits.makeDataDirectory() }

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
            (["train", "--arch", "mlp:784-10", "--epochs", "3", "--average-from", "4"], "--average-from must be an integer in 1...3"),
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

        let resumed = try CommandRunner.run(["train"] + common + ["--epochs", "4", "--resume", "--average-from", "3"])
        #expect(resumed.status == 0, "\(resumed.error)")
        #expect(resumed.error.contains("resuming teacher.ckpt after epoch 2"))
        #expect(resumed.error.contains("epoch 3/4") && !resumed.error.contains("epoch 1/4"))
        #expect(resumed.error.contains("average of 2 epochs"))
        let saved = try Checkpoint.load(from: URL(fileURLWithPath: checkpoint))
        #expect(saved.epoch == 4 && saved.averagedEpochs == 2 && saved.tensors != saved.trainingTensors)

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

    @Test("FitNets from the command line: a hint stage, then distillation; bad hints are one-line errors")
    func hintsThenDistillation() throws {
        let data = try syntheticData()
        defer { try? FileManager.default.removeItem(at: data) }
        let teacher = data.appendingPathComponent("teacher.ckpt").path
        let trained = try CommandRunner.run(["train", "--arch", "mlp:784-24-16-10", "--data-dir", data.path, "--epochs", "1", "--batch-size", "16", "--checkpoint", teacher])
        #expect(trained.status == 0, "\(trained.error)")
        let student = data.appendingPathComponent("student.ckpt").path
        let common = ["distill", "--arch", "mlp:784-8-8-10", "--data-dir", data.path, "--teacher", teacher, "--epochs", "1", "--batch-size", "16", "--checkpoint", student]
        let hinted = try CommandRunner.run(common + ["--hint", "1:2", "--hint-epochs", "2"])
        #expect(hinted.status == 0, "\(hinted.error)")
        #expect(hinted.error.contains("hint stage: student layers 0..<2 [8] → regressor → teacher layers 0..<4 [16], 2 epochs"), "\(hinted.error)")
        #expect(hinted.error.split(separator: "\n").filter { $0.hasPrefix("hint epoch ") }.count == 2)
        #expect(hinted.error.contains("epoch 1/1"), "stage two, distillation, follows")
        let resumed = try CommandRunner.run(common + ["--hint", "1:2", "--resume"])
        #expect(resumed.status == 0 && resumed.error.contains("skipping it"), "\(resumed.error)")
        for (hint, message) in [("3:1", "the student has 2 hidden activations"), ("1-2", "--hint takes S:T"), ("1:5", "the teacher has 2")] {
            let failed = try CommandRunner.run(common + ["--hint", hint])
            #expect(failed.status != 0 && failed.error.contains(message), "\(hint): \(failed.error)")
        }
    }

    @Test("evaluate counts errors per class, and raising a class's output bias moves predictions to it")
    func evaluateRaisesBias() throws {
        let data = try syntheticData()
        defer { try? FileManager.default.removeItem(at: data) }
        let checkpoint = data.appendingPathComponent("model.ckpt").path
        #expect(try CommandRunner.run(["train", "--arch", "mlp:784-16-10", "--data-dir", data.path, "--epochs", "1", "--checkpoint", checkpoint]).status == 0)
        func perClassErrors(_ extra: [String]) throws -> [Int] {
            let result = try CommandRunner.run(["evaluate", checkpoint, "--data-dir", data.path] + extra)
            #expect(result.status == 0, "\(result.error)")
            let line = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("errors per class: ") })
            return line.split(separator: " ").dropFirst(3).map { Int($0.split(separator: ":")[1])! }
        }
        let plain = try perClassErrors([])
        let raised = try perClassErrors(["--raise-bias", "3:1000"])
        #expect(plain.count == 10)
        #expect(raised[3] == 0, "every example is now called a 3, so no 3 is missed")
        #expect(raised.reduce(0, +) == 29, "the 29 test images that are not 3s (labels cycle 0…9 over 32) all become errors")
        let bad = try CommandRunner.run(["evaluate", checkpoint, "--data-dir", data.path, "--raise-bias", "12:1"])
        #expect(bad.status == 2 && bad.error.contains("--raise-bias takes CLASS:VALUE"))
    }

    @Test("evaluate A,B evaluates an ensemble: the mean of the members' logits; a model in the list is an error")
    func evaluateEnsemble() throws {
        let data = try syntheticData()
        defer { try? FileManager.default.removeItem(at: data) }
        var members: [String] = [], logits: [Tensor] = []
        for (index, architecture) in ["mlp:784-16-10", "cnn:28x28x1-c4k3s2-gap-10"].enumerated() {
            let checkpoint = data.appendingPathComponent("member\(index).ckpt").path
            let trained = try CommandRunner.run(["train", "--arch", architecture, "--data-dir", data.path, "--epochs", "1", "--checkpoint", checkpoint, "--seed", "\(index + 1)"])
            #expect(trained.status == 0, "\(trained.error)")
            let saved = data.appendingPathComponent("member\(index).npy")
            #expect(try CommandRunner.run(["evaluate", checkpoint, "--data-dir", data.path, "--save-logits", saved.path]).status == 0)
            members.append(checkpoint)
            logits.append(try TeacherLogitsFile.load(from: saved, exampleCount: 32, classCount: 10))
        }
        let saved = data.appendingPathComponent("ensemble.npy")
        let ensemble = try CommandRunner.run(["evaluate", members.joined(separator: ","), "--data-dir", data.path, "--save-logits", saved.path])
        #expect(ensemble.status == 0, "\(ensemble.error)")
        #expect(ensemble.output.hasPrefix("ensemble of 2 (mean logits) test accuracy"), "\(ensemble.output)")
        let mean = try TeacherLogitsFile.load(from: saved, exampleCount: 32, classCount: 10)
        let largest = zip(mean.scalars, zip(logits[0].scalars, logits[1].scalars)).map { abs($0 - ($1.0 + $1.1) / 2) }.max() ?? 1
        #expect(largest < 1e-5, "the ensemble's logits are the members' mean (off by \(largest))")
        let mixed = try CommandRunner.run(["evaluate", members[0] + ",model.edm", "--data-dir", data.path])
        #expect(mixed.status == 2 && mixed.error.contains("model.edm is a model"), "\(mixed.error)")
        let missing = try CommandRunner.run(["evaluate", members[0] + ",nowhere.ckpt", "--data-dir", data.path])
        #expect(missing.status == 2 && missing.error.contains("checkpoint nowhere.ckpt not found"), "\(missing.error)")
    }
}
