import Distiller
import Foundation
import Testing
import TestSupport

/// `quantize`, `evaluate MODEL.edm` and `export` on a tiny synthetic MNIST folder, and their errors.
@Suite struct QuantizeCommandTests {
    /// A data directory with `mnist/` holding 96 training and 40 test images (raw IDX files):
    /// the class is the row that holds a bright stripe.
    func syntheticData() throws -> URL { try SyntheticDigits.makeDataDirectory(trainCount: 96, testCount: 40) }

    /// Trains a small network on the synthetic data and returns its checkpoint path.
    func trainedCheckpoint(_ architecture: String, in data: URL) throws -> String {
        let checkpoint = data.appendingPathComponent("student.ckpt").path
        let result = try CommandRunner.run(
            ["train", "--arch", architecture, "--data-dir", data.path, "--epochs", "3", "--batch-size", "16",
             "--optimizer", "adam", "--learning-rate", "0.01", "--checkpoint", checkpoint])
        #expect(result.status == 0, "\(result.error)")
        return checkpoint
    }

    @Test("train --transfer-fraction trains on the random subset distill --transfer-fraction draws with the same seed")
    func trainOnAFraction() throws {
        let data = try syntheticData()
        defer { try? FileManager.default.removeItem(at: data) }
        var counts: [String] = []
        for command in ["train", "distill"] {
            let teacher = command == "distill" ? ["--teacher", try trainedCheckpoint("mlp:784-16-10", in: data)] : []
            let result = try CommandRunner.run(
                [command, "--arch", "mlp:784-8-10", "--data-dir", data.path, "--epochs", "1", "--transfer-fraction", "0.25", "--seed", "3",
                 "--checkpoint", data.appendingPathComponent("\(command).ckpt").path] + teacher)
            #expect(result.status == 0, "\(result.error)")
            counts.append(result.error.split(separator: "\n").first { $0.contains("training on") || $0.contains("transfer set:") }.map(String.init) ?? "")
        }
        #expect(counts[0].contains("training on 24 of the 96") && counts[1].contains("transfer set: 24 examples"), "\(counts)")
        let bad = try CommandRunner.run(["train", "--arch", "mlp:784-8-10", "--data-dir", data.path, "--transfer-fraction", "0"])
        #expect(bad.status == 2 && bad.error.contains("--transfer-fraction"))
    }

    @Test("compare runs the checkpoint and its .edm side by side: JSON per layer, an HTML page, one-line errors")
    func compareLayerByLayer() throws {
        let data = try syntheticData()
        defer { try? FileManager.default.removeItem(at: data) }
        let checkpoint = try trainedCheckpoint("cnn:28x28x1-c4k3s2-dw3-c8k1-gap-10,bn", in: data)
        let model = data.appendingPathComponent("student.edm").path
        #expect(try CommandRunner.run(["quantize", checkpoint, "-o", model, "--data-dir", data.path, "--calibration-samples", "50"]).status == 0)
        let report = data.appendingPathComponent("compare.html").path
        let result = try CommandRunner.run(["compare", checkpoint, model, "--data-dir", data.path, "--json", "--report", report])
        #expect(result.status == 0, "\(result.error)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(json["examples"] as? Int == 40)
        let layers = try #require(json["layers"] as? [[String: Any]])
        #expect(layers.map { $0["tensor"] as? String } == ["input", "op0", "op1", "op2", "op3", "op4"])
        #expect(layers.allSatisfy { ($0["signalToNoiseDecibels"] as? Double ?? 0) > 10 }, "\(layers)")
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("<svg"))
        for (arguments, expected) in [
            (["compare", model, checkpoint], "the float checkpoint and the int8 .edm"),
            (["compare", checkpoint], "the float checkpoint and the int8 .edm"),
            (["compare", checkpoint, model, "--limit", "0"], "--limit"),
            (["compare", checkpoint, model, "--report", model], "student.edm"),
            (["compare", checkpoint, model, "--rows", "2"], "--rows goes with --emulate"),
            (["compare", model, "--emulate", "toaster"], "toaster"),
        ] {
            let failed = try CommandRunner.run(arguments + ["--data-dir", data.path])
            #expect(failed.status != 0 && failed.error.split(separator: "\n").count == 1 && failed.error.contains(expected), "\(arguments): \(failed.error)")
        }
    }

    @Test("quantize writes an .edm that evaluate runs with the runtime; --json gives errors and per-class errors")
    func quantizeAndEvaluate() throws {
        let data = try syntheticData()
        defer { try? FileManager.default.removeItem(at: data) }
        let checkpoint = try trainedCheckpoint("cnn:28x28x1-c4k3s2-dw3-c8k1-gap-10,bn", in: data)
        let model = data.appendingPathComponent("student.edm").path
        let quantized = try CommandRunner.run(
            ["quantize", checkpoint, "-o", model, "--data-dir", data.path, "--calibration", "percentile:99.9", "--calibration-samples", "50"])
        #expect(quantized.status == 0, "\(quantized.error)")
        #expect(quantized.error.contains("on 50 training examples (percentile:99.9)"))
        let evaluation = try CommandRunner.run(["evaluate", model, "--data", "mnist", "--data-dir", data.path, "--json"])
        #expect(evaluation.status == 0, "\(evaluation.error)")
        let json = try JSONSerialization.jsonObject(with: Data(evaluation.output.utf8)) as? [String: Any]
        #expect(json?["kind"] as? String == "int8")
        #expect(json?["examples"] as? Int == 40)
        let errors = try #require(json?["errors"] as? Int)
        #expect((json?["perClassErrors"] as? [Int])?.reduce(0, +) == errors)
        #expect(abs((json?["accuracy"] as? Double ?? 0) - Double(40 - errors) / 40) < 1e-9)
        let text = try CommandRunner.run(["evaluate", model, "--data-dir", data.path])
        #expect(text.output.contains("\(errors) errors out of 40 examples"), "\(text.output)")
    }

    @Test("quantize --qat-epochs fine-tunes with the distillation loss from a teacher before export")
    func quantizationAwareFineTuning() throws {
        let data = try syntheticData()
        defer { try? FileManager.default.removeItem(at: data) }
        let teacher = try trainedCheckpoint("mlp:784-32-10", in: data)
        let student = data.appendingPathComponent("cnn.ckpt").path
        #expect(try CommandRunner.run(
            ["train", "--arch", "cnn:28x28x1-c4k3s2-p2-f16-10,bn", "--data-dir", data.path, "--epochs", "2", "--batch-size", "16",
             "--checkpoint", student]).status == 0)
        let model = data.appendingPathComponent("qat.edm").path
        let result = try CommandRunner.run(
            ["quantize", student, "-o", model, "--data-dir", data.path, "--qat-epochs", "2", "--teacher", teacher,
             "--temperature", "2", "--batch-size", "16", "--learning-rate", "0.001", "--schedule", "cosine:0.00001"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.error.contains("quantization-aware fine-tuning for 2 epochs, distilled from"), "\(result.error)")
        let epochs = result.error.split(separator: "\n").filter { $0.hasPrefix("epoch ") }
        #expect(epochs.count == 2)
        // The cosine schedule: the second epoch runs at a lower rate than the first.
        let rates = epochs.compactMap { line in line.components(separatedBy: " lr ").last.flatMap { Double($0.split(separator: " ").first ?? "") } }
        #expect(rates.count == 2 && rates[1] < rates[0], "\(epochs)")
        #expect(try CommandRunner.run(["evaluate", model, "--data-dir", data.path]).status == 0)
        // Run again it gives the same bytes; with its images shifted by up to ±2 pixels, others.
        // (The same file name in other folders: the name is written into the model.)
        for folder in ["again", "jitter"] { try FileManager.default.createDirectory(at: data.appendingPathComponent(folder), withIntermediateDirectories: true) }
        let again = data.appendingPathComponent("again/qat.edm").path
        #expect(try CommandRunner.run(
            ["quantize", student, "-o", again, "--data-dir", data.path, "--qat-epochs", "2", "--teacher", teacher,
             "--temperature", "2", "--batch-size", "16", "--learning-rate", "0.001", "--schedule", "cosine:0.00001"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: again)) == Data(contentsOf: URL(fileURLWithPath: model)))
        let jittered = data.appendingPathComponent("jitter/qat.edm").path
        let shifted = try CommandRunner.run(
            ["quantize", student, "-o", jittered, "--data-dir", data.path, "--qat-epochs", "2", "--teacher", teacher,
             "--temperature", "2", "--batch-size", "16", "--learning-rate", "0.001", "--schedule", "cosine:0.00001", "--jitter", "2"])
        #expect(shifted.status == 0, "\(shifted.error)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: jittered)) != Data(contentsOf: URL(fileURLWithPath: model)))
        let jitterAlone = try CommandRunner.run(["quantize", student, "-o", model + "2", "--data-dir", data.path, "--jitter", "2"])
        #expect(jitterAlone.status == 2 && jitterAlone.error.contains("--jitter") && jitterAlone.error.contains("add --qat-epochs N"))
        let misplaced = try CommandRunner.run(["quantize", student, "-o", model + "2", "--data-dir", data.path, "--teacher", teacher])
        #expect(misplaced.status == 2 && misplaced.error.contains("add --qat-epochs N"))
        let schedule = try CommandRunner.run(["quantize", student, "-o", model + "2", "--data-dir", data.path, "--schedule", "cosine"])
        #expect(schedule.status == 2 && schedule.error.contains("--schedule") && schedule.error.contains("add --qat-epochs N"), "\(schedule.error)")
        let bad = try CommandRunner.run(
            ["quantize", student, "-o", model + "2", "--data-dir", data.path, "--qat-epochs", "1", "--schedule", "linear"])
        #expect(bad.status == 2 && bad.error.contains("bad --schedule 'linear'"), "\(bad.error)")
        #expect(!FileManager.default.fileExists(atPath: model + "2"))
    }

    @Test("export writes a header and a card whose accuracies match evaluate on the checkpoint and on the .edm")
    func export() throws {
        let data = try syntheticData()
        defer { try? FileManager.default.removeItem(at: data) }
        let checkpoint = try trainedCheckpoint("mlp:784-16-10", in: data)
        let model = data.appendingPathComponent("student.edm").path
        #expect(try CommandRunner.run(["quantize", checkpoint, "-o", model, "--data-dir", data.path, "--calibration", "mse"]).status == 0)
        let recipe = data.appendingPathComponent("recipe.txt")
        try Data("edge-distill quantize student.ckpt -o student.edm --calibration mse\n".utf8).write(to: recipe)
        let exported = try CommandRunner.run(
            ["export", model, "--checkpoint", checkpoint, "--teacher", checkpoint, "--recipe", recipe.path, "--data-dir", data.path])
        #expect(exported.status == 0, "\(exported.error)")
        let header = try String(contentsOfFile: data.appendingPathComponent("student.h").path, encoding: .utf8)
        #expect(header.contains("#define STUDENT_ARENA_BYTES") && header.contains("static const unsigned char student_model["))
        let again = try CommandRunner.run(
            ["export", model, "--checkpoint", checkpoint, "--teacher", checkpoint, "--recipe", recipe.path, "--data-dir", data.path])
        #expect(again.status == 0, "exporting over existing files replaces them: \(again.error)")
        #expect(try String(contentsOfFile: data.appendingPathComponent("student.h").path, encoding: .utf8) == header)
        let markdown = try String(contentsOfFile: data.appendingPathComponent("student.md").path, encoding: .utf8)
        #expect(markdown.contains("--calibration mse"))
        let card = try JSONSerialization.jsonObject(with: Data(contentsOf: data.appendingPathComponent("student.json"))) as? [String: Any]
        let keys = Set(card?.keys.map { $0 } ?? [])
        #expect(keys.isSuperset(of: ["dataset", "teacher", "recipe", "parameters", "multiplyAccumulates", "weightBytes", "arenaBytes", "int8", "float"]))
        for (file, key) in [(model, "int8"), (checkpoint, "float")] {
            let evaluation = try CommandRunner.run(["evaluate", file, "--data-dir", data.path, "--json"])
            let measured = try JSONSerialization.jsonObject(with: Data(evaluation.output.utf8)) as? [String: Any]
            let section = key == "int8" ? card?[key] as? [String: Any] : (card?[key] as? [String: Any])?["test"] as? [String: Any]
            #expect(section?["errors"] as? Int == measured?["errors"] as? Int, "\(key)")
            #expect(section?["perClassErrors"] as? [Int] == measured?["perClassErrors"] as? [Int], "\(key)")
        }
        let broken = try CommandRunner.run(["export", model, "--teacher", data.appendingPathComponent("missing.ckpt").path,
                                            "--header", data.appendingPathComponent("other.h").path, "--data-dir", data.path])
        #expect(broken.status != 0 && broken.error.contains("missing.ckpt not found"))
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("other.h").path))
    }

    @Test("bad inputs give one line, a non-zero exit and no output file")
    func errors() throws {
        let data = try syntheticData()
        defer { try? FileManager.default.removeItem(at: data) }
        let notAModel = data.appendingPathComponent("text.edm")
        try Data("not a model".utf8).write(to: notAModel)
        let unknown = data.appendingPathComponent("unknown.ckpt")
        try Checkpoint(architecture: "rnn:12", epoch: 1, seed: 1, tensors: [], optimizerState: [], optimizerStepCount: 0, history: [])
            .write(to: unknown)
        let checkpoint = try trainedCheckpoint("mlp:784-16-10", in: data)
        let output = data.appendingPathComponent("out.edm")
        let cases: [([String], String)] = [
            (["quantize", data.appendingPathComponent("missing.ckpt").path, "-o", output.path, "--data-dir", data.path], "not found"),
            (["quantize", checkpoint, "-o", output.path, "--data-dir", data.path, "--calibration", "kl"], "unknown calibration 'kl'"),
            (["quantize", unknown.path, "-o", output.path, "--data-dir", data.path], "unknown kind 'rnn'"),
            (["quantize", checkpoint, "--data-dir", data.path], "missing -o"),
            (["quantize", checkpoint, "-o", data.appendingPathComponent("nowhere/out.edm").path, "--data-dir", data.path], "does not exist"),
            (["evaluate", data.appendingPathComponent("missing.edm").path, "--data-dir", data.path], "not found"),
            (["evaluate", notAModel.path, "--data-dir", data.path], "text.edm"),
            (["export", notAModel.path, "--header", output.path, "--data-dir", data.path], "text.edm"),
        ]
        for (arguments, message) in cases {
            let result = try CommandRunner.run(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.error.contains(message), "\(arguments): \(result.error)")
            #expect(result.error.split(separator: "\n").filter { $0.hasPrefix("edge-distill") }.count == 1, "\(result.error)")
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: data.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}
