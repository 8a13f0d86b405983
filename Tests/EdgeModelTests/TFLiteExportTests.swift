import EdgeRuntime
import Foundation
import Testing
import TestSupport
@testable import EdgeModel

/// `.edm → .tflite`: the FlatBuffer builder, the graph recovered from a model's words, and the round
/// trip `.edm → .tflite → import → .edm` on every operator case, the shipped students and (when
/// ../shared is present) the zoo and MLPerf Tiny. TFLM and LiteRT running the exported files:
/// tools/check_tflite_export.py.
@Suite struct TFLiteExportTests {
    private enum Field: Int, FlatBufferField {
        static let tableName = "Test"
        case byte = 0, word, vector, name, child, bytes, longs
    }

    @Test("the builder's tables read back, every scalar aligned to its width, byte vectors to 16")
    func builderRoundTrip() throws {
        let root = FlatBufferObject.table([
            Field.byte.rawValue: .int8(-3),
            Field.word.rawValue: .int32(-123_456),
            Field.vector.rawValue: .object(.int32s([1, -2, 3])),
            Field.name.rawValue: .object(.string("héllo")),
            Field.child.rawValue: .object(.table([Field.word.rawValue: .float32(2.5), Field.byte.rawValue: .bool(true)])),
            Field.bytes.rawValue: .object(.bytes([9, 8, 7], alignment: 16)),
            Field.longs.rawValue: .object(.int64s([-1, 1 << 40])),
        ])
        let bytes = FlatBufferBuilder.serialize(root: root, fileIdentifier: Array("TEST".utf8))
        #expect(Array(bytes[4..<8]) == Array("TEST".utf8) && bytes.count % 16 == 0)
        let reader = FlatBufferReader(bytes: bytes)
        let table = try FlatBufferTable(reader: reader, position: Int(try reader.uint32(at: 0)), describing: "root")
        #expect(try table.int8(Field.byte) == -3 && table.int32(Field.word) == -123_456)
        #expect(try table.int32Array(Field.vector) == [1, -2, 3] && table.string(Field.name) == "héllo")
        let child = try #require(try table.table(Field.child))
        #expect(try child.float32(Field.word) == 2.5 && child.bool(Field.byte))
        let data = try #require(try table.vector(Field.bytes, elementWidth: 1))
        let dataStart = try data.position(of: 0)
        #expect(data.byteArray() == [9, 8, 7] && dataStart % 16 == 0)
        let longs = try #require(try table.vector(Field.longs, elementWidth: 8))
        let longsStart = try longs.position(of: 0)
        #expect(try longs.int64(at: 1) == 1 << 40 && longsStart % 8 == 0)
        let wordPositions = [try table.fieldPosition(Field.word, width: 4), try child.fieldPosition(Field.word, width: 4)]
        #expect(wordPositions.allSatisfy { $0.map { $0 % 4 == 0 } ?? false })
    }

    @Test("every converter-made operator case: exported, imported again, TFLM's outputs bit for bit", arguments: OperatorCaseTests.cases)
    func operatorCaseRoundTrip(name: String) throws {
        let directory = OperatorCaseTests.folder.appendingPathComponent(name)
        let source = try LoadedModel(bytes: ModelWriter().write(
            TFLiteImporter.importGraph(from: [UInt8](Data(contentsOf: directory.appendingPathComponent("model.tflite"))), name: name)))
        let exported = try TFLiteWriter.write(source)
        let again = try LoadedModel(bytes: ModelWriter().write(TFLiteImporter.importGraph(from: exported, name: name)))
        let runner = try ModelRunner(again)
        func array(_ stem: String, _ position: Int, of count: Int) throws -> NumPyArray {
            try NumPyArray.load(contentsOf: directory.appendingPathComponent(count == 1 ? "\(stem).npy" : "\(stem)_\(position).npy"))
        }
        let model = again.model
        let inputs = try (0..<model.inputCount).map { try array("inputs", $0, of: model.inputCount) }
        let outputs = try (0..<model.outputCount).map { try array("outputs_tflm", $0, of: model.outputCount) }
        for row in 0..<inputs[0].shape[0] {
            for (position, input) in inputs.enumerated() {
                let destination = runner.inputBytes(position)
                let width = destination.count
                input.bytes.withUnsafeBytes { destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[(row * width)..<((row + 1) * width)])) }
            }
            runner.invoke()
            for (position, expected) in outputs.enumerated() {
                let actual = Array(runner.outputBytes(position))
                let mismatch = ElementDifference.describe(
                    actual, expected.bytes[(row * actual.count)..<((row + 1) * actual.count)], elementBytes: expected.elementType.byteWidth)
                #expect(mismatch == nil, "\(name) row \(row) output \(position): \(mismatch ?? "")")
            }
        }
    }

    static let students = ["mnist-mlp-student", "mnist-dscnn-student", "robot-wall-student", "robot-wall-student-random", "fsdd-keyword-student"]

    @Test("the shipped students: the recovered graph writes the same file; the export runs as the model", arguments: students)
    func shippedStudent(name: String) throws {
        let url = SharedFixtures.repositoryRoot.appendingPathComponent("models/\(name)/\(name).edm")
        let bytes = [UInt8](try Data(contentsOf: url))
        let source = try LoadedModel(bytes: bytes)
        let graph = try Graph(reconstructing: source)
        #expect(try ModelWriter().write(graph) == bytes, "the model written again from its recovered graph is the same file")
        let exported = try TFLiteWriter.write(source)
        #expect(Array(exported[4..<8]) == Array("TFL3".utf8))
        let again = try LoadedModel(bytes: ModelWriter().write(TFLiteImporter.importGraph(from: exported, name: name)))
        let (first, second) = (try ModelRunner(source), try ModelRunner(again))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let input = (0..<first.inputBytes(0).count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for runner in [first, second] { input.withUnsafeBytes { runner.inputBytes(0).copyMemory(from: $0) } }
            first.invoke()
            second.invoke()
            #expect(Array(first.outputBytes(0)) == Array(second.outputBytes(0)))
        }
    }

    @Test("recovered settings: SAME padding where VALID has the same words, the stride, softmax beta 1")
    func recoveredSettings() throws {
        let load = { (name: String) in
            try LoadedModel(contentsOf: SharedFixtures.repositoryRoot.appendingPathComponent("models/\(name)/\(name).edm"))
        }
        let dscnn = try Graph(reconstructing: load("mnist-dscnn-student"))
        // 3×3, stride 2 over 28 rows → 14: SAME, though its top padding is 0 as VALID's.
        #expect(dscnn.operators[0].kind == .conv2D && dscnn.operators[0].options.padding == .same)
        // (Its ReLU is not told apart from NONE: with an output zero point of −128 both clamp at −128 and 127.)
        #expect(dscnn.operators[0].options.strideHeight == 2 && dscnn.operators[0].options.strideWidth == 2)
        let keyword = try Graph(reconstructing: load("fsdd-keyword-student"))
        let softmax = try #require(keyword.operators.last)
        #expect(softmax.kind == .softmax && softmax.options.softmaxBeta == 1)
    }

    @Test("a hand-built graph with float input and output (QUANTIZE, DEQUANTIZE) and every fused activation exports and comes back")
    func sampleGraphRoundTrip() throws {
        for seed in 1...5 as ClosedRange<UInt64> {
            let graph = SampleGraphs.everyOperator(seed: seed)
            let source = try LoadedModel(bytes: ModelWriter().write(graph))
            let recovered = try Graph(reconstructing: source)
            // The settings that change the words come back; where two settings give the same words the first is kept.
            #expect(try ModelWriter().write(recovered) == ModelWriter().write(graph), "seed \(seed)")
            let again = try LoadedModel(bytes: ModelWriter().write(TFLiteImporter.importGraph(from: TFLiteWriter.write(source), name: "s")))
            #expect(TFLiteWriter.firstDifference(source.model, again.model) == nil, "seed \(seed)")
        }
    }

    @Test("a clamp no fused activation gives is refused, naming the operator")
    func unmatchedClamp() throws {
        let url = SharedFixtures.repositoryRoot.appendingPathComponent("models/mnist-mlp-student/mnist-mlp-student.edm")
        var bytes = [UInt8](try Data(contentsOf: url))
        let model = try LoadedModel(bytes: bytes).model
        // FULLY_CONNECTED's clamp minimum (word 5) of operator 0: its output zero point is −128, so
        // −100 is neither NONE nor RELU nor RELU6 nor RELU_N1_TO_1.
        let record = model.operatorRecord(0)
        let firstWord = word(bytes, record.recordOffset + 12)  // the record's "first parameter word"
        let wordOffset = try #require(parametersSectionStart(bytes)) + 4 * (firstWord + 5)
        withUnsafeBytes(of: Int32(-100).littleEndian) { for (i, b) in $0.enumerated() { bytes[wordOffset + i] = b } }
        let checksum = CRC32.checksum(Array(bytes[64...]))
        withUnsafeBytes(of: checksum.littleEndian) { for (i, b) in $0.enumerated() { bytes[20 + i] = b } }
        let tampered = try LoadedModel(bytes: bytes)
        #expect(throws: GraphReconstructionError.self) { try Graph(reconstructing: tampered) }
        #expect {
            try TFLiteWriter.write(tampered)
        } throws: { error in
            "\(error)".contains("operator 0 (FULLY_CONNECTED)")
        }
    }

    @Test("the zoo and MLPerf Tiny models, imported, export and import again to the same operators")
    func sharedModels() throws {
        guard let shared = SharedFixtures.path("conformance", neededBy: "TFLiteExportTests.sharedModels") else { return }
        let zoo = shared.appendingPathComponent("zoo")
        let mlperf = shared.appendingPathComponent("mlperf-tiny")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: zoo.path)) ?? []).map { zoo.appendingPathComponent("\($0)/model.tflite") }
            + ((try? FileManager.default.contentsOfDirectory(atPath: mlperf.path)) ?? []).filter { $0.hasSuffix(".tflite") }.map { mlperf.appendingPathComponent($0) }
        let present = files.filter { FileManager.default.fileExists(atPath: $0.path) }
        #expect(present.count >= 11, "\(present.map(\.path))")
        for file in present {
            let source = try LoadedModel(bytes: ModelWriter().write(TFLiteImporter.importGraph(from: [UInt8](Data(contentsOf: file)), name: "m")))
            #expect(throws: Never.self, "\(file.path)") { try TFLiteWriter.write(source) }
        }
    }

    /// The parameters section's start, from the section table (kind 4).
    private func parametersSectionStart(_ bytes: [UInt8]) -> Int? {
        for entry in 0..<8 where word(bytes, 64 + 16 * entry) == 4 { return word(bytes, 64 + 16 * entry + 4) }
        return nil
    }

    private func word(_ bytes: [UInt8], _ at: Int) -> Int {
        Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
    }
}
