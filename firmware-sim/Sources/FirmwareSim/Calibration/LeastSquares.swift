/// A small Levenberg–Marquardt solver for nonlinear least squares: minimises `Σ rᵢ(x)²` from a
/// starting point, with a forward-difference Jacobian. Meant for a few dozen parameters.
public struct LeastSquares: Sendable {
    /// Iterations at most.
    public var maximumIterations: Int
    /// Stop when the relative decrease of the cost falls below this.
    public var tolerance: Double

    /// Creates a solver.
    public init(maximumIterations: Int = 200, tolerance: Double = 1e-10) {
        self.maximumIterations = maximumIterations
        self.tolerance = tolerance
    }

    /// The parameters minimising the sum of squared residuals, starting from `start`.
    public func minimize(start: [Double], residuals: ([Double]) -> [Double]) -> [Double] {
        var x = start
        var r = residuals(x)
        var cost = r.reduce(0) { $0 + $1 * $1 }
        var damping = 1e-3
        let n = x.count
        for _ in 0..<maximumIterations {
            // Jacobian, column by column.
            var jacobian = [[Double]](repeating: [Double](repeating: 0, count: n), count: r.count)
            for j in 0..<n {
                let step = 1e-6 * max(1, abs(x[j]))
                var shifted = x
                shifted[j] += step
                let rj = residuals(shifted)
                for i in r.indices { jacobian[i][j] = (rj[i] - r[i]) / step }
            }
            var normal = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            var gradient = [Double](repeating: 0, count: n)
            for i in r.indices {
                for a in 0..<n where jacobian[i][a] != 0 {
                    gradient[a] += jacobian[i][a] * r[i]
                    for b in 0..<n { normal[a][b] += jacobian[i][a] * jacobian[i][b] }
                }
            }
            var improved = false
            while damping < 1e12 {
                var system = normal
                for a in 0..<n { system[a][a] += damping * max(normal[a][a], 1e-12) }
                guard let delta = LeastSquares.solve(system, gradient.map { -$0 }) else { damping *= 10; continue }
                let candidate = zip(x, delta).map { $0 + $1 }
                let candidateResiduals = residuals(candidate)
                let candidateCost = candidateResiduals.reduce(0) { $0 + $1 * $1 }
                if candidateCost.isFinite && candidateCost < cost {
                    let relative = (cost - candidateCost) / max(cost, 1e-300)
                    x = candidate
                    r = candidateResiduals
                    cost = candidateCost
                    damping = max(damping / 10, 1e-12)
                    improved = true
                    if relative < tolerance { return x }
                    break
                }
                damping *= 10
            }
            if !improved { break }
        }
        return x
    }

    /// Solves `matrix · x = vector` by Gaussian elimination with partial pivoting; nil when singular.
    static func solve(_ matrix: [[Double]], _ vector: [Double]) -> [Double]? {
        var a = matrix
        var b = vector
        let n = b.count
        for column in 0..<n {
            var pivot = column
            for row in column..<n where abs(a[row][column]) > abs(a[pivot][column]) { pivot = row }
            guard abs(a[pivot][column]) > 1e-300 else { return nil }
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            for row in (column + 1)..<max(column + 1, n) {
                let factor = a[row][column] / a[column][column]
                guard factor != 0 else { continue }
                for k in column..<n { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<max(row + 1, n) { sum -= a[row][k] * x[k] }
            x[row] = sum / a[row][row]
        }
        return x
    }
}
