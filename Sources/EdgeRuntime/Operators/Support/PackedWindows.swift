/// Four windows of int8 inputs stored as offset 16-bit pairs in an operator's scratch buffer,
/// interleaved for the packed kernels of CONV_2D, TRANSPOSE_CONV and BATCH_MATMUL (a window is a
/// pixel's receptive field, or a right-hand column):
/// for every four input bytes, pixel 0's even pair and odd pair, then pixel 1's, 2's and 3's (eight
/// words); the last `count % 4` values follow one word per pixel.
struct PackedWindows {
    /// Windows packed together.
    static let pixels = 4

    /// The packed words, in the operator's scratch buffer.
    let words: UnsafeMutablePointer<Int32>

    /// Bytes of four packed windows of `windowSize` values.
    static func byteCount(windowSize: Int) -> Int {
        8 * (windowSize - windowSize % 4) + 16 * (windowSize % 4)
    }

    /// Packs `count` bytes of each of the four windows with `inputOffset` added, as the values
    /// starting at window value `start` (a multiple of four). Callers packing a window in parts pass
    /// parts of whole words, except the last.
    @inline(__always)
    func pack(
        _ rows: (UnsafePointer<Int8>, UnsafePointer<Int8>, UnsafePointer<Int8>, UnsafePointer<Int8>),
        count: Int, inputOffset: Int32, atValue start: Int
    ) {
        let offsets = HalfwordPairs.splat(inputOffset)
        let groups = count &>> 2
        var out = words + start &* 2
        var i = 0
        while i < groups &<< 2 {
            let a = HalfwordPairs.load(rows.0 + i), b = HalfwordPairs.load(rows.1 + i)
            out[0] = HalfwordPairs.add(HalfwordPairs.evenBytes(a), offsets)
            out[1] = HalfwordPairs.add(HalfwordPairs.oddBytes(a), offsets)
            out[2] = HalfwordPairs.add(HalfwordPairs.evenBytes(b), offsets)
            out[3] = HalfwordPairs.add(HalfwordPairs.oddBytes(b), offsets)
            let c = HalfwordPairs.load(rows.2 + i), d = HalfwordPairs.load(rows.3 + i)
            out[4] = HalfwordPairs.add(HalfwordPairs.evenBytes(c), offsets)
            out[5] = HalfwordPairs.add(HalfwordPairs.oddBytes(c), offsets)
            out[6] = HalfwordPairs.add(HalfwordPairs.evenBytes(d), offsets)
            out[7] = HalfwordPairs.add(HalfwordPairs.oddBytes(d), offsets)
            out += 8
            i &+= 4
        }
        while i < count {
            out[0] = Int32(rows.0[i]) &+ inputOffset
            out[1] = Int32(rows.1[i]) &+ inputOffset
            out[2] = Int32(rows.2[i]) &+ inputOffset
            out[3] = Int32(rows.3[i]) &+ inputOffset
            out += 4
            i &+= 1
        }
    }

    /// Adds `Σ f·x` over `count` packed values of the four windows, from window value `start` (a
    /// multiple of four), and one filter to `a0` (pixel 0) … `a3` (pixel 3).
    @inline(__always)
    func multiplyAccumulate(
        _ filter: UnsafePointer<Int8>, count: Int, from start: Int = 0,
        _ a0: inout Int32, _ a1: inout Int32, _ a2: inout Int32, _ a3: inout Int32
    ) {
        var x = UnsafePointer(words + start &* 2)
        var f = filter
        var remaining = count &>> 2
        if remaining > 0 { repeat {
            let g = HalfwordPairs.load(f)
            let even = HalfwordPairs.evenBytes(g), odd = HalfwordPairs.oddBytes(g)
            a0 = HalfwordPairs.dotAccumulate(even, x[0], a0)
            a0 = HalfwordPairs.dotAccumulate(odd, x[1], a0)
            a1 = HalfwordPairs.dotAccumulate(even, x[2], a1)
            a1 = HalfwordPairs.dotAccumulate(odd, x[3], a1)
            a2 = HalfwordPairs.dotAccumulate(even, x[4], a2)
            a2 = HalfwordPairs.dotAccumulate(odd, x[5], a2)
            a3 = HalfwordPairs.dotAccumulate(even, x[6], a3)
            a3 = HalfwordPairs.dotAccumulate(odd, x[7], a3)
            x += 8
            f += 4
            remaining &-= 1
        } while remaining != 0 }
        var tail = count & 3
        while tail > 0 {
            let value = Int32(f[0])
            a0 &+= value &* x[0]
            a1 &+= value &* x[1]
            a2 &+= value &* x[2]
            a3 &+= value &* x[3]
            x += 4
            f += 1
            tail &-= 1
        }
    }
}
