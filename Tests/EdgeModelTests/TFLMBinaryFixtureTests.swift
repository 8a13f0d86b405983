import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

/// Single-operator TFLite models of the binary element-wise operators with TFLM's own outputs
/// (`Tests/Fixtures/tflm-binary-operators`, see its README): each is imported, written, validated
/// and run, and must reproduce `outputs_tflm.npy` bit for bit.
@Suite struct TFLMBinaryFixtureTests {
    static let folder = SharedFixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/tflm-binary-operators")

    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasSuffix(".md") }.sorted()
    }()

    @Test func everyOperatorHasCases() {
        for kind in ["ADD", "SUB", "MUL", "SQUARED_DIFFERENCE", "MAXIMUM", "MINIMUM", "PRELU"] {
            #expect(Self.cases.filter { $0.contains("_\(kind)_") || $0.hasSuffix("_\(kind)") }.count >= 4, "\(kind)")
        }
    }

    @Test(arguments: cases) func matchesTFLM(name: String) throws {
        let directory = Self.folder.appendingPathComponent(name)
        let file = { (name: String) in directory.appendingPathComponent(name) }
        let graph = try TFLiteImporter.importGraph(from: [UInt8](Data(contentsOf: file("model.tflite"))), name: name)
        let loaded = try LoadedModel(bytes: ModelWriter().write(graph))
        defer { withExtendedLifetime(loaded) {} }
        let model = loaded.model
        let inputFiles = model.inputCount == 1 && FileManager.default.fileExists(atPath: file("inputs.npy").path)
            ? ["inputs.npy"] : (0..<model.inputCount).map { "inputs_\($0).npy" }
        let inputs = try inputFiles.map { try #require(NumPyArray.load(contentsOf: file($0)).int8Values) }
        let expected = try #require(NumPyArray.load(contentsOf: file("outputs_tflm.npy")).int8Values)

        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: max(model.arenaBytes, 16), alignment: 16)
        defer { arena.deallocate() }
        let interpreter = try Interpreter(model: model, arena: arena)
        let outputCount = model.tensor(model.outputTensorIndex(0)).elementCount
        let rows = expected.count / outputCount
        var produced: [Int8] = []
        for row in 0..<rows {
            for (position, values) in inputs.enumerated() {
                let count = model.tensor(model.inputTensorIndex(position)).elementCount
                try #require(values.count == rows * count)
                values[(row * count)..<((row + 1) * count)].withUnsafeBytes { interpreter.inputBytes(position).copyMemory(from: $0) }
            }
            interpreter.invoke()
            produced += interpreter.outputBytes(0).bindMemory(to: Int8.self)
        }
        #expect(produced.count == expected.count)
        let differing = zip(produced, expected).filter { $0 != $1 }.count
        #expect(differing == 0, "\(name): \(differing) of \(expected.count) outputs differ from TFLM")
    }
}
