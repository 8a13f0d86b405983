/// The thin singular value decomposition `A = U · diag(σ) · Vᵀ` of an `m × n` matrix, computed
/// in double precision by one-sided Jacobi (Hestenes) rotations.
///
/// The rotations orthogonalise pairs of columns of `A` (of `Aᵀ` when `m < n`, so the columns are
/// the long side) and accumulate into `V`, sweep after sweep, until every pair is orthogonal to
/// working precision; the column norms are then the singular values. Accurate for small singular
/// values too, and simple; the cost is about `k² · max(m, n)` per sweep with `k = min(m, n)`.
public struct SingularValueDecomposition: Sendable {
    /// Rows of the matrix (`m`).
    public let rowCount: Int
    /// Columns of the matrix (`n`).
    public let columnCount: Int
    /// The `k = min(m, n)` singular values, largest first.
    public let singularValues: [Double]
    /// `U`, `m × k` row-major: column `j` is the left singular vector of `singularValues[j]`.
    public let leftVectors: [Double]
    /// `V`, `n × k` row-major: column `j` is the right singular vector of `singularValues[j]`.
    public let rightVectors: [Double]

    /// Decomposes the row-major `rowCount × columnCount` matrix `values`.
    public init(rowCount: Int, columnCount: Int, values: [Double]) {
        precondition(rowCount > 0 && columnCount > 0 && values.count == rowCount * columnCount, "a \(rowCount) × \(columnCount) matrix needs that many values")
        self.rowCount = rowCount
        self.columnCount = columnCount
        let transposed = rowCount < columnCount
        let (length, count) = transposed ? (columnCount, rowCount) : (rowCount, columnCount)
        // Column j of the matrix being orthogonalised (A, or Aᵀ when transposed) is stored contiguously
        // at columns[j * length ..< (j + 1) * length]; the rotations likewise, `count` values per column.
        var columns = [Double](repeating: 0, count: length * count)
        for j in 0..<count {
            for i in 0..<length { columns[j * length + i] = transposed ? values[j * columnCount + i] : values[i * columnCount + j] }
        }
        var rotations = [Double](repeating: 0, count: count * count)
        for j in 0..<count { rotations[j * count + j] = 1 }
        func dot(_ vectors: UnsafeMutablePointer<Double>, _ p: Int, _ q: Int, length: Int) -> Double {
            var sum = 0.0
            for index in 0..<length { sum += vectors[p * length + index] * vectors[q * length + index] }
            return sum
        }
        func rotate(_ vectors: UnsafeMutablePointer<Double>, _ p: Int, _ q: Int, length: Int, cosine: Double, sine: Double) {
            for index in 0..<length {
                let (first, second) = (vectors[p * length + index], vectors[q * length + index])
                vectors[p * length + index] = cosine * first - sine * second
                vectors[q * length + index] = sine * first + cosine * second
            }
        }
        columns.withUnsafeMutableBufferPointer { columnBuffer in
            rotations.withUnsafeMutableBufferPointer { rotationBuffer in
                let (a, v) = (columnBuffer.baseAddress!, rotationBuffer.baseAddress!)
                for _ in 0..<60 {
                    var rotated = false
                    for p in 0..<count {
                        for q in (p + 1)..<count {
                            let alpha = dot(a, p, p, length: length), beta = dot(a, q, q, length: length), gamma = dot(a, p, q, length: length)
                            guard alpha > 0, beta > 0, abs(gamma) > 1e-15 * (alpha * beta).squareRoot() else { continue }
                            rotated = true
                            let zeta = (beta - alpha) / (2 * gamma)
                            let tangent = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                            let cosine = 1 / (1 + tangent * tangent).squareRoot()
                            rotate(a, p, q, length: length, cosine: cosine, sine: cosine * tangent)
                            rotate(v, p, q, length: count, cosine: cosine, sine: cosine * tangent)
                        }
                    }
                    if !rotated { break }
                }
            }
        }
        let norms = (0..<count).map { j in columns[(j * length)..<((j + 1) * length)].reduce(0) { $0 + $1 * $1 }.squareRoot() }
        let order = norms.indices.sorted { (-norms[$0], $0) < (-norms[$1], $1) }
        singularValues = order.map { norms[$0] }
        // Long side: the normalised columns; short side: the accumulated rotations.
        var long = [Double](repeating: 0, count: length * count), short = [Double](repeating: 0, count: count * count)
        for (position, j) in order.enumerated() {
            for i in 0..<length where norms[j] > 0 { long[i * count + position] = columns[j * length + i] / norms[j] }
            for i in 0..<count { short[i * count + position] = rotations[j * count + i] }
        }
        (leftVectors, rightVectors) = transposed ? (short, long) : (long, short)
    }

    /// Decomposes a rank-2 tensor `[rows, columns]`.
    public init(_ matrix: Tensor) {
        precondition(matrix.rank == 2, "the SVD needs a matrix, got shape \(matrix.shape)")
        self.init(rowCount: matrix.shape[0], columnCount: matrix.shape[1], values: matrix.scalars.map(Double.init))
    }
}
