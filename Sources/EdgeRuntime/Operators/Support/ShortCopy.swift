#if arch(x86_64) || arch(arm64)
/// Copies of a few bytes to a few dozen on 64-bit hosts (an im2col window row, one pixel's
/// channels of a concatenation), where a `memcpy` call costs more than the copy: sixteen bytes at a
/// time, then at most one copy each of eight, four, two and one. Sixteen-byte stores also let a
/// later sixteen-byte load of the same bytes be forwarded from them; two eight-byte stores cannot be,
/// and the load waits for both to reach the cache.
enum ShortCopy {
    /// Copies `count` bytes from `source` to `destination` (not overlapping).
    @inline(__always)
    static func copy(_ source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, count: Int) {
        var i = 0
        while i &+ 16 <= count {
            destination.storeBytes(of: source.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self), toByteOffset: i, as: SIMD16<UInt8>.self)
            i &+= 16
        }
        if i &+ 8 <= count {
            destination.storeBytes(of: source.loadUnaligned(fromByteOffset: i, as: UInt64.self), toByteOffset: i, as: UInt64.self)
            i &+= 8
        }
        if i &+ 4 <= count {
            destination.storeBytes(of: source.loadUnaligned(fromByteOffset: i, as: UInt32.self), toByteOffset: i, as: UInt32.self)
            i &+= 4
        }
        if i &+ 2 <= count {
            destination.storeBytes(of: source.loadUnaligned(fromByteOffset: i, as: UInt16.self), toByteOffset: i, as: UInt16.self)
            i &+= 2
        }
        if i < count { destination.storeBytes(of: source.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
    }

    /// Sets `count` bytes at `destination` to `byte`: sixteen at a time, the last sixteen
    /// overlapping the ones before where `count` is not a multiple.
    @inline(__always)
    static func fill(_ destination: UnsafeMutableRawPointer, count: Int, with byte: UInt8) {
        let wide = SIMD16<UInt8>(repeating: byte)
        guard count >= 16 else {
            for i in 0..<count { destination.storeBytes(of: byte, toByteOffset: i, as: UInt8.self) }
            return
        }
        var i = 0
        while i &+ 16 <= count {
            destination.storeBytes(of: wide, toByteOffset: i, as: SIMD16<UInt8>.self)
            i &+= 16
        }
        if i < count { destination.storeBytes(of: wide, toByteOffset: count &- 16, as: SIMD16<UInt8>.self) }
    }
}
#endif
