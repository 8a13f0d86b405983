import Foundation
import Testing
import TestSupport
@testable import Distiller

/// Runs `edge-distill prune` end to end on the tiny synthetic MNIST folder of ``DistillerCommandTests``.
@Suite("edge-distill prune")
struct PruneCommandTests {
    /// A synthetic data folder with a trained teacher `teacher.ckpt` (784-32-10), a student
    /// `student.ckpt` (784-24-16-10) and the teacher's training logits `logits.npy`.
    func prepared() throws -> URL {
        let data = try DistillerCommandTests().syntheticData()
        let common = ["--data-dir", data.path, "--batch-size", "16", "--epochs", "2"]
        let teacher = try CommandRunner.run(["train", "--arch", "mlp:784-32-10", "--checkpoint", data.appendingPathComponent("teacher.ckpt").path] + common)
        let student = try CommandRunner.run(["train", "--arch", "mlp:784-24-16-10", "--checkpoint", data.appendingPathComponent("student.ckpt").path] + common)
        let logits = try CommandRunner.run(["evaluate", data.appendingPathComponent("teacher.ckpt").path, "--data-dir", data.path, "--split", "train",
                                            "--save-logits", data.appendingPathComponent("logits.npy").path])
        #expect(teacher.status == 0 && student.status == 0 && logits.status == 0, "\(teacher.error)\(student.error)\(logits.error)")
        return data
    }

    @Test("bad flags give one line, a non-zero exit and no output file")
    func errors() throws {
        let data = try prepared()
        defer { try? FileManager.default.removeItem(at: data) }
        let student = data.appendingPathComponent("student.ckpt").path
        let output = data.appendingPathComponent("out.ckpt")
        let cases: [([String], String)] = [
            ([student, "-o", output.path, "--method", "random", "--sparsity", "0.5"], "unknown --method 'random'"),
            ([student, "-o", output.path, "--method", "magnitude", "--sparsity", "1"], "--sparsity must be in [0, 1)"),
            ([student, "-o", output.path, "--method", "magnitude", "--sparsity", "-0.1"], "--sparsity must be a number"),
            ([student, "-o", output.path, "--method", "magnitude"], "needs --sparsity"),
            ([student, "-o", output.path, "--method", "low-rank", "--rank", "17"], "--rank 17 is larger than layer 1 (24→16, at most 16)"),
            ([student, "-o", output.path, "--method", "structured", "--keep-units", "30"], "more than the 24 units of layer 0"),
            ([student, "-o", output.path, "--method", "low-rank", "--rank", "2", "--layers", "3"], "--layers '3'"),
            ([data.appendingPathComponent("missing.ckpt").path, "-o", output.path, "--method", "magnitude", "--sparsity", "0.5"], "not found"),
            ([student, "--method", "magnitude", "--sparsity", "0.5"], "missing -o"),
            ([student, "-o", data.appendingPathComponent("nowhere/out.ckpt").path, "--method", "obd", "--sparsity", "0.5"], "does not exist"),
        ]
        for (arguments, message) in cases {
            let result = try CommandRunner.run(["prune"] + arguments + ["--data-dir", data.path])
            #expect(result.status != 0, "\(arguments)")
            #expect(result.error.contains(message), "\(arguments): \(result.error)")
            #expect(result.error.split(separator: "\n").filter { $0.hasPrefix("edge-distill") }.count == 1)
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path).allSatisfy { !$0.hasSuffix(".tmp") })
    }

    @Test("magnitude, OBD, structured and low-rank runs log one line per step and write the pruned checkpoint")
    func methods() throws {
        let data = try prepared()
        defer { try? FileManager.default.removeItem(at: data) }
        let student = data.appendingPathComponent("student.ckpt").path
        let output = data.appendingPathComponent("pruned.ckpt")
        let common = ["--data-dir", data.path, "--batch-size", "16", "--steps", "2", "--epochs-per-step", "1", "-o", output.path]
        let teacher = ["--teacher", data.appendingPathComponent("teacher.ckpt").path, "--temperature", "3"]
        let logits = ["--teacher-logits", data.appendingPathComponent("logits.npy").path]
        let cases: [([String], String)] = [
            (["--method", "magnitude", "--sparsity", "0.8", "--scope", "layer"] + teacher, "mlp:784-24-16-10"),
            (["--method", "obd", "--sparsity", "0.5", "--hessian-examples", "20"] + logits, "mlp:784-24-16-10"),
            (["--method", "structured", "--keep-units", "8,6"] + teacher, "mlp:784-8-6-10"),
            (["--method", "structured", "--sparsity", "0.5", "--norm", "l1"], "mlp:784-12-8-10"),
            (["--method", "low-rank", "--rank", "4"] + logits, "mlp:784-24r4-16r4-10"),
            (["--method", "low-rank", "--energy", "0.9", "--layers", "0", "--epochs-per-step", "0"], "mlp:784-24r"),
        ]
        for (arguments, architecture) in cases {
            try? FileManager.default.removeItem(at: output)
            let result = try CommandRunner.run(["prune", student] + common + arguments)
            #expect(result.status == 0, "\(arguments): \(result.error)")
            let steps = result.error.split(separator: "\n").filter { $0.hasPrefix("step ") }
            #expect(steps.count == 3 && steps[2].contains("step 2/2"), "\(result.error)")
            #expect(result.output.contains("test accuracy"), "\(result.output)")
            let checkpoint = try Checkpoint.load(from: output)
            #expect(checkpoint.architecture.hasPrefix(architecture), "\(checkpoint.architecture)")
            let network = try Architecture(checkpoint.architecture).makeNetwork(seed: 0)
            try checkpoint.restore(into: network)
            if arguments[1] == "magnitude" {
                for weight in network.prunableWeights {
                    #expect(weight.value.scalars.filter { $0 == 0 }.count == Int((0.8 * Double(weight.value.count)).rounded()), "\(weight.name)")
                }
            }
            if arguments[1] == "obd" { #expect(abs(network.sparsity - 0.5) < 1e-4) }
        }
    }

    @Test("structured pruning of a depthwise-separable CNN with batch norm shrinks its channels")
    func convolutional() throws {
        let data = try DistillerCommandTests().syntheticData()
        defer { try? FileManager.default.removeItem(at: data) }
        let student = data.appendingPathComponent("cnn.ckpt").path, output = data.appendingPathComponent("cnn-pruned.ckpt")
        let trained = try CommandRunner.run(
            ["train", "--arch", "cnn:28x28x1-c8k3s2-dw3-c12k1-gap-10,bn", "--checkpoint", student, "--data-dir", data.path, "--epochs", "1", "--batch-size", "16"])
        #expect(trained.status == 0, "\(trained.error)")
        let pruned = try CommandRunner.run(
            ["prune", student, "-o", output.path, "--method", "structured", "--keep-units", "4,6", "--teacher", student,
             "--data-dir", data.path, "--batch-size", "16"])
        #expect(pruned.status == 0, "\(pruned.error)")
        #expect(try Checkpoint.load(from: output).architecture == "cnn:28x28x1-c4k3s2-dw3-c6k1-gap-10,bn")
    }
}
