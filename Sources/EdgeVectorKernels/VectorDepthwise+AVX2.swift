#if arch(x86_64)
/// The x86-64 kernel (AVX2): sixteen channels at a time (then eight, then one), `x + offset` and the
/// filter tap sign-extended to halfwords, their product exact in 16 bits
/// (`|w·(x + offset)| ≤ 128·255 = 32,640`), then widened into two Int32 accumulators.
extension VectorDepthwise {
    /// `output[c] = Σ_taps w[c]·(x[c] + inputOffset)` for every channel `c < depth`, wrapping Int32,
    /// exactly the reference's sum. `inputOffset` must be in `-255...255` with `x + inputOffset` in
    /// `-255...255`, which an int8 input and its negated zero point give.
    @inline(never)
    public static func accumulate(_ window: Window, depth: Int, inputOffset: Int32, output: UnsafeMutablePointer<Int32>) {
        accumulate(window, channels: depth, depth: depth, inputOffset: inputOffset, output: output)
    }

    /// The first `channels` channels of a window whose taps are `depth` channels apart (the rest of
    /// a wider kernel's channels: ``VectorDepthwiseAVX512``).
    @inline(never)
    public static func accumulate(_ window: Window, channels: Int, depth: Int, inputOffset: Int32, output: UnsafeMutablePointer<Int32>) {
        let offset = Int16x16(repeating: Int16(truncatingIfNeeded: inputOffset))
        var channel = 0
        while channel &+ 16 <= channels {
            var low = Int32x8.zero, high = Int32x8.zero
            for r in 0..<window.rows {
                var x = UnsafeRawPointer(window.input + (r &* window.inputRowStride &+ channel))
                var w = UnsafeRawPointer(window.filter + (r &* window.filterRowStride &+ channel))
                for _ in 0..<window.columns {
                    let product = (Int16x16(widening: x) &+ offset) &* Int16x16(widening: w)
                    let halves = product.widenedHalves
                    low = low &+ halves.low
                    high = high &+ halves.high
                    x += window.inputColumnStride
                    w += depth
                }
            }
            low.store(to: output + channel)
            high.store(to: output + (channel &+ 8))
            channel &+= 16
        }
        if channel &+ 8 <= channels {
            let offset8 = Int16x8(repeating: Int16(truncatingIfNeeded: inputOffset))
            var sums = Int32x8.zero
            for r in 0..<window.rows {
                var x = UnsafeRawPointer(window.input + (r &* window.inputRowStride &+ channel))
                var w = UnsafeRawPointer(window.filter + (r &* window.filterRowStride &+ channel))
                for _ in 0..<window.columns {
                    sums = sums &+ ((Int16x8(widening: x) &+ offset8) &* Int16x8(widening: w)).widened
                    x += window.inputColumnStride
                    w += depth
                }
            }
            sums.store(to: output + channel)
            channel &+= 8
        }
        accumulateOneByOne(window, channels: channel..<channels, depth: depth, inputOffset: inputOffset, output: output)
    }
}
#endif
