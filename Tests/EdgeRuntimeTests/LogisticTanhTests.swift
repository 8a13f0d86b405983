import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

/// LOGISTIC and TANH: the kernels against `TFLMReference` on all int8 inputs for random input
/// quantizations, and against the real functions to within one output step; load-time validation.
@Suite struct LogisticTanhTests {
    typealias H = ActivationHarness

    @Test(arguments: 0..<12 as Range<UInt64>) func logistic(seed: UInt64) {
        var random = SampleGraphs.Generator(seed: seed)
        let x = H.quantization(&random, -4, 1)
        let words = TFLMReference.sigmoidPrepare(x)
        let p = H.decode(words, Logistic.Parameters.init)
        #expect(p.inputRangeRadius == Logistic.inputRangeRadius(leftShift: p.inputLeftShift))
        let output = H.run { Logistic.run(p, input: $0, output: $1, count: $2) }
        #expect(output == H.inputs.map { TFLMReference.logistic(words, $0) })
        for (q, y) in zip(H.inputs, output) {
            let exact = 256 / (1 + exp(-Double(x.scale) * Double(Int32(q) - x.zeroPoint))) - 128
            #expect(abs(Double(y) - min(exact, 127)) <= 1, "x = \(q): \(y) vs \(exact)")
        }
    }

    @Test(arguments: 0..<12 as Range<UInt64>) func tanh(seed: UInt64) {
        var random = SampleGraphs.Generator(seed: seed + 100)
        let x = H.quantization(&random, -4, 1)
        let words = TFLMReference.sigmoidPrepare(x)
        let output = H.run { Tanh.run(H.decode(words, Tanh.Parameters.init), input: $0, output: $1, count: $2) }
        #expect(output == H.inputs.map { TFLMReference.tanh(words, $0) })
        for (q, y) in zip(H.inputs, output) {
            let exact = 128 * Foundation.tanh(Double(x.scale) * Double(Int32(q) - x.zeroPoint))
            #expect(abs(Double(y) - min(exact, 127)) <= 1, "x = \(q): \(y) vs \(exact)")
        }
    }

    @Test func largeScalesSaturateEveryInput() {
        // Input scale 20: shift 32, radius 0; every input but the zero point saturates, and that one too.
        let words = TFLMReference.sigmoidPrepare(.init(20, 3))
        #expect(words[1] == 0 && words[3] == 32)
        let output = H.run { Tanh.run(H.decode(words, Tanh.Parameters.init), input: $0, output: $1, count: $2) }
        #expect(output == H.inputs.map { $0 <= 3 ? -128 : 127 })
    }

    static let logisticGraph = H.graph(.logistic, .init(scale: 0.05, zeroPoint: -3), .init(scale: 1.0 / 256, zeroPoint: -128))
    static let tanhGraph = H.graph(.tanh, .init(scale: 0.05, zeroPoint: -3), .init(scale: 1.0 / 128, zeroPoint: 0))

    /// Zero point, radius (must equal `15·2^27 >> shift`), multiplier (≥ 0), shift (0...62).
    @Test(arguments: [H.HostileWord(0, 128), .init(0, -129), .init(1, 1_000_000), .init(1, -5), .init(2, -1), .init(3, -1), .init(3, 63)])
    func outOfRangeWordIsRejected(_ hostile: H.HostileWord) throws {
        for graph in [Self.logisticGraph, Self.tanhGraph] {
            #expect(try H.error(graph, word: hostile.word, value: hostile.value) == .invalidParameter(operator: 0, word: hostile.word))
        }
    }

    @Test func shiftAndRadiusMustAgree() throws {
        #expect(try H.error(Self.tanhGraph, word: 3, value: 5) == .invalidParameter(operator: 0, word: 1))
    }

    @Test func writtenModelsValidate() throws {
        try H.expectValidatesAndNeedsEveryWord(Self.logisticGraph)
        try H.expectValidatesAndNeedsEveryWord(Self.tanhGraph)
    }

    @Test func logisticOutputZeroPointIsChecked() throws {
        var fixture = try ModelFileFixture(Self.logisticGraph)
        fixture.setInt32(-127, at: fixture.tensorRecord(1) + ModelFormat.TensorField.zeroPoint)
        fixture.fixChecksum()
        #expect(fixture.validationError() == .elementTypeMismatch(operator: 0, tensor: 1))
    }
}
