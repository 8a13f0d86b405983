#if arch(x86_64) || arch(arm64)
/// Depthwise convolution accumulators on vector lanes, depth multiplier 1: every channel of one
/// output pixel's window at a time. Each architecture's file (`+AVX2`, `+NEON`) has the kernel.
public enum VectorDepthwise {
    /// The window of one output pixel, clipped to the input: `rows × columns` taps, tap `(r, c)` at
    /// `input + r·inputRowStride + c·inputColumnStride` and `filter + r·filterRowStride + c·depth`.
    public struct Window {
        /// Channel 0 of the first valid tap's input pixel.
        public var input: UnsafePointer<Int8>
        /// Bytes between taps of consecutive rows in the input (dilation included).
        public var inputRowStride: Int
        /// Bytes between taps of consecutive columns in the input (dilation included).
        public var inputColumnStride: Int
        /// Channel 0 of the first valid tap in the `[1, H, W, C]` filter.
        public var filter: UnsafePointer<Int8>
        /// Bytes between filter rows.
        public var filterRowStride: Int
        /// Valid tap rows.
        public var rows: Int
        /// Valid tap columns.
        public var columns: Int

        /// Creates a clipped window.
        @inline(__always)
        public init(input: UnsafePointer<Int8>, inputRowStride: Int, inputColumnStride: Int, filter: UnsafePointer<Int8>, filterRowStride: Int, rows: Int, columns: Int) {
            self.input = input
            self.inputRowStride = inputRowStride
            self.inputColumnStride = inputColumnStride
            self.filter = filter
            self.filterRowStride = filterRowStride
            self.rows = rows
            self.columns = columns
        }
    }

    /// `channels` one at a time, the reference's sum (the kernels' last few channels).
    @inline(__always)
    static func accumulateOneByOne(
        _ window: Window, channels: Range<Int>, depth: Int, inputOffset: Int32, output: UnsafeMutablePointer<Int32>
    ) {
        for channel in channels {
            var sum: Int32 = 0
            for r in 0..<window.rows {
                for c in 0..<window.columns {
                    let x = Int32(window.input[r &* window.inputRowStride &+ c &* window.inputColumnStride &+ channel])
                    let w = Int32(window.filter[r &* window.filterRowStride &+ c &* depth &+ channel])
                    sum &+= w &* (x &+ inputOffset)
                }
            }
            output[channel] = sum
        }
    }
}
#endif
