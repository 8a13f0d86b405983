import Foundation

/// A generalist and its specialists at inference, combined as the paper does: for each example, the
/// specialists whose classes include one of the generalist's `topClasses` most probable are active,
/// and the prediction is the distribution `q` over all classes that minimises
/// `KL(p_g ‖ q) + Σ_active KL(p_m ‖ q_m)`, where `q_m` is `q` seen with the specialist's classes and
/// every other class lumped into its dustbin. `q = softmax(z)`; the objective is convex in `z` and
/// is minimised by gradient descent from `z = log p_g`.
public struct SpecialistEnsemble {
    /// The generalist.
    public let generalist: Sequential
    /// The specialists.
    public let specialists: [Specialist]
    /// How many of the generalist's most probable classes choose the active specialists.
    public var topClasses = 1
    /// Gradient steps on `z`.
    public var steps = 200
    /// Their size.
    public var stepSize: Float = 0.5

    /// Creates the ensemble.
    public init(generalist: Sequential, specialists: [Specialist]) {
        self.generalist = generalist
        self.specialists = specialists
    }

    /// One prediction per example: the combined distribution (`[examples, classes]`), and for each
    /// example how many specialists were active.
    public func predict(_ inputs: Tensor) -> (probabilities: Tensor, active: [Int]) {
        let general = Softmax.probabilities(generalist.predict(inputs))
        let expert = specialists.map { $0.probabilities(inputs) }
        let classes = general.itemSize
        var combined = general
        var active = [Int](repeating: 0, count: general.batchSize)
        for n in 0..<general.batchSize {
            let p = Array(general.scalars[(n * classes)..<((n + 1) * classes)])
            let top = Set(p.indices.sorted { (p[$0], -$0) > (p[$1], -$1) }.prefix(topClasses))
            let chosen = specialists.indices.filter { !top.isDisjoint(with: specialists[$0].classes) }
            active[n] = chosen.count
            guard !chosen.isEmpty else { continue }
            let targets = chosen.map { m in
                (specialists[m].classes, Array(expert[m].scalars[(n * (specialists[m].classes.count + 1))..<((n + 1) * (specialists[m].classes.count + 1))]))
            }
            let q = Self.combine(generalist: p, specialists: targets, steps: steps, stepSize: stepSize)
            for c in 0..<classes { combined.scalars[n * classes + c] = q[c] }
        }
        return (combined, active)
    }

    /// `argmin_q KL(p ‖ q) + Σ KL(p_m ‖ q_m)` by gradient descent on the logits of `q`. The gradient of
    /// one specialist's term with respect to `z_j` is `q_j − p_m(j)` for its own classes and
    /// `q_j − p_m(dustbin)·q_j / q_m(dustbin)` for the others; the generalist's is `q − p`.
    static func combine(generalist p: [Float], specialists: [(classes: [Int], probabilities: [Float])], steps: Int, stepSize: Float) -> [Float] {
        let count = p.count
        var z = p.map { log(max($0, 1e-12)) }
        var q = p
        let step = stepSize / Float(1 + specialists.count)
        for _ in 0..<steps {
            let top = z.max() ?? 0
            var total: Float = 0
            for j in 0..<count { q[j] = exp(z[j] - top); total += q[j] }
            for j in 0..<count { q[j] /= total }
            var gradient = (0..<count).map { q[$0] - p[$0] }
            for (classes, target) in specialists {
                let dustbin = (0..<count).filter { !classes.contains($0) }.reduce(Float(0)) { $0 + q[$1] }
                let dustbinTarget = target[classes.count]
                for j in 0..<count {
                    if let own = classes.firstIndex(of: j) {
                        gradient[j] += q[j] - target[own]
                    } else {
                        gradient[j] += q[j] - (dustbin > 0 ? dustbinTarget * q[j] / dustbin : 0)
                    }
                }
            }
            for j in 0..<count { z[j] -= step * gradient[j] }
        }
        let top = z.max() ?? 0
        var total: Float = 0
        for j in 0..<count { q[j] = exp(z[j] - top); total += q[j] }
        return q.map { $0 / total }
    }
}
