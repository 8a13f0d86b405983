import Distiller
import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

/// Oversized architectures, hostile checkpoints, tool failures and misleading messages: each bad
/// input gets one line naming the problem and a non-zero exit, never a crash.
@Suite struct BadInputMessageTests {
    /// Runs `arguments` and checks the status and that stderr ends in one error line holding every
    /// `texts` (progress lines may come before it); returns that line.
    @discardableResult
    func expectOneLine(_ arguments: [String], _ texts: String..., status: Int32 = 2, environment: [String: String]? = nil) throws -> String {
        let result = try CommandRunner.run(arguments, environment: environment)
        let lines = result.error.split(separator: "\n").map(String.init)
        #expect(result.status == status, "\(arguments): \(result.error)")
        #expect(lines.filter { $0.hasPrefix("edge-distill:") }.count == 1 && lines.last?.hasPrefix("edge-distill:") == true, "\(arguments): \(result.error)")
        #expect(!result.error.contains("Fatal error") && !result.error.contains("Error Domain"), "\(result.error)")
        for text in texts { #expect(lines.last?.contains(text) == true, "\(arguments): \(result.error)") }
        return lines.last ?? ""
    }

    @Test("architectures too large for memory are refused before allocating, naming the size and the limit")
    func oversizedArchitectures() throws {
        let data = try SyntheticDigits.makeDataDirectory(trainCount: 16, testCount: 8)
        defer { try? FileManager.default.removeItem(at: data) }
        for (architecture, texts) in [
            ("mlp:784-99999999999-10", ["99999999999 is larger than the limit of 16777216"]),
            ("mlp:784-9223372036854775807-10", ["larger than the limit"]),
            ("mlp:784-4000000-10", ["3140000000 parameters (12.6 GB", "limit is 100000000 parameters"]),
            ("cnn:20000x20000x3-c4k3-10", ["activation of shape [20000, 20000, 3]", "limit of 16777216 values"]),
            ("mlp:" + Array(repeating: "8", count: 600).joined(separator: "-"), ["longer than the limit of 1000"]),
        ] {
            try expectOneLine(["train", "--arch", architecture, "--data-dir", data.path, "--checkpoint", data.appendingPathComponent("x.ckpt").path], texts[0])
            for text in texts.dropFirst() { try expectOneLine(["train", "--arch", architecture, "--data-dir", data.path], text) }
        }
    }

    @Test("a checkpoint with a valid checksum but a huge architecture or tensor is refused, not allocated")
    func hostileCheckpoints() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let huge = folder.appendingPathComponent("huge.ckpt")
        try Data(Checkpoint(architecture: "mlp:784-4000000-10", epoch: 1, seed: 1, tensors: [], optimizerState: [], optimizerStepCount: 0, history: [])
            .serialized()).write(to: huge)
        let data = try SyntheticDigits.makeDataDirectory(trainCount: 16, testCount: 8)
        defer { try? FileManager.default.removeItem(at: data) }
        try expectOneLine(["evaluate", huge.path, "--data-dir", data.path], "limit is 100000000 parameters", status: 1)
        // One tensor of rank 4 whose dimensions multiply past Int.max; the CRC is made valid again.
        var bytes = Checkpoint(
            architecture: "mlp:4-2", epoch: 1, seed: 1, tensors: [.init(name: "w", value: Tensor(shape: [1, 1, 1, 1], scalars: [0]))],
            optimizerState: [], optimizerStepCount: 0, history: []).serialized()
        let rankOffset = 12 + 4 + "mlp:4-2".utf8.count + 4 + 8 + 4 + 4 + 4 + 1
        #expect(bytes[rankOffset] == 4)
        for axis in 0..<4 { for byte in 0..<4 { bytes[rankOffset + 4 + 4 * axis + byte] = 0xFF } }
        let crc = bytes[12...].withUnsafeBytes { Checksum.crc32($0) }
        withUnsafeBytes(of: crc.littleEndian) { for (index, byte) in $0.enumerated() { bytes[8 + index] = byte } }
        let corrupt = folder.appendingPathComponent("corrupt.ckpt")
        try Data(bytes).write(to: corrupt)
        try expectOneLine(["evaluate", corrupt.path], "not a usable checkpoint: truncated tensor", status: 1)
    }

    @Test("firmware shows the linker's errors, not the warning before them")
    func linkerErrorsAreShown() throws {
        let tools = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: tools) }
        let linker = """
            #!/bin/sh
            case "$*" in *firmware.elf*)
                echo "/usr/bin/ld: warning: startup.o: missing .note.GNU-stack section implies executable stack" >&2
                echo "/usr/bin/ld: EdgeRuntime.o: in function edge_run:" >&2
                echo "(.text+0x12): undefined reference to missing_symbol" >&2
                echo "collect2: error: ld returned 1 exit status" >&2
                exit 1;;
            esac
            exit 0
            """
        for (name, script) in [("swiftc", "#!/bin/sh\nexit 0\n"), ("clang", "#!/bin/sh\nexit 0\n"), ("arm-none-eabi-size", "#!/bin/sh\nexit 0\n"), ("arm-none-eabi-gcc", linker)] {
            let url = tools.appendingPathComponent(name)
            try Data(script.utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
        let model = tools.appendingPathComponent("m.edm")
        try Data(ModelWriter().write(SampleGraphs.everyOperator())).write(to: model)
        let line = try expectOneLine(
            ["firmware", model.path, "--target", "cortex-m4", "-o", tools.appendingPathComponent("f.elf").path, "--sources", SharedFixtures.repositoryRoot.path],
            "arm-none-eabi-gcc failed with status 1", "undefined reference to missing_symbol", "ld returned 1 exit status", status: 1,
            environment: ["PATH": tools.path])
        #expect(!line.contains("warning"))
        #expect(!FileManager.default.fileExists(atPath: tools.appendingPathComponent("f.elf").path))
    }

    @Test("flags that were accepted, misreported or exited 1 now name the problem and exit 2")
    func misleadingMessages() throws {
        let data = try SyntheticDigits.makeDataDirectory(trainCount: 40, testCount: 10)
        defer { try? FileManager.default.removeItem(at: data) }
        let logits = data.appendingPathComponent("logits.npy")
        try NumPyArray(float32: (0..<400).map { Float($0 % 10) }, shape: [40, 10]).write(to: logits)
        let model = data.appendingPathComponent("m.edm")
        try Data(ModelWriter().write(SampleGraphs.everyOperator())).write(to: model)
        let checkpoint = data.appendingPathComponent("s.ckpt").path
        let distill = ["distill", "--arch", "mlp:784-8-10", "--teacher-logits", logits.path, "--data-dir", data.path, "--epochs", "1", "--checkpoint", checkpoint]
        try expectOneLine(distill + ["--omit-classes", "0,1,2,3,4,5,6,7,8,9"], "the transfer set is empty")
        try expectOneLine(distill + ["--train-limit", "20"], "--train-limit 20 uses the first 20 training examples")
        try expectOneLine(distill + ["--teacher-epochs", "1", "--unlabelled"], "--teacher-epochs trains on the labels after the teacher's epochs; --unlabelled drops them")
        try expectOneLine(distill + ["--teacher-epochs", "0"], "--teacher-epochs must be an integer in 1...100000, got '0'")
        try expectOneLine(["simulate", model.path, "--device", ""], "--device '' names an empty device")
        try expectOneLine(["evaluate", model.path, "--raise-bias", "3:nan", "--data-dir", data.path], "--raise-bias takes CLASS:VALUE")
        try expectOneLine(["train", "--arch", "cnn:28x28x1-c4k99-10", "--data-dir", data.path], "a 99×99 kernel is larger than its 28×28 input")
        try expectOneLine(["quantize", checkpoint, "-o", data.appendingPathComponent("q.edm").path, "--calibration", "percentile:200"], "unknown calibration 'percentile:200'")
        try expectOneLine(["quantize", checkpoint, "-o", data.appendingPathComponent("q.edm").path, "--dense-weights", "per-row"], "unknown --dense-weights 'per-row' (known: per-tensor, per-channel)")
        let conformance = data.appendingPathComponent("conformance")
        try FileManager.default.createDirectory(at: conformance, withIntermediateDirectories: true)
        try Data(repeating: 7, count: 64).write(to: conformance.appendingPathComponent("kws_ref_model.tflite"))
        try expectOneLine(["calibrate", "--conformance", conformance.path], conformance.appendingPathComponent("kws_ref_model.tflite").path, status: 1)

        let unlabelled = try CommandRunner.run(distill + ["--unlabelled"])
        #expect(unlabelled.status == 0, "\(unlabelled.error)")
        #expect(!unlabelled.output.contains("nan") && unlabelled.output.contains("no train accuracy (unlabelled)"), "\(unlabelled.output)")
        let stoppedEarly = try CommandRunner.run(
            Array(distill.dropLast(4)) + ["--epochs", "2", "--teacher-epochs", "1", "--checkpoint", data.appendingPathComponent("e.ckpt").path])
        #expect(stoppedEarly.status == 0 && stoppedEarly.error.contains("epoch 2/2"), "\(stoppedEarly.error)")
    }
}
