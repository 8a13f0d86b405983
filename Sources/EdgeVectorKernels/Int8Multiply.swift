#if arch(x86_64) || arch(arm64)
/// Int8 matrix products for application processors: `C[m][n] = Σₖ A[m][k]·B[n][k]` in wrapping
/// Int32, with `B` packed once, at init, into the layout the inner loop reads in order. Every
/// architecture's kernel (`+AVX2`, `+NEON`) reads the same layout: sixteen `k` of four columns at a
/// time, three rows of `A` against a block, so a workspace has the same size on every host.
public enum Int8Multiply {
    /// Rows of `A` per call of the inner kernel.
    public static let rowsPerTile = 3
    /// Columns of `B` per packed block.
    public static let columnsPerBlock = 4
    /// The depth granule: packed rows and `A` rows are read sixteen bytes at a time.
    public static let depthGranule = 16

    /// `depth` rounded up to the granule.
    public static func paddedDepth(_ depth: Int) -> Int { (depth + depthGranule - 1) / depthGranule * depthGranule }

    /// Bytes of `B` packed: columns rounded up to a block of four, depth to sixteen.
    public static func packedBytes(columns: Int, depth: Int) -> Int {
        (columns + columnsPerBlock - 1) / columnsPerBlock * columnsPerBlock * paddedDepth(depth)
    }

    /// Packs `columns` rows of `depth` bytes (row `n` at `source + n·depth`) into
    /// `[block][k / 16][4 columns][16 bytes]`, zero-filled past the last column and the last `k`.
    public static func pack(
        _ source: UnsafePointer<Int8>, columns: Int, depth: Int, into packed: UnsafeMutablePointer<Int8>
    ) {
        let padded = paddedDepth(depth)
        let blocks = (columns + columnsPerBlock - 1) / columnsPerBlock
        packed.initialize(repeating: 0, count: blocks * columnsPerBlock * padded)
        for n in 0..<columns {
            let block = packed + n / columnsPerBlock * columnsPerBlock * padded + n % columnsPerBlock * depthGranule
            for k in 0..<depth {
                block[k / depthGranule * columnsPerBlock * depthGranule + k % depthGranule] = source[n * depth + k]
            }
        }
    }

}
#endif
