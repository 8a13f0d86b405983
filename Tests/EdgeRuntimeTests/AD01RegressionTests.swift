import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

/// `ad01_int8` on the three random rows where a float product of the input and weight scales put a
/// requantization exactly on a half (`Tests/Fixtures/ad01-regression/README.md`): TFLM's outputs.
@Suite struct AD01RegressionTests {
    @Test func randomRowsMatchTFLM() throws {
        guard let conformance = SharedFixtures.conformance(neededBy: "ad01 regression rows") else { return }
        let fixtures = SharedFixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/ad01-regression")
        let tflite = try [UInt8](Data(contentsOf: conformance.appendingPathComponent("ad01_int8.tflite")))
        let loaded = try LoadedModel(bytes: ModelWriter().write(TFLiteImporter.importGraph(from: tflite, name: "ad01")))
        defer { withExtendedLifetime(loaded) {} }  // its bytes back the model the interpreter reads
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: loaded.model.arenaBytes, alignment: 16)
        defer { arena.deallocate() }
        let interpreter = try Interpreter(model: loaded.model, arena: arena)
        let inputs = try NumPyArray.load(contentsOf: fixtures.appendingPathComponent("inputs.npy"))
        let outputs = try NumPyArray.load(contentsOf: fixtures.appendingPathComponent("outputs_tflm.npy"))
        #expect(inputs.shape == [3, 640])
        for row in 0..<3 {
            let range = (row * 640)..<((row + 1) * 640)
            inputs.bytes.withUnsafeBytes { interpreter.inputBytes(0).copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[range])) }
            interpreter.invoke()
            let mismatch = MLPerfTinyConformanceTests.difference(Array(interpreter.outputBytes(0)), outputs.bytes[range])
            #expect(mismatch == nil, "row \(row): \(mismatch ?? "")")
        }
    }
}
