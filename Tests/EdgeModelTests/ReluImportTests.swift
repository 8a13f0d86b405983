import EdgeRuntime
import Testing
import TestSupport

@testable import EdgeModel

/// RELU and RELU6 imported, written and run: TFLM's outputs on every int8 input and TFLM's words;
/// RELU6 keeps the input's bytes whatever the output's quantization, as TFLM does.
@Suite struct ReluImportTests {
    typealias G = ActivationImport.Golden

    static let goldens: [G] = [
        .init(19, x: .init(0.05, 4), y: .init(0.025, -128),
              tflm: "80808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080" +
              "80808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080" +
              "8080808080828486888a8c8e90929496989a9c9ea0a2a4a6a8aaacaeb0b2b4b6b8babcbec0c2c4c6c8caccced0d2d4d6d8dadcdee0e2e4e6e8eaeceef0f2f4f6" +
              "f8fafcfe00020406080a0c0e10121416181a1c1e20222426282a2c2e30323436383a3c3e40424446484a4c4e50525456585a5c5e60626466686a6c6e70727476"),
        .init(19, x: .init(0.1, -7), y: .init(0.3, -3),
              tflm: "fdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfd" +
              "fdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfefefeffffff" +
              "0000000101010202020303030404040505050606060707070808080909090a0a0a0b0b0b0c0c0c0d0d0d0e0e0e0f0f0f10101011111112121213131314141415" +
              "15151616161717171818181919191a1a1a1b1b1b1c1c1c1d1d1d1e1e1e1f1f1f2020202121212222222323232424242525252626262727272828282929292a2a"),
        .init(21, x: .init(0.05, -30), y: .init(0.05, -30),
              tflm: "e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2" +
              "e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff" +
              "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f" +
              "404142434445464748494a4b4c4d4e4f505152535455565758595a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"),
        .init(21, x: .init(0.02, 10), y: .init(0.04, -128),
              tflm: "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a" +
              "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a" +
              "0a0a0a0a0a0a0a0a0a0a0a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f" +
              "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"),
    ]

    @Test(arguments: goldens) func matchesTFLM(_ golden: G) throws {
        let words = golden.code == 19 ? TFLMReference.reluPrepare(golden.x, golden.y) : TFLMReference.relu6Prepare(golden.x)
        try ActivationImport.expectMatchesTFLM(golden, words: words)
    }

    @Test func reluRequantizationBeyondThirtyBitsIsRefused() {
        #expect(ActivationImport.refusal(.relu, .init(60, 0), .init(1e-8, 0))?.contains("too large") == true)
    }

    @Test func relu6SaturatesSixForTinyScales() throws {
        // 6 / 1e-9 does not fit int32: TFLM's conversion is undefined there; Arm saturates, and so does the writer.
        let tensors = (0...1).map { TensorDescription(name: "t\($0)", shape: [4], elementType: .int8, quantization: .init(scale: 1e-9, zeroPoint: -5)) }
        let graph = Graph(name: "relu6", tensors: tensors, operators: [.init(kind: .relu6, inputs: [0], outputs: [1])], inputs: [0], outputs: [1])
        #expect(try OperatorParameters(graph: graph).words(forOperator: 0) == [-5, 127])
    }

    @Test func optionsOfAnotherOperatorAreRejected() throws {
        var model = SingleOperatorTFLite(
            tensors: [.init(name: "x", shape: [4], type: 9, quantization: (0.1, 0)), .init(name: "y", shape: [4], type: 9, quantization: (0.1, 0))],
            operators: [.init(code: 19, inputs: [0], outputs: [1], optionsType: BuiltinOptionsType.leakyReluOptions.rawValue, options: [:])],
            outputs: [1])
        #expect(throws: TFLiteImportError.self) { try TFLiteImporter.importGraph(from: model.serialized(), name: "relu") }
        model.operators[0] = .init(code: 21, inputs: [0], outputs: [1])
        #expect(try TFLiteImporter.importGraph(from: model.serialized(), name: "relu6").operators[0].kind == .relu6)
    }
}
