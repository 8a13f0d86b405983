import EdgeRuntime
import Testing
import TestSupport

@testable import EdgeModel

/// HARD_SWISH imported, written and run: TFLM's outputs on every int8 input and TFLM's words.
@Suite struct HardSwishImportTests {
    typealias G = ActivationImport.Golden

    static let goldens: [G] = [
        .init(117, x: .init(0.05, -10), y: .init(0.03, -100),
              tflm: "9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9b9a9a9998" +
              "9797969695959494939392929291919190909090909090908f90909090909090909191919192929393949495959696979798999a9a9b9c9d9e9fa0a1a1a3a4a5" +
              "a6a7a8a9aaacadaeafb1b2b4b5b7b8babbbdbec0c2c3c5c7c8caccced0d2d4d6d8dadcdee0e2e4e6e8ebedeff1f4f6f9fbfe0002030507080a0c0d0f11121416" +
              "17191b1c1e2021232526282a2b2d2f3032343537393a3c3e3f4143444648494b4d4e5052535557585a5c5d5f6162646667696b6c6e7071737576787a7b7d7f7f"),
        .init(117, x: .init(0.2, 20), y: .init(0.18, -90),
              tflm: "a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6" +
              "a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6" +
              "a6a6a6a6a6a6a5a5a5a4a4a4a4a4a4a4a4a5a5a5a6a7a7a8a9aaabacadaeafb1b2b3b5b7b8b9babbbcbdbec0c1c2c3c4c5c6c7c8cacbcccdcecfd0d1d2d4d5d6" +
              "d7d8d9dadbdcdedfe0e1e2e3e4e5e6e8e9eaebecedeeeff0f2f3f4f5f6f7f8f9fafcfdfeff0001020304060708090a0b0c0d0e1011121314151617181a1b1c1d"),
    ]

    @Test(arguments: goldens) func matchesTFLM(_ golden: G) throws {
        try ActivationImport.expectMatchesTFLM(golden, words: TFLMReference.hardSwishPrepare(golden.x, golden.y))
    }

    @Test func outputScaleBelowInputScaleOver128IsRefused() {
        // TFLM's Prepare requires the output multiplier's exponent to be at most 0.
        #expect(ActivationImport.refusal(.hardSwish, .init(1, 0), .init(0.001, 0))?.contains("right shift") == true)
        #expect(ActivationImport.refusal(.hardSwish, .init(1, 0), .init(0.008, 0)) == nil)
    }
}
