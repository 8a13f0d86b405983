import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

/// `import`, `inspect`, `run` and `bench` on the real KWS model, and their errors.
@Suite struct RuntimeCommandTests {
    /// Imports KWS into a temporary folder; nil (with a printed SKIP) when ../shared is absent.
    func importedKeywordSpotting() throws -> (folder: URL, model: URL, golden: URL)? {
        guard let conformance = SharedFixtures.conformance(neededBy: "command-line tests on KWS") else { return nil }
        let folder = try CommandRunner.temporaryFolder()
        let model = folder.appendingPathComponent("kws.edm")
        let result = try CommandRunner.run(["import", conformance.appendingPathComponent("kws_ref_model.tflite").path, "-o", model.path])
        #expect(result.status == 0, "\(result.error)")
        // 16,000 B of tensors alive at a pointwise convolution plus its 1,536-byte scratch buffer
        // (Conv2D.packedScratchBytes for 1×1×64 windows and 64 output channels: four packed windows
        // and four staging rows, 768 B, then 12 B of prepared requantization per channel).
        #expect(result.output.contains("arena 17536 bytes"))
        return (folder, model, conformance.appendingPathComponent("golden/kws_ref_model"))
    }

    @Test func inspectJSONHasTheDocumentedKeys() throws {
        guard let kws = try importedKeywordSpotting() else { return }
        let result = try CommandRunner.run(["inspect", kws.model.path, "--json"])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        let keys = Set(json?.keys.map { $0 } ?? [])
        #expect(keys.isSuperset(of: ["ops", "tensors", "macs", "weightBytes", "arenaBytes", "kernels", "workspaceBytes"]))
        #expect(json?["kernels"] as? String == KernelVariant.host.description)
        #expect(json?["macs"] as? Int == 2_656_768)
        #expect(json?["arenaBytes"] as? Int == 17_536)
        #expect((json?["ops"] as? [Any])?.count == 13)
        #expect((json?["tensors"] as? [Any])?.count == 35)
    }

    @Test func runReproducesTFLMOnTheWholeBatch() throws {
        guard let kws = try importedKeywordSpotting() else { return }
        let output = kws.folder.appendingPathComponent("out.npy")
        let result = try CommandRunner.run(["run", kws.model.path, "--input", kws.golden.appendingPathComponent("inputs.npy").path, "--output", output.path])
        #expect(result.status == 0, "\(result.error)")
        let produced = try NumPyArray.load(contentsOf: output)
        let expected = try NumPyArray.load(contentsOf: kws.golden.appendingPathComponent("outputs_tflm.npy"))
        #expect(produced.shape == [16, 12])
        #expect(produced == expected)
    }

    @Test func runQuantizesFloatInputsWithTheInputScale() throws {
        guard let kws = try importedKeywordSpotting() else { return }
        // Dequantize the golden int8 inputs; the runtime must quantize them back to the same bytes.
        let inputs = try NumPyArray.load(contentsOf: kws.golden.appendingPathComponent("inputs.npy"))
        let floats = inputs.int8Values!.map { Float(0.584703) * Float(Int32($0) - 83) }
        let floatFile = kws.folder.appendingPathComponent("float.npy")
        try NumPyArray(float32: floats, shape: inputs.shape).write(to: floatFile)
        let output = kws.folder.appendingPathComponent("out.npy")
        let result = try CommandRunner.run(["run", kws.model.path, "--input", floatFile.path, "--output", output.path])
        #expect(result.status == 0, "\(result.error)")
        #expect(try NumPyArray.load(contentsOf: output) == NumPyArray.load(contentsOf: kws.golden.appendingPathComponent("outputs_tflm.npy")))
    }

    @Test func benchPrintsAMedian() throws {
        guard let kws = try importedKeywordSpotting() else { return }
        let result = try CommandRunner.run(["bench", kws.model.path, "--iterations", "3", "--warmup", "1", "--json"])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect((json?["medianMicroseconds"] as? Double ?? 0) > 0)
        #expect(KernelVariant.allCases.map(\.description).contains(json?["kernels"] as? String ?? ""))
        let portable = try CommandRunner.run(["bench", kws.model.path, "--iterations", "2", "--kernels", "portable", "--json"])
        let portableJSON = try JSONSerialization.jsonObject(with: Data(portable.output.utf8)) as? [String: Any]
        #expect(portableJSON?["kernels"] as? String == "portable")
        #expect(portableJSON?["workspaceBytes"] as? Int == 0)
        #expect(portableJSON?["threads"] as? Int == 1)
        // Threads go with the vector kernels: two of them need a second transient region.
        if KernelVariant.allCases.contains(where: { $0 != .portable && $0.isBuilt && $0.isSupportedByHostCPU }) {
            let threaded = try CommandRunner.run(["bench", kws.model.path, "--iterations", "2", "--threads", "2", "--json"])
            let threadedJSON = try JSONSerialization.jsonObject(with: Data(threaded.output.utf8)) as? [String: Any]
            #expect(threadedJSON?["threads"] as? Int == 2)
            #expect((threadedJSON?["workspaceBytes"] as? Int ?? 0) > (json?["workspaceBytes"] as? Int ?? 0))
        } else {
            print("benchPrintsAMedian: --threads 2 not run, this machine has no vector kernels")
        }
        try expectFailure(["bench", kws.model.path, "--threads", "2", "--kernels", "portable"], mentions: "--threads 2 needs vector kernels")
        try expectFailure(["bench", kws.model.path, "--threads", "0"], mentions: "--threads")
    }

    /// Expects a non-zero exit and a one-line message containing `phrase`.
    func expectFailure(_ arguments: [String], mentions phrase: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status != 0, "exit status 0 for \(arguments)", sourceLocation: sourceLocation)
        #expect(result.error.contains(phrase), "stderr '\(result.error)' lacks '\(phrase)'", sourceLocation: sourceLocation)
        #expect(result.error.split(separator: "\n").count == 1, "expected one line: \(result.error)", sourceLocation: sourceLocation)
    }

    @Test func badInputsFailWithOneLineNamingTheProblem() throws {
        guard let kws = try importedKeywordSpotting() else { return }
        let bytes = try [UInt8](Data(contentsOf: kws.model))
        var corrupted = bytes
        corrupted[bytes.count / 2] ^= 0xFF
        let corruptedFile = kws.folder.appendingPathComponent("corrupted.edm")
        try Data(corrupted).write(to: corruptedFile)
        let truncatedFile = kws.folder.appendingPathComponent("truncated.edm")
        try Data(bytes[..<(bytes.count / 3)]).write(to: truncatedFile)
        let inputs = kws.golden.appendingPathComponent("inputs.npy").path
        let wrongShape = kws.folder.appendingPathComponent("wrong.npy")
        try NumPyArray(int8: [Int8](repeating: 0, count: 16 * 49), shape: [16, 49]).write(to: wrongShape)
        let wrongType = kws.folder.appendingPathComponent("int32.npy")
        try NumPyArray(int32: [Int32](repeating: 0, count: 490), shape: [1, 49, 10, 1]).write(to: wrongType)
        let out = kws.folder.appendingPathComponent("out.npy").path

        try expectFailure(["inspect", kws.folder.appendingPathComponent("missing.edm").path], mentions: "missing.edm not found")
        try expectFailure(["inspect", corruptedFile.path], mentions: "corrupted")
        try expectFailure(["inspect", truncatedFile.path], mentions: "truncated")
        try expectFailure(["inspect", inputs], mentions: "not an EdgeDistill model")
        try expectFailure(["import", inputs, "-o", out], mentions: "malformed TFLite file")
        try expectFailure(["import", kws.model.path], mentions: "missing -o")
        try expectFailure(["inspect", kws.model.path, "--jsn"], mentions: "unknown option '--jsn'")
        try expectFailure(["frobnicate"], mentions: "unknown subcommand 'frobnicate'")
        try expectFailure(["run", kws.model.path, "--input", wrongShape.path, "--output", out], mentions: "expected [N, 49, 10, 1]")
        try expectFailure(["run", kws.model.path, "--input", wrongType.path, "--output", out], mentions: "holds int32 values")
        try expectFailure(["run", kws.model.path, "--input", inputs], mentions: "missing --output")
        try expectFailure(["run", corruptedFile.path, "--input", inputs, "--output", out], mentions: "corrupted")
        try expectFailure(["bench", kws.model.path, "--iterations", "0"], mentions: "--iterations must be an integer")
        try expectFailure(["bench", kws.model.path, "--kernels", "sse"], mentions: "--kernels must be auto, portable, avx2, avx512-vnni, neon or neon-dot")
        #if arch(x86_64)
        try expectFailure(["bench", kws.model.path, "--kernels", "neon"], mentions: "this machine's CPU or this build does not have them")
        #elseif arch(arm64)
        try expectFailure(["bench", kws.model.path, "--kernels", "avx2"], mentions: "this machine's CPU or this build does not have them")
        #endif
        #expect(!FileManager.default.fileExists(atPath: out), "a failed run left an output file behind")
        try expectFailure(["run", kws.model.path, "--input", inputs, "--output", "/nonexistent-folder/out.npy"], mentions: "nonexistent-folder")
    }
}
