import EdgeRuntime
import Testing
import TestSupport

@testable import EdgeModel

/// LEAKY_RELU imported, written and run: TFLM's outputs on every int8 input for a positive and a
/// negative slope, TFLM's words, the slope read from `LeakyReluOptions`.
@Suite struct LeakyReluImportTests {
    typealias G = ActivationImport.Golden

    static let goldens: [G] = [
        .init(98, x: .init(0.04, 5), y: .init(0.03, -20), alpha: 0.2,
              tflm: "c8c9c9c9c9cacacacacbcbcbcbcccccccdcdcdcdcececececfcfcfcfd0d0d0d1d1d1d1d2d2d2d2d3d3d3d3d4d4d4d5d5d5d5d6d6d6d6d7d7d7d7d8d8d8d9d9d9" +
              "d9dadadadadbdbdbdbdcdcdcdddddddddededededfdfdfdfe0e0e0e1e1e1e1e2e2e2e2e3e3e3e3e4e4e4e5e5e5e5e6e6e6e6e7e7e7e7e8e8e8e9e9e9e9eaeaea" +
              "eaebebebebecedeff0f1f3f4f5f7f8f9fbfcfdff00010304050708090b0c0d0f10111314151718191b1c1d1f20212324252728292b2c2d2f3031333435373839" +
              "3b3c3d3f40414344454748494b4c4d4f50515354555758595b5c5d5f60616364656768696b6c6d6f70717374757778797b7c7d7f7f7f7f7f7f7f7f7f7f7f7f7f"),
        .init(98, x: .init(0.01, -30), y: .init(0.02, 10), alpha: -1.5,
              tflm: "5353525150504f4e4d4d4c4b4a4a494847474645444443424141403f3e3e3d3c3b3b3a393838373635353433323231302f2f2e2d2c2c2b2a2929282726262524" +
              "2323222120201f1e1d1d1c1b1a1a191817171615141413121111100f0e0e0d0c0b0b0a0b0b0c0c0d0d0e0e0f0f10101111121213131414151516161717181819" +
              "191a1a1b1b1c1c1d1d1e1e1f1f20202121222223232424252526262727282829292a2a2b2b2c2c2d2d2e2e2f2f30303131323233333434353536363737383839" +
              "393a3a3b3b3c3c3d3d3e3e3f3f40404141424243434444454546464747484849494a4a4b4b4c4c4d4d4e4e4f4f50505151525253535454555556565757585859"),
    ]

    @Test(arguments: goldens) func matchesTFLM(_ golden: G) throws {
        try ActivationImport.expectMatchesTFLM(golden, words: TFLMReference.leakyReluPrepare(golden.x, golden.y, alpha: golden.alpha!))
    }

    @Test func alphaIsReadFromTheOptions() throws {
        let model = SingleOperatorTFLite(
            tensors: [.init(name: "x", shape: [4], type: 9, quantization: (0.1, 0)), .init(name: "y", shape: [4], type: 9, quantization: (0.1, 0))],
            operators: [.init(code: 98, inputs: [0], outputs: [1], optionsType: BuiltinOptionsType.leakyReluOptions.rawValue, options: [0: .float32(-0.25)])],
            outputs: [1])
        let graph = try TFLiteImporter.importGraph(from: model.serialized(), name: "alpha")
        #expect(graph.operators[0].kind == .leakyRelu && graph.operators[0].options.alpha == -0.25)
    }

    @Test func requantizationBeyondThirtyBitsIsRefused() {
        // 60 · 0.5 / 1e-8 needs a left shift of 32, which TFLM's MultiplyByQuantizedMultiplier cannot do.
        #expect(ActivationImport.refusal(.leakyRelu, .init(60, 0), .init(1e-8, 0), alpha: 0.5)?.contains("too large") == true)
    }
}
