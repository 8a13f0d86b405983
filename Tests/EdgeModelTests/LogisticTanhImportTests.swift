import EdgeRuntime
import Testing
import TestSupport

@testable import EdgeModel

/// LOGISTIC and TANH imported, written and run: TFLM's outputs on every int8 input, TFLM's words,
/// and the input scales where TFLM's radius is undefined refused.
@Suite struct LogisticTanhImportTests {
    typealias G = ActivationImport.Golden

    static let goldens: [G] = [
        .init(14, x: .init(0.0625, 3), y: .init(0.00390625, -128),
              tflm: "80808080808080808080808080808080808080808080808080808080808080808181818181818181818181818181818181828282828282828282838383838384" +
              "8484848585858686868787888888898a8a8b8b8c8d8e8f8f90919293959697989a9b9d9fa0a2a4a6a8aaacafb1b4b6b9bcbfc2c5c8cbcfd2d6d9dde1e4e8ecf0" +
              "f4f8fc0004080c1014181c1f23272a2e3135383b3e4144474a4c4f515456585a5c5e606163656668696a6b6d6e6f707171727374757576767778787879797a7a" +
              "7a7b7b7b7c7c7c7c7d7d7d7d7d7e7e7e7e7e7e7e7e7e7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f"),
        .init(14, x: .init(0.0213, -20), y: .init(0.00390625, -128),
              tflm: "97989899999a9a9b9b9c9c9d9d9e9e9fa0a0a1a1a2a3a3a4a5a5a6a7a7a8a9aaaaabacadadaeafb0b1b2b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7" +
              "c8c9cacbcdcecfd0d1d2d4d5d6d7d8dadbdcdddfe0e1e3e4e5e6e8e9eaecedeef0f1f2f4f5f6f8f9fbfcfdff000103040507080a0b0c0e0f101213141617181a" +
              "1b1c1d1f20212324252628292a2b2c2e2f3031323335363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4e4f505152535354555656575859595a5b" +
              "5b5c5d5d5e5f5f606061626263636464656566666767686869696a6a6a6b6b6c6c6c6d6d6e6e6e6f6f6f70707071717171727272737373737474747475757575"),
        .init(28, x: .init(0.03125, -5), y: .init(0.0078125, 0),
              tflm: "80808080808080808080808080808080808080808080808081818181818181818181818181818181818282828282828282828383838383848484848585858686" +
              "868787888888898a8a8b8b8c8d8e8f8f90919293959697989a9b9d9fa0a2a4a6a8aaacafb1b4b6b9bcbfc2c5c8cbcfd2d6d9dde1e4e8ecf0f4f8fc0004080c10" +
              "14181c1f23272a2e3135383b3e4144474a4c4f515456585a5c5e606163656668696a6b6d6e6f707171727374757576767778787879797a7a7a7b7b7b7c7c7c7c" +
              "7d7d7d7d7d7e7e7e7e7e7e7e7e7e7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f"),
        .init(28, x: .init(0.0117, 10), y: .init(0.02, 7),
              tflm: "8a8a8a8a8b8b8b8b8c8c8c8c8d8d8d8e8e8e8f8f8f90909091919192929393939494959596969697979898999a9a9b9b9c9c9d9e9e9f9fa0a1a1a2a3a4a4a5a6" +
              "a6a7a8a9aaaaabacadaeafb0b1b2b2b3b4b5b6b7b8b9babcbdbebfc0c1c2c3c5c6c7c8c9cbcccdced0d1d2d4d5d6d8d9dadcdddee0e1e3e4e5e7e8eaebedeef0" +
              "f1f3f4f6f7f9fafcfdff000103040607090a0c0d0f101213151618191b1c1d1f202223242627282a2b2c2e2f30323334353738393a3b3d3e3f40414243444647" +
              "48494a4b4c4d4e4e4f50515253545556565758595a5a5b5c5c5d5e5f5f60616162626364646565666667686869696a6a6a6b6b6c6c6d6d6d6e6e6f6f6f707070"),
    ]

    @Test(arguments: goldens) func matchesTFLM(_ golden: G) throws {
        try ActivationImport.expectMatchesTFLM(golden, words: TFLMReference.sigmoidPrepare(golden.x))
    }

    @Test func refusals() {
        typealias Q = ActivationImport.Q
        #expect(ActivationImport.refusal(.logistic, Q(0.05, 0), Q(1.0 / 256, -127))?.contains("zero point -128") == true)
        #expect(ActivationImport.refusal(.logistic, Q(1e-9, 0), Q(1.0 / 256, -128))?.contains("input radius") == true)
        #expect(ActivationImport.refusal(.tanh, Q(1e12, 0), Q(1.0 / 128, 0))?.contains("input radius") == true)
        #expect(ActivationImport.refusal(.tanh, Q(20, 0), Q(1.0 / 128, 0)) == nil, "radius 0: every input saturates")
        #expect(ActivationImport.refusal(.tanh, Q(0.1, 0), Q(0.3, 9)) == nil, "TFLM reads neither the output scale nor its zero point")
    }
}
