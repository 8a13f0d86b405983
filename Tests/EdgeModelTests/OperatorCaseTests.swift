import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

/// Single-operator int8 models made by the TF 2.21 converter over random shapes, axes and
/// quantization (`tools/differential/make_op_cases.py`), with TFLM's outputs for 16 inputs each,
/// kept in `Tests/Fixtures/operator-cases`: every case imports, and the runtime reproduces TFLM bit
/// for bit on every input row and every output. `EDGE_DISTILL_OPERATOR_CASES=DIR` checks a folder
/// the script made instead (tools/differential/README.md).
@Suite struct OperatorCaseTests {
    static let committed = SharedFixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/operator-cases")
    static let folder = ProcessInfo.processInfo.environment["EDGE_DISTILL_OPERATOR_CASES"].map { URL(fileURLWithPath: $0) } ?? committed

    /// The case folders whose `case.json` status is `ok` (the intended operator came out, TFLM ran it).
    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { name in
            let directory = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("model.tflite").path) else { return false }
            guard let data = try? Data(contentsOf: directory.appendingPathComponent("case.json")),
                let meta = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return true }
            let status = meta["status"] as? String ?? "ok"
            if status != "ok" && status != "other_op" { print("SKIP operator case \(name): status \(status)") }
            return status == "ok" || status == "other_op"
        }.sorted()
    }()

    @Test func corpusIsPresent() {
        #expect(Self.cases.count >= 65, "\(Self.folder.path) holds \(Self.cases.count) cases")
    }

    @Test(arguments: cases)
    func matchesTFLM(name: String) throws {
        let directory = Self.folder.appendingPathComponent(name)
        let tflite = try [UInt8](Data(contentsOf: directory.appendingPathComponent("model.tflite")))
        let graph = try TFLiteImporter.importGraph(from: tflite, name: name)
        let loaded = try LoadedModel(bytes: ModelWriter().write(graph))
        defer { withExtendedLifetime(loaded) {} }  // its bytes back the model the interpreter reads
        let model = loaded.model
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: max(model.arenaBytes, 1), alignment: 16)
        defer { arena.deallocate() }
        let interpreter = try Interpreter(model: model, arena: arena)
        func array(_ stem: String, _ position: Int, of count: Int) throws -> NumPyArray {
            try NumPyArray.load(contentsOf: directory.appendingPathComponent(count == 1 ? "\(stem).npy" : "\(stem)_\(position).npy"))
        }
        let inputs = try (0..<model.inputCount).map { try array("inputs", $0, of: model.inputCount) }
        let outputs = try (0..<model.outputCount).map { try array("outputs_tflm", $0, of: model.outputCount) }
        let rows = inputs[0].shape[0]
        for row in 0..<rows {
            for (position, input) in inputs.enumerated() {
                let destination = interpreter.inputBytes(position)
                let width = destination.count
                #expect(input.bytes.count == rows * width, "\(name) input \(position) holds \(input.bytes.count) bytes for \(rows) rows of \(width)")
                input.bytes.withUnsafeBytes { destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[(row * width)..<((row + 1) * width)])) }
            }
            interpreter.invoke()
            for (position, expected) in outputs.enumerated() {
                let actual = Array(interpreter.outputBytes(position))
                let width = actual.count
                let mismatch = ElementDifference.describe(actual, expected.bytes[(row * width)..<((row + 1) * width)], elementBytes: expected.elementType.byteWidth)
                #expect(mismatch == nil, "\(name) row \(row) output \(position): \(mismatch ?? "")")
            }
        }
    }
}

/// Describes how two arrays of int8 (or wider) elements differ, or returns `nil` when they are equal.
enum ElementDifference {
    static func describe(_ actual: [UInt8], _ expected: ArraySlice<UInt8>, elementBytes: Int) -> String? {
        guard actual.count == expected.count else { return "size \(actual.count) != \(expected.count)" }
        guard !actual.elementsEqual(expected) else { return nil }
        var differing = 0
        var first = -1
        for element in 0..<(actual.count / max(elementBytes, 1)) {
            let range = (element * elementBytes)..<((element + 1) * elementBytes)
            if !actual[range].elementsEqual(expected[expected.startIndex + range.lowerBound..<expected.startIndex + range.upperBound]) {
                differing += 1
                if first < 0 { first = element }
            }
        }
        return "\(differing) of \(actual.count / max(elementBytes, 1)) elements differ, first at \(first)"
    }
}
