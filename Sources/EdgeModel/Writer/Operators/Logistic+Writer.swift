import EdgeRuntime
import Foundation

extension OperatorParameters {
    /// LOGISTIC: TFLM's `CalculateArithmeticOpDataLogistic` for int8; the output zero point must be
    /// −128 (TFLM's check; the output scale is not read).
    func logistic(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let (x, y) = try int8Unary(op, index)
        guard y.zeroPoint == -128 else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "int8 LOGISTIC output must have zero point -128")
        }
        let parameters = try sigmoidInputScaling(x, op, index)
        // The reference kernel's outputs for all 256 inputs, so the device does one load per value.
        return parameters.words + ByteTable.words { Logistic.value(parameters, of: $0) }
    }

    /// The input scaling of LOGISTIC and TANH, in double as TFLM's `Prepare` does it:
    /// `frexp(inputScale · 2^27)` gives the Q31 multiplier and the left shift, and
    /// `CalculateInputRadius(4, shift, 31) = floor(15 · 2^27 / 2^shift)` the saturation radius.
    func sigmoidInputScaling(_ x: QuantizationParameters, _ op: OperatorDescription, _ index: Int) throws(ModelWriterError)
        -> Logistic.Parameters
    {
        let integerBits = Int(Logistic.inputIntegerBits)
        let real = Double(x.scale) * Double(1 << (31 - integerBits))
        let (fraction, exponent) = frexp(real)
        // TFLM shifts 1LL by the exponent: below 0 (input scale < 2^-28) or above 62 it is undefined.
        guard x.scale > 0, (0...62).contains(exponent),
            let multiplier = Int32(exactly: (fraction * Double(Int64(1) << 31)).rounded(.toNearestOrAwayFromZero))
        else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "input scale \(x.scale) is outside [2^-28, 2^35), where TFLM's input radius is defined")
        }
        let radius = 1.0 * Double((1 << integerBits) - 1) * Double(Int64(1) << (31 - integerBits)) / Double(Int64(1) << exponent)
        return Logistic.Parameters(
            inputZeroPoint: x.zeroPoint, inputRangeRadius: Int32(floor(radius)), inputMultiplier: multiplier,
            inputLeftShift: Int32(exponent))
    }

    /// The quantization of an int8 operator's single input and output.
    func int8Unary(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError)
        -> (input: QuantizationParameters, output: QuantizationParameters)
    {
        let input = try tensor(op, input: 0, index)
        let out = try output(op, index)
        guard input.elementType == .int8, out.elementType == .int8 else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "input and output must be int8 (they are \(input.elementType) and \(out.elementType))")
        }
        return (try quantization(input, op, index), try quantization(out, op, index))
    }
}
