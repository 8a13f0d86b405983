import Foundation

/// Groups of classes a generalist confuses, found from its soft targets as in Hinton, Vinyals and
/// Dean (2015), section 5: classes the generalist often predicts together belong to one specialist.
///
/// The affinity of classes `i` and `j` is the probability mass the generalist puts on both for the
/// same example, `Σₙ pᵢ(n)·pⱼ(n)` (the second moment whose covariance the paper clusters), normalised
/// by `√(Σₙ pᵢ² · Σₙ pⱼ²)`. Starting from one group per class, the two groups with the highest average
/// affinity merge, as long as the merged group stays within `maximumSize`, until `count` groups of
/// two or more classes exist (or no merge is left). Deterministic: ties go to the lower classes.
public struct ClassClusters: Sendable, Equatable {
    /// The groups of at least two classes, each sorted, in the order they were formed.
    public var groups: [[Int]]
    /// The affinity matrix the groups came from (`classes × classes`, 1 on the diagonal).
    public var affinity: [[Double]]

    /// Clusters the classes of `probabilities` (`[examples, classes]`, each row a distribution).
    public init(probabilities: Tensor, count: Int, maximumSize: Int) {
        let classes = probabilities.itemSize
        var moment = [[Double]](repeating: [Double](repeating: 0, count: classes), count: classes)
        for n in 0..<probabilities.batchSize {
            let row = probabilities.scalars[(n * classes)..<((n + 1) * classes)].map(Double.init)
            for i in 0..<classes where row[i] > 0 {
                for j in i..<classes { moment[i][j] += row[i] * row[j] }
            }
        }
        var affinity = moment
        for i in 0..<classes {
            for j in i..<classes {
                let scale = (moment[i][i] * moment[j][j]).squareRoot()
                affinity[i][j] = scale > 0 ? moment[i][j] / scale : 0
                affinity[j][i] = affinity[i][j]
            }
        }
        self.affinity = affinity
        var clusters = (0..<classes).map { [$0] }
        var order: [[Int]] = []
        func linkage(_ a: [Int], _ b: [Int]) -> Double {
            a.reduce(0) { sum, i in b.reduce(sum) { $0 + affinity[i][$1] } } / Double(a.count * b.count)
        }
        while clusters.filter({ $0.count > 1 }).count < count {
            var best: (Int, Int, Double)?
            for a in clusters.indices {
                for b in (a + 1)..<clusters.count where clusters[a].count + clusters[b].count <= maximumSize {
                    let value = linkage(clusters[a], clusters[b])
                    if value > (best?.2 ?? -1) { best = (a, b, value) }
                }
            }
            guard let (a, b, _) = best else { break }
            let merged = (clusters[a] + clusters[b]).sorted()
            order.removeAll { $0 == clusters[a] || $0 == clusters[b] }
            order.append(merged)
            clusters[a] = merged
            clusters.remove(at: b)
        }
        groups = order
    }
}
