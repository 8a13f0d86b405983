import EdgeRuntime
import Testing
import TestSupport

@testable import EdgeModel

/// The float island a converter leaves for LayerNormalization's NEG, DEQUANTIZE → NEG → QUANTIZE,
/// imported, written and run: TFLM's outputs on every int8 input; NEG is float32 only.
@Suite struct NegImportTests {
    typealias G = ActivationImport.Golden

    static let goldens: [G] = [
        .init(59, x: .init(0.07, 9), y: .init(0.05, -3),
              tflm: "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7e7c7b7a787775747371706e6d6c6a69676665" +
              "6362605f5e5c5b59585755545251504e4d4b4a494746444342403f3d3c3b393836353432312f2e2d2b2a282726242321201f1d1c1a191816151312110f0e0c0b" +
              "0a08070504030100fefdfcfaf9f7f6f5f3f2f0efeeecebe9e8e7e5e4e2e1e0dedddbdad9d7d6d4d3d2d0cfcdcccbc9c8c6c5c4c2c1bfbebdbbbab8b7b6b4b3b1" +
              "b0afadacaaa9a8a6a5a3a2a19f9e9c9b9a989795949391908e8d8c8a898786858382808080808080808080808080808080808080808080808080808080808080"),
    ]

    @Test(arguments: goldens) func matchesTFLM(_ golden: G) throws {
        try ActivationImport.expectMatchesTFLM(golden, words: [], wordsOf: 1)
        let restated = (-128...127).map { TFLMReference.negatedRequantization(Int8($0), golden.x, golden.y) }
        #expect(restated == golden.expected)
    }

    @Test func int8IsRefused() {
        #expect(ActivationImport.refusal(.neg, .init(0.1, 0), .init(0.1, 0))?.contains("float32 only") == true)
    }
}
