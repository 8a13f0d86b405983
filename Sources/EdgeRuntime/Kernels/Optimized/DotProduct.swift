/// Int8 dot products in SIMD registers, the inner loop of the optimized kernels.
///
/// Products of two int8 values fit in Int16 (|−128 · −128| = 16384), so 16 lanes are multiplied
/// as Int16 and widened to Int32 before they are summed; the result equals the scalar sum in
/// wrapping Int32 arithmetic, which is what makes the optimized kernels bit-exact.
enum DotProduct {
    /// `(Σ a[i]·b[i], Σ a[i])` over `count` elements.
    @inline(__always)
    static func productsAndSum(_ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int8>, count: Int) -> (products: Int32, sumOfFirst: Int32) {
        var products = SIMD16<Int32>(repeating: 0)
        var sums = SIMD16<Int32>(repeating: 0)
        var i = 0
        while i + 16 <= count {
            let x = SIMD16<Int16>(truncatingIfNeeded: UnsafeRawPointer(a + i).loadUnaligned(as: SIMD16<Int8>.self))
            let y = SIMD16<Int16>(truncatingIfNeeded: UnsafeRawPointer(b + i).loadUnaligned(as: SIMD16<Int8>.self))
            products &+= SIMD16<Int32>(truncatingIfNeeded: x &* y)
            sums &+= SIMD16<Int32>(truncatingIfNeeded: x)
            i += 16
        }
        var product = products.wrappedSum()
        var sum = sums.wrappedSum()
        while i < count {
            product &+= Int32(a[i]) &* Int32(b[i])
            sum &+= Int32(a[i])
            i += 1
        }
        return (product, sum)
    }

    /// `Σ a[i]` over `count` elements.
    @inline(__always)
    static func sum(_ a: UnsafePointer<Int8>, count: Int) -> Int32 {
        var total: Int32 = 0
        for i in 0..<count { total &+= Int32(a[i]) }
        return total
    }
}
