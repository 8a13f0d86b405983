#if arch(x86_64)
import EdgeModel
import EdgeRuntime
import EdgeVNNIKernels
import EdgeVectorKernels
import Testing

/// The AVX-512 VNNI product against its definition, `Σₖ (A[m][k] + 128)·B[n][k]`, on every tail of
/// its loops: one to three rows (one row takes four blocks at a time, more rows two), one to nine
/// blocks, depths on and off the sixteen-byte granule, bytes at both ends of the int8 range.
/// Skipped with a printed reason on a CPU without AVX-512 VNNI.
@Suite struct Int8MultiplyVNNITests {
    @Test func matchesItsDefinition() {
        guard KernelVariant.x86AVX512VNNI.isSupportedByHostCPU else {
            print("Int8MultiplyVNNITests: skipped, this CPU has no AVX-512 VNNI")
            return
        }
        var random = SystemRandomNumberGenerator()
        func byte() -> Int8 {
            switch Int.random(in: 0..<8, using: &random) {
            case 0: return -128
            case 1: return 127
            default: return Int8.random(in: .min ... .max, using: &random)
            }
        }
        for depth in [1, 15, 16, 17, 40, 64, 200] {
            for columns in [1, 4, 5, 8, 12, 13, 20, 33, 36] {
                let padded = Int8Multiply.paddedDepth(depth)
                let weights = (0..<(columns * depth)).map { _ in byte() }
                let rows = (0..<(3 * padded)).map { _ in byte() }
                let blocks = (columns + 3) / 4
                let packed = UnsafeMutablePointer<Int8>.allocate(capacity: Int8Multiply.packedBytes(columns: columns, depth: depth))
                defer { packed.deallocate() }
                weights.withUnsafeBufferPointer { Int8Multiply.pack($0.baseAddress!, columns: columns, depth: depth, into: packed) }
                for rowCount in 1...3 {
                    let stride = blocks * 4 + 3
                    var output = [Int32](repeating: 7, count: 3 * stride)
                    rows.withUnsafeBufferPointer { a in
                        output.withUnsafeMutableBufferPointer { c in
                            let base = a.baseAddress!
                            Int8MultiplyVNNI.multiply(
                                rowCount: rowCount, base, base + padded, base + 2 * padded, paddedDepth: padded, packed: packed,
                                blocks: blocks, output: c.baseAddress!, outputStride: stride)
                        }
                    }
                    for m in 0..<3 {
                        for n in 0..<stride {
                            guard m < rowCount, n < columns else {
                                // Past the columns of the last block: written or not, never past the block; past the rows: untouched.
                                if m >= rowCount || n >= blocks * 4 { #expect(output[m * stride + n] == 7, "depth \(depth) columns \(columns) rows \(rowCount): [\(m)][\(n)] written") }
                                continue
                            }
                            var expected: Int32 = 0
                            for k in 0..<depth { expected &+= (Int32(rows[m * padded + k]) + 128) &* Int32(weights[n * depth + k]) }
                            // The bytes past the depth meet zero weights, whatever they hold.
                            #expect(output[m * stride + n] == expected, "depth \(depth) columns \(columns) rows \(rowCount): [\(m)][\(n)]")
                        }
                    }
                }
            }
        }
    }
}
#endif
