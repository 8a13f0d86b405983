#if arch(arm64)
/// The AArch64 kernel (Advanced SIMD): sixteen channels at a time (then four, then one), `x + offset`
/// and the filter tap sign-extended to halfwords (`|w·(x + offset)| ≤ 128·255 = 32,640`), multiplied
/// and accumulated into four Int32 accumulators with `smlal`/`smlal2`.
extension VectorDepthwise {
    /// `output[c] = Σ_taps w[c]·(x[c] + inputOffset)` for every channel `c < depth`, wrapping Int32,
    /// exactly the reference's sum. `inputOffset` must be in `-255...255` with `x + inputOffset` in
    /// `-255...255`, which an int8 input and its negated zero point give.
    @inline(never)
    public static func accumulate(_ window: Window, depth: Int, inputOffset: Int32, output: UnsafeMutablePointer<Int32>) {
        let offset = SIMD8<Int16>(repeating: Int16(truncatingIfNeeded: inputOffset))
        var channel = 0
        while channel &+ 16 <= depth {
            var sums = (Int32x4.zero, Int32x4.zero, Int32x4.zero, Int32x4.zero)
            for r in 0..<window.rows {
                var x = UnsafeRawPointer(window.input + (r &* window.inputRowStride &+ channel))
                var w = UnsafeRawPointer(window.filter + (r &* window.filterRowStride &+ channel))
                for _ in 0..<window.columns {
                    Int8x16.offsetMultiplyAccumulate(&sums, Int8x16(loading: x), offset: offset, Int8x16(loading: w))
                    x += window.inputColumnStride
                    w += depth
                }
            }
            sums.0.store(to: output + channel)
            sums.1.store(to: output + (channel &+ 4))
            sums.2.store(to: output + (channel &+ 8))
            sums.3.store(to: output + (channel &+ 12))
            channel &+= 16
        }
        let offset4 = Int32x4(repeating: inputOffset)
        while channel &+ 4 <= depth {
            var sums = Int32x4.zero
            for r in 0..<window.rows {
                var x = UnsafeRawPointer(window.input + (r &* window.inputRowStride &+ channel))
                var w = UnsafeRawPointer(window.filter + (r &* window.filterRowStride &+ channel))
                for _ in 0..<window.columns {
                    sums = sums &+ Int32x4.product(Int32x4(wideningBytes: x) &+ offset4, Int32x4(wideningBytes: w))
                    x += window.inputColumnStride
                    w += depth
                }
            }
            sums.store(to: output + channel)
            channel &+= 4
        }
        accumulateOneByOne(window, channels: channel..<depth, depth: depth, inputOffset: inputOffset, output: output)
    }
}
#endif
