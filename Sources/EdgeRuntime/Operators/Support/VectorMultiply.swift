#if arch(x86_64) || arch(arm64)
import EdgeVectorKernels

extension KernelVariant {
    /// Up to three rows of a matrix product against packed columns (``Int8Multiply``), by this
    /// family's kernel: `vpmaddwd` on x86-64, `smull`/`sadalp` or `sdot` on AArch64.
    @inline(__always)
    func multiply(
        rowCount: Int, _ row0: UnsafePointer<Int8>, _ row1: UnsafePointer<Int8>, _ row2: UnsafePointer<Int8>,
        paddedDepth: Int, packed: UnsafePointer<Int8>, blocks: Int, output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        #if arch(arm64) && EDGE_AARCH64_DOT
        if self == .arm64DotProduct {
            Int8Multiply.multiplyWithDotProduct(
                rowCount: rowCount, row0, row1, row2, paddedDepth: paddedDepth, packed: packed, blocks: blocks, output: output,
                outputStride: outputStride)
            return
        }
        #endif
        Int8Multiply.multiply(
            rowCount: rowCount, row0, row1, row2, paddedDepth: paddedDepth, packed: packed, blocks: blocks, output: output,
            outputStride: outputStride)
    }
}
#endif
