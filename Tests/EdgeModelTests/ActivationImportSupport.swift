import EdgeRuntime
import Testing
import TestSupport

@testable import EdgeModel

/// What the activation import suites share: TFLM's outputs for one-operator models over `[1, 256]`
/// (computed with the `tflite_micro` Python package of Oct 2026 on the inputs -128...127), the
/// TFLite file of such a model, and running it through importer, writer and interpreter.
enum ActivationImport {
    typealias Q = TFLMReference.Quantization

    /// One operator's quantization and TFLM's outputs for the inputs -128...127.
    struct Golden: Sendable, CustomTestStringConvertible {
        /// The TFLite builtin code; NEG (59) stands for the island DEQUANTIZE → NEG → QUANTIZE.
        var code: Int32
        var x: Q
        var y: Q
        var alpha: Float?
        /// TFLM's outputs as hex bytes.
        var tflm: String

        init(_ code: Int32, x: Q, y: Q, alpha: Float? = nil, tflm: String) {
            (self.code, self.x, self.y, self.alpha, self.tflm) = (code, x, y, alpha, tflm)
        }

        var testDescription: String {
            "\(TFLiteBuiltinOperator.name(ofCode: code) ?? "?") x \(x.scale)/\(x.zeroPoint) y \(y.scale)/\(y.zeroPoint)"
        }

        var expected: [Int8] {
            let bytes = Array(tflm.utf8)
            return stride(from: 0, to: bytes.count, by: 2).map { Int8(bitPattern: UInt8(String(decoding: bytes[$0..<$0 + 2], as: UTF8.self), radix: 16)!) }
        }
    }

    /// The TFLite file of a golden.
    static func tflite(_ golden: Golden) -> [UInt8] {
        typealias T = SingleOperatorTFLite
        let x = T.Tensor(name: "x", shape: [1, 256], type: 9, quantization: (golden.x.scale, Int64(golden.x.zeroPoint)))
        let y = T.Tensor(name: "y", shape: [1, 256], type: 9, quantization: (golden.y.scale, Int64(golden.y.zeroPoint)))
        if golden.code == 59 {
            let float = { T.Tensor(name: $0, shape: [1, 256], type: 0, quantization: nil) }
            return T(
                tensors: [x, float("x_float"), float("negated"), y],
                operators: [
                    .init(code: 6, inputs: [0], outputs: [1]),
                    .init(code: 59, inputs: [1], outputs: [2], optionsType: BuiltinOptionsType.negOptions.rawValue, options: [:]),
                    .init(code: 114, inputs: [2], outputs: [3]),
                ],
                outputs: [3]
            ).serialized()
        }
        var op = T.Operator(code: golden.code, inputs: [0], outputs: [1])
        if let alpha = golden.alpha {
            op.optionsType = BuiltinOptionsType.leakyReluOptions.rawValue
            op.options = [LeakyReluOptionsField.alpha.rawValue: .float32(alpha)]
        }
        if golden.code == 117 {
            op.optionsType = BuiltinOptionsType.hardSwishOptions.rawValue
            op.options = [:]
        }
        return T(tensors: [x, y], operators: [op], outputs: [1]).serialized()
    }

    /// Imports, writes, loads and runs `bytes` on the inputs -128...127; the outputs and the words
    /// of operator `wordsOf`.
    static func run(_ bytes: [UInt8], wordsOf index: Int = 0) throws -> (outputs: [Int8], words: [Int32]) {
        let graph = try TFLiteImporter.importGraph(from: bytes, name: "single")
        let loaded = try LoadedModel(bytes: ModelWriter().write(graph))
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: loaded.model.arenaBytes, alignment: 16)
        defer { arena.deallocate() }
        let interpreter = try Interpreter(model: loaded.model, arena: arena)
        let input = interpreter.inputBytes(0)
        for i in 0..<256 { input[i] = UInt8(truncatingIfNeeded: i - 128) }
        interpreter.invoke()
        let record = loaded.model.operatorRecord(index)
        return (interpreter.outputBytes(0).map { Int8(bitPattern: $0) }, (0..<record.parameterCount).map { record.parameter($0) })
    }

    /// Runs a golden and checks TFLM's outputs and the words TFLM's `Prepare` computes.
    static func expectMatchesTFLM(_ golden: Golden, words expectedWords: [Int32], wordsOf index: Int = 0) throws {
        let (outputs, words) = try run(tflite(golden), wordsOf: index)
        #expect(outputs == golden.expected)
        // Prepare's words, then for HARD_SWISH the writer's table of the reference kernel (ByteTable).
        #expect(Array(words.prefix(expectedWords.count)) == expectedWords)
        #expect(words.count == expectedWords.count || words.count == expectedWords.count + ByteTable.wordCount)
    }

    /// Why the writer refuses a one-operator int8 graph over `[1, 8]` (`nil` when it does not).
    static func refusal(_ kind: OperatorKind, _ x: Q, _ y: Q, type: ElementType = .int8, alpha: Float = 0) -> String? {
        let tensors = [x, y].enumerated().map { index, q in
            TensorDescription(name: "t\(index)", shape: [1, 8], elementType: type, quantization: .init(scale: q.scale, zeroPoint: q.zeroPoint))
        }
        let graph = Graph(
            name: "refused", tensors: tensors, operators: [.init(kind: kind, inputs: [0], outputs: [1], options: .init(alpha: alpha))],
            inputs: [0], outputs: [1])
        do {
            _ = try ModelWriter().write(graph)
            return nil
        } catch {
            guard case .invalidOperator(_, _, let reason) = error else { return "\(error)" }
            return reason
        }
    }
}
