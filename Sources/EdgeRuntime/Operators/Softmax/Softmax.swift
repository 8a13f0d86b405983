/// Reference int8 SOFTMAX, bit-exact with TFLite's `reference_ops::Softmax` for int8 in and out:
/// fixed-point exponentials of the differences to the row maximum (Q5.26 in, Q0.31 out), summed
/// in Q12.19, multiplied by the sum's reciprocal; output scale 1/256, zero point -128.
public enum Softmax {
    /// Quantization constants, precomputed by the model writer.
    public struct Parameters: Equatable, Sendable {
        /// Q31 multiplier of `beta · inputScale · 2^(31−5)`.
        public var inputMultiplier: Int32
        /// Its left shift (≥ 0).
        public var inputLeftShift: Int32
        /// Differences below this are treated as exp(−∞) = 0.
        public var differenceMinimum: Int32

        /// Creates parameters.
        public init(inputMultiplier: Int32, inputLeftShift: Int32, differenceMinimum: Int32) {
            self.inputMultiplier = inputMultiplier
            self.inputLeftShift = inputLeftShift
            self.differenceMinimum = differenceMinimum
        }
    }

    /// Words these parameters take in a model file.
    public static let parameterWords = 3
    /// Words of the exponential table the writer may append: one per distance 0...255.
    public static let exponentialTableWords = 256
    /// Integer bits of the scaled differences.
    public static let scaledDifferenceIntegerBits: Int32 = 5
    /// Integer bits of the sum of exponentials.
    static let accumulationIntegerBits: Int32 = 12

    /// Applies softmax to each of `rows` rows of `depth` values.
    public static func run(_ p: Parameters, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>, rows: Int, depth: Int) {
        for row in 0..<rows {
            let x = input + row * depth
            let y = output + row * depth
            var largest: Int32 = -128
            for c in 0..<depth { largest = max(largest, Int32(x[c])) }

            var sumOfExponentials: Int32 = 0  // Q12.19
            for c in 0..<depth {
                let difference = Int32(x[c]) - largest
                if difference >= p.differenceMinimum {
                    let scaled = FixedPoint.multiplyByGreaterThanOne(difference, p.inputMultiplier, p.inputLeftShift)
                    let exponential = FixedPoint.exponentialOfNegative(q5: scaled)
                    sumOfExponentials &+= FixedPoint.saturatingRoundingMultiplyByPowerOfTwo(exponential, -accumulationIntegerBits)
                }
            }
            let reciprocal = FixedPoint.reciprocal(sumOfExponentials, integerBits: accumulationIntegerBits)
            for c in 0..<depth {
                let difference = Int32(x[c]) - largest
                if difference >= p.differenceMinimum {
                    let scaled = FixedPoint.multiplyByGreaterThanOne(difference, p.inputMultiplier, p.inputLeftShift)
                    let exponential = FixedPoint.exponentialOfNegative(q5: scaled)
                    let product = FixedPoint.saturatingRoundingDoublingHighMultiply(reciprocal.value, exponential)
                    let unsaturated = FixedPoint.roundingDivideByPowerOfTwo(product, reciprocal.bitsOverUnit + 31 - 8)
                    y[c] = Int8(truncatingIfNeeded: min(max(unsaturated &- 128, -128), 127))
                } else {
                    y[c] = -128
                }
            }
        }
    }

    /// The same result as ``run(_:input:output:rows:depth:)``, bit for bit, with each exponential read
    /// from `exponentials` (``Parameters/exponentialTable``, checked against the reference at load)
    /// at the value's distance to its row's maximum, instead of computed twice per value.
    public static func run(exponentials: UnsafePointer<Int32>, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>, rows: Int, depth: Int) {
        for row in 0..<rows {
            let x = input + row &* depth
            let y = output + row &* depth
            var largest: Int32 = -128
            for c in 0..<depth { largest = max(largest, Int32(x[c])) }
            var sumOfExponentials: Int32 = 0  // Q12.19
            for c in 0..<depth {
                sumOfExponentials &+= FixedPoint.saturatingRoundingMultiplyByPowerOfTwo(
                    exponentials[Int(largest &- Int32(x[c]))], -accumulationIntegerBits)
            }
            let reciprocal = FixedPoint.reciprocal(sumOfExponentials, integerBits: accumulationIntegerBits)
            for c in 0..<depth {
                let product = FixedPoint.saturatingRoundingDoublingHighMultiply(reciprocal.value, exponentials[Int(largest &- Int32(x[c]))])
                let unsaturated = FixedPoint.roundingDivideByPowerOfTwo(product, reciprocal.bitsOverUnit + 31 - 8)
                y[c] = Int8(truncatingIfNeeded: min(max(unsaturated &- 128, -128), 127))
            }
        }
    }
}
