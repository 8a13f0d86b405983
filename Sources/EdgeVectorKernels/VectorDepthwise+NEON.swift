#if arch(arm64)
/// The AArch64 kernel (Advanced SIMD): sixteen channels at a time (then four, then one), `x + offset`
/// and the filter tap sign-extended to halfwords, their product exact in 16 bits
/// (`|w·(x + offset)| ≤ 128·255 = 32,640`), then widened into four Int32 accumulators.
extension VectorDepthwise {
    /// `output[c] = Σ_taps w[c]·(x[c] + inputOffset)` for every channel `c < depth`, wrapping Int32,
    /// exactly the reference's sum. `inputOffset` must be in `-255...255` with `x + inputOffset` in
    /// `-255...255`, which an int8 input and its negated zero point give.
    @inline(never)
    public static func accumulate(_ window: Window, depth: Int, inputOffset: Int32, output: UnsafeMutablePointer<Int32>) {
        let offset = SIMD8<Int16>(repeating: Int16(truncatingIfNeeded: inputOffset))
        var channel = 0
        while channel &+ 16 <= depth {
            var s0 = Int32x4.zero, s1 = Int32x4.zero, s2 = Int32x4.zero, s3 = Int32x4.zero
            for r in 0..<window.rows {
                var x = UnsafeRawPointer(window.input + (r &* window.inputRowStride &+ channel))
                var w = UnsafeRawPointer(window.filter + (r &* window.filterRowStride &+ channel))
                for _ in 0..<window.columns {
                    let (p0, p1, p2, p3) = Int8x16.offsetProducts(Int8x16(loading: x), offset: offset, Int8x16(loading: w))
                    s0 = s0 &+ p0
                    s1 = s1 &+ p1
                    s2 = s2 &+ p2
                    s3 = s3 &+ p3
                    x += window.inputColumnStride
                    w += depth
                }
            }
            s0.store(to: output + channel)
            s1.store(to: output + (channel &+ 4))
            s2.store(to: output + (channel &+ 8))
            s3.store(to: output + (channel &+ 12))
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
