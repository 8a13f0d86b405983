import EdgeRuntime

extension OperatorParameters {
    /// RSQRT: TFLM's `SetRsqrtOutputMultiplier`: `1 / double(sqrtf(inputScale) · outputScale)` with
    /// the square root and the product in float, quantized as a Q31 multiplier.
    func rsqrt(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let (x, y) = try int8Unary(op, index)
        let m = QuantizedMultiplier(1.0 / Double(x.scale.squareRoot() * y.scale))
        guard Rsqrt.shifts.contains(m.shift) else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "1 / (√input scale · output scale) is outside the range TFLM's two-step requantization handles")
        }
        return Rsqrt.Parameters(inputZeroPoint: x.zeroPoint, outputZeroPoint: y.zeroPoint, multiplier: m.multiplier, shift: m.shift).words
    }
}
