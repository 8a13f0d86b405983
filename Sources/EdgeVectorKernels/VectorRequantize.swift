#if arch(x86_64) || arch(arm64)
/// TFLite's per-channel requantization on vector lanes: bit for bit
/// `clamp(outputOffset + MultiplyByQuantizedMultiplier(accumulator + bias, multiplier, shift))`.
/// Each architecture's file (`+AVX2`, `+NEON`) has the kernels; the tables are shared.
public enum VectorRequantize {
    /// The per-channel constants, one Int32 per channel in each table (the runtime prepares them
    /// once, at init): `bias` already holds every constant term of the accumulator, `multipliers`
    /// are non-negative, `leftShifts` in `0...30` and `rightShifts` in `0...31`.
    public struct Channels {
        /// Per channel: the bias with every constant term of the accumulator folded in.
        public var bias: UnsafePointer<Int32>
        /// Per channel: the Q31 multiplier (non-negative).
        public var multipliers: UnsafePointer<Int32>
        /// Per channel: `max(shift, 0)`.
        public var leftShifts: UnsafePointer<Int32>
        /// Per channel: `max(-shift, 0)`.
        public var rightShifts: UnsafePointer<Int32>

        /// Creates the table view.
        public init(bias: UnsafePointer<Int32>, multipliers: UnsafePointer<Int32>, leftShifts: UnsafePointer<Int32>, rightShifts: UnsafePointer<Int32>) {
            self.bias = bias
            self.multipliers = multipliers
            self.leftShifts = leftShifts
            self.rightShifts = rightShifts
        }
    }
}
#endif
