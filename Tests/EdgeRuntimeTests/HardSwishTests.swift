import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

/// HARD_SWISH: the 16-bit kernel against `TFLMReference` on all int8 inputs, from input scales
/// whose relu-ish shift is a right shift past 16 bits to ones where it is a saturating left shift.
@Suite struct HardSwishTests {
    typealias H = ActivationHarness

    @Test(arguments: 0..<16 as Range<UInt64>) func matchesTheReference(seed: UInt64) {
        var random = SampleGraphs.Generator(seed: seed + 200)
        let x = H.quantization(&random, -8, 2)
        var y = H.quantization(&random)
        y.scale = x.scale * pow(10, -2 + 4 * random.unit())  // the output shift stays a right shift
        let words = TFLMReference.hardSwishPrepare(x, y)
        guard words[3] <= 0 else {
            Issue.record("the test drew an output scale TFLM refuses: \(words)")
            return
        }
        let output = H.run { HardSwish.run(H.decode(words, HardSwish.Parameters.init), input: $0, output: $1, count: $2) }
        #expect(output == H.inputs.map { TFLMReference.hardSwish(words, $0) })
    }

    @Test func followsTheFunction() {
        let x = H.Q(0.05, -10), y = H.Q(0.04, -60)
        let words = TFLMReference.hardSwishPrepare(x, y)
        let output = H.run { HardSwish.run(H.decode(words, HardSwish.Parameters.init), input: $0, output: $1, count: $2) }
        for (q, out) in zip(H.inputs, output) {
            let real = Double(x.scale) * Double(Int32(q) - x.zeroPoint)
            let exact = real * min(6, max(0, real + 3)) / 6 / Double(y.scale) + Double(y.zeroPoint)
            #expect(abs(Double(out) - min(max(exact, -128), 127)) <= 2, "x = \(q): \(out) vs \(exact)")
        }
    }

    /// Zero points, Q15 output multiplier, its exponent (-31...0), Q15 relu-ish multiplier, its exponent (-31...31).
    @Test(arguments: [H.HostileWord(0, 128), .init(1, 200), .init(2, 32768), .init(2, -1), .init(3, 1), .init(3, -32),
                      .init(4, -1), .init(4, 40000), .init(5, 32), .init(5, -32)])
    func outOfRangeWordIsRejected(_ hostile: H.HostileWord) throws {
        #expect(try H.error(H.graph(.hardSwish), word: hostile.word, value: hostile.value) == .invalidParameter(operator: 0, word: hostile.word))
    }

    @Test func writtenModelValidates() throws {
        try H.expectValidatesAndNeedsEveryWord(H.graph(.hardSwish))
    }
}
