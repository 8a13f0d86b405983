import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

/// LEAKY_RELU: the kernel against `TFLMReference` on all int8 inputs for random quantizations and
/// slopes (negative, zero, above one), and against the real function to within one output step.
@Suite struct LeakyReluTests {
    typealias H = ActivationHarness

    @Test(arguments: 0..<16 as Range<UInt64>) func matchesTheReference(seed: UInt64) {
        var random = SampleGraphs.Generator(seed: seed + 300)
        let x = H.quantization(&random), y = H.quantization(&random)
        let alphas: [Float] = [0.2, 0, -1.5, 2.5, -0.01, 0.999]
        let alpha = seed < 6 ? alphas[Int(seed)] : -3 + 6 * random.unit()
        let words = TFLMReference.leakyReluPrepare(x, y, alpha: alpha)
        guard words[3] <= 30, words[5] <= 30 else { return }
        let output = H.run { LeakyRelu.run(H.decode(words, LeakyRelu.Parameters.init), input: $0, output: $1, count: $2) }
        #expect(output == H.inputs.map { TFLMReference.leakyRelu(words, $0) })
        for (q, out) in zip(H.inputs, output) {
            let real = Double(x.scale) * Double(Int32(q) - x.zeroPoint)
            let exact = (real >= 0 ? real : Double(alpha) * real) / Double(y.scale) + Double(y.zeroPoint)
            #expect(abs(Double(out) - min(max(exact, -128), 127)) <= 1, "x = \(q): \(out) vs \(exact)")
        }
    }

    static let graph = H.graph(.leakyRelu, options: .init(alpha: 0.3))

    /// Zero points, alpha multiplier (any sign but Int32.min) and shift, identity multiplier (≥ 0) and shift.
    @Test(arguments: [H.HostileWord(0, 300), .init(1, -129), .init(2, Int32.min), .init(3, 31), .init(3, -32),
                      .init(4, -7), .init(5, 31), .init(5, -32)])
    func outOfRangeWordIsRejected(_ hostile: H.HostileWord) throws {
        #expect(try H.error(Self.graph, word: hostile.word, value: hostile.value) == .invalidParameter(operator: 0, word: hostile.word))
    }

    @Test func writtenModelValidates() throws {
        try H.expectValidatesAndNeedsEveryWord(Self.graph)
        try H.expectValidatesAndNeedsEveryWord(H.graph(.leakyRelu, options: .init(alpha: -2)))
    }
}
