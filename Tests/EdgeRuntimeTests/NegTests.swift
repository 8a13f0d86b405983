import EdgeModel
import EdgeRuntime
import Testing
import TestSupport

/// NEG: a float32 sign flip, and the validation that keeps it float32.
@Suite struct NegTests {
    @Test func flipsTheSign() {
        let values: [Float] = [0, -0, 1.5, -3.25e-20, .infinity, -.greatestFiniteMagnitude, .nan]
        var output = [Float](repeating: 7, count: values.count)
        values.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in Neg.run(input: x.baseAddress!, output: y.baseAddress!, count: values.count) }
        }
        for (x, y) in zip(values, output) { #expect(y.bitPattern == x.bitPattern ^ 0x8000_0000) }
    }

    @Test func writtenModelValidates() throws {
        try ActivationHarness.expectValidatesAndNeedsEveryWord(ActivationHarness.graph(.neg, type: .float32))
    }

    @Test func int8IsRejected() throws {
        // A valid int8 record relabelled NEG.
        var fixture = try ModelFileFixture(ActivationHarness.graph(.relu6))
        fixture.bytes[fixture.operatorRecord(0) + ModelFormat.OperatorField.kind] = UInt8(OperatorKind.neg.rawValue)
        fixture.fixChecksum()
        #expect(fixture.validationError() == .elementTypeMismatch(operator: 0, tensor: 0))
    }
}
