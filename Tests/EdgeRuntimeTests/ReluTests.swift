import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

/// RELU (requantizing) and RELU6 (a clamp on the input's scale): the kernels against
/// `TFLMReference` on all int8 inputs, and load-time validation.
@Suite struct ReluTests {
    typealias H = ActivationHarness

    @Test(arguments: 0..<12 as Range<UInt64>) func relu(seed: UInt64) {
        var random = SampleGraphs.Generator(seed: seed + 400)
        let x = H.quantization(&random), y = H.quantization(&random)
        let words = TFLMReference.reluPrepare(x, y)
        guard words[3] <= 30 else { return }
        let output = H.run { Relu.run(H.decode(words, Relu.Parameters.init), input: $0, output: $1, count: $2) }
        #expect(output == H.inputs.map { TFLMReference.relu(words, $0) })
        #expect(output.allSatisfy { Int32($0) >= max(-128, y.zeroPoint) })
    }

    @Test(arguments: 0..<12 as Range<UInt64>) func relu6(seed: UInt64) {
        var random = SampleGraphs.Generator(seed: seed + 500)
        let x = H.quantization(&random, -3, 0)
        let words = TFLMReference.relu6Prepare(x)
        let output = H.run { Relu6.run(H.decode(words, Relu6.Parameters.init), input: $0, output: $1, count: $2) }
        #expect(output == H.inputs.map { TFLMReference.relu6(words, $0) })
    }

    /// Zero points, multiplier (≥ 0), shift (-31...30), clamp in int8.
    @Test(arguments: [H.HostileWord(0, 128), .init(2, -1), .init(3, 31), .init(3, -32), .init(4, -129), .init(5, 128)])
    func outOfRangeReluWordIsRejected(_ hostile: H.HostileWord) throws {
        #expect(try H.error(H.graph(.relu), word: hostile.word, value: hostile.value) == .invalidParameter(operator: 0, word: hostile.word))
    }

    /// Both bounds in int8, the lower one not above the upper one.
    @Test(arguments: [H.HostileWord(0, 127), .init(0, -129), .init(1, 128)])
    func outOfRangeRelu6WordIsRejected(_ hostile: H.HostileWord) throws {
        #expect(try H.error(H.graph(.relu6), word: hostile.word, value: hostile.value) == .invalidParameter(operator: 0, word: hostile.word))
    }

    @Test func writtenModelsValidate() throws {
        try H.expectValidatesAndNeedsEveryWord(H.graph(.relu))
        try H.expectValidatesAndNeedsEveryWord(H.graph(.relu6))
    }
}
