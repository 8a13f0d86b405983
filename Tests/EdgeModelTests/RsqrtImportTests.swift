import EdgeRuntime
import Testing
import TestSupport

@testable import EdgeModel

/// RSQRT imported, written and run: TFLM's outputs on every int8 input (zero point -128, so none
/// lies below it) and TFLM's words.
@Suite struct RsqrtImportTests {
    typealias G = ActivationImport.Golden

    static let goldens: [G] = [
        .init(76, x: .init(0.01, -128), y: .init(0.05, -128),
              tflm: "7f480df3e4d9d2ccc7c3bfbcbab7b5b4b2b1afaeadacabaaa9a8a7a6a6a5a5a4a3a3a2a2a1a1a0a0a09f9f9e9e9e9d9d9d9d9c9c9c9b9b9b9b9a9a9a9a9a9999" +
              "99999998989898989897979797979797969696969696969595959595959595959494949494949494949493939393939393939393939292929292929292929292" +
              "9292929191919191919191919191919191919190909090909090909090909090909090909090908f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8e" +
              "8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d"),
        .init(76, x: .init(0.3, -128), y: .init(0.01, -100),
              tflm: "7f531d05f7eee7e1ddd9d6d3d1cfcdcbcac8c7c6c5c4c3c2c1c1c0bfbfbebdbdbcbcbbbbbababab9b9b9b8b8b8b7b7b7b6b6b6b6b5b5b5b5b4b4b4b4b4b3b3b3" +
              "b3b3b2b2b2b2b2b2b2b1b1b1b1b1b1b1b0b0b0b0b0b0b0b0afafafafafafafafafafaeaeaeaeaeaeaeaeaeaeaeadadadadadadadadadadadadadadacacacacac" +
              "acacacacacacacacacacacababababababababababababababababababababaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa9a9a9a9a9a9a9a9a9" +
              "a9a9a9a9a9a9a9a9a9a9a9a9a9a9a9a9a9a9a9a9a9a9a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a7a7a7"),
    ]

    @Test(arguments: goldens) func matchesTFLM(_ golden: G) throws {
        try ActivationImport.expectMatchesTFLM(golden, words: TFLMReference.rsqrtPrepare(golden.x, golden.y))
    }

    @Test func multiplierOutsideTheTwoStepRangeIsRefused() {
        // 1 / (√1e-10 · 1e-11) = 1e16 needs a shift of 54; TFLM's second step would shift left by 34.
        #expect(ActivationImport.refusal(.rsqrt, .init(1e-10, 0), .init(1e-11, 0))?.contains("requantization") == true)
    }
}
