import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

/// RSQRT: the kernel against `TFLMReference` on every input at or above the zero point (TFLM
/// errors below it), the value it gives below, and load-time validation.
@Suite struct RsqrtTests {
    typealias H = ActivationHarness

    @Test(arguments: 0..<16 as Range<UInt64>) func matchesTheReference(seed: UInt64) {
        var random = SampleGraphs.Generator(seed: seed + 600)
        let x = H.quantization(&random, -4, 1), y = H.quantization(&random, -4, 1)
        let words = TFLMReference.rsqrtPrepare(x, y)
        guard Rsqrt.shifts.contains(words[3]) else { return }
        let defined = H.inputs.filter { Int32($0) >= x.zeroPoint }
        let output = H.run(defined) { Rsqrt.run(H.decode(words, Rsqrt.Parameters.init), input: $0, output: $1, count: $2) }
        #expect(output == defined.map { TFLMReference.rsqrt(words, $0) })
    }

    @Test func followsTheFunction() {
        let x = H.Q(0.01, -128), y = H.Q(0.05, -128)
        let words = TFLMReference.rsqrtPrepare(x, y)
        let output = H.run { Rsqrt.run(H.decode(words, Rsqrt.Parameters.init), input: $0, output: $1, count: $2) }
        for (q, out) in zip(H.inputs, output).dropFirst() {
            let exact = 1 / (Double(x.scale) * Double(Int32(q) - x.zeroPoint)).squareRoot() / Double(y.scale) + Double(y.zeroPoint)
            #expect(abs(Double(out) - min(exact, 127)) <= 1, "x = \(q): \(out) vs \(exact)")
        }
        #expect(output[0] == 127, "the zero point gives the largest output")
    }

    @Test func belowTheZeroPointIsComputedAsForOne() {
        let words: [Int32] = [0, -20, 1_500_000_000, 3]
        let output = H.run([-5, -1, 1]) { Rsqrt.run(H.decode(words, Rsqrt.Parameters.init), input: $0, output: $1, count: $2) }
        #expect(output[0] == output[2] && output[1] == output[2])
    }

    /// Zero points, multiplier (≥ 0), shift (-11...50, so that shift − 20 is a valid shift).
    @Test(arguments: [H.HostileWord(0, 128), .init(1, -200), .init(2, -2), .init(3, -12), .init(3, 51)])
    func outOfRangeWordIsRejected(_ hostile: H.HostileWord) throws {
        #expect(try H.error(H.graph(.rsqrt), word: hostile.word, value: hostile.value) == .invalidParameter(operator: 0, word: hostile.word))
    }

    @Test func writtenModelValidates() throws {
        try H.expectValidatesAndNeedsEveryWord(H.graph(.rsqrt))
    }
}
