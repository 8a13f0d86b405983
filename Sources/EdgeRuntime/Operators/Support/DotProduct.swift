/// Int8 dot products, the inner loop of the optimized kernels. The loop is written plainly so that
/// LLVM vectorizes it for the target (a hand-written `SIMD16` version measured twice as slow on
/// x86-64); sums are wrapping Int32, exactly the reference kernels' arithmetic.
enum DotProduct {
    /// `(Σ a[i]·b[i], Σ a[i])` over `count` elements.
    @inline(__always)
    static func productsAndSum(_ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int8>, count: Int) -> (products: Int32, sumOfFirst: Int32) {
        var product: Int32 = 0
        var sum: Int32 = 0
        for i in 0..<count {
            product &+= Int32(a[i]) &* Int32(b[i])
            sum &+= Int32(a[i])
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
