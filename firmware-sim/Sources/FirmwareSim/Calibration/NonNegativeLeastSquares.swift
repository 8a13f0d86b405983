/// Lawson and Hanson's active-set method for `min ‖A x − b‖` with `x ≥ 0`: a cost term either adds
/// instructions or is left out, never subtracts them, so a fitted kernel cost cannot go negative on
/// a shape outside the samples.
public enum NonNegativeLeastSquares {
    /// The non-negative `x` minimising `‖rows · x − targets‖`, each column scaled to unit size
    /// first so terms of very different magnitudes (a constant, a product of three dimensions) are
    /// treated alike. Columns that are zero everywhere get zero.
    public static func solve(rows: [[Double]], targets: [Double]) -> [Double] {
        guard let width = rows.first?.count, width > 0 else { return [] }
        var scale = [Double](repeating: 0, count: width)
        for row in rows { for j in 0..<width { scale[j] = max(scale[j], abs(row[j])) } }
        let a = rows.map { row in (0..<width).map { scale[$0] > 0 ? row[$0] / scale[$0] : 0 } }
        var x = [Double](repeating: 0, count: width)
        var passive = Set<Int>()
        func gradient(_ x: [Double]) -> [Double] {
            var w = [Double](repeating: 0, count: width)
            for (row, target) in zip(a, targets) {
                let residual = target - zip(row, x).reduce(0) { $0 + $1.0 * $1.1 }
                for j in 0..<width { w[j] += row[j] * residual }
            }
            return w
        }
        /// Unconstrained least squares over the passive columns (zero elsewhere).
        func restricted(_ columns: [Int]) -> [Double]? {
            var normal = [[Double]](repeating: [Double](repeating: 0, count: columns.count), count: columns.count)
            var right = [Double](repeating: 0, count: columns.count)
            for (row, target) in zip(a, targets) {
                for (p, i) in columns.enumerated() {
                    right[p] += row[i] * target
                    for (q, j) in columns.enumerated() { normal[p][q] += row[i] * row[j] }
                }
            }
            for p in columns.indices { normal[p][p] += 1e-12 }
            guard let solution = LeastSquares.solve(normal, right) else { return nil }
            var z = [Double](repeating: 0, count: width)
            for (p, i) in columns.enumerated() { z[i] = solution[p] }
            return z
        }
        for _ in 0..<(3 * width + 10) {
            let w = gradient(x)
            guard let entering = (0..<width).filter({ !passive.contains($0) && scale[$0] > 0 && w[$0] > 1e-10 }).max(by: { w[$0] < w[$1] })
            else { break }
            passive.insert(entering)
            while true {
                guard let z = restricted(passive.sorted()) else { passive.remove(entering); break }
                let negative = passive.filter { z[$0] <= 0 }
                if negative.isEmpty { x = z; break }
                // Step from x towards z until the first passive value reaches zero, and drop it.
                let alpha = negative.map { x[$0] / (x[$0] - z[$0]) }.min() ?? 0
                for j in 0..<width { x[j] += alpha * (z[j] - x[j]) }
                for j in passive where x[j] <= 1e-12 { passive.remove(j); x[j] = 0 }
            }
        }
        return (0..<width).map { scale[$0] > 0 ? x[$0] / scale[$0] : 0 }
    }
}
