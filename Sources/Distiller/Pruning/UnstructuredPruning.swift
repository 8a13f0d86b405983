/// Where an unstructured pruning threshold is drawn.
public enum PruningScope: String, Sendable, CaseIterable {
    /// One threshold over all prunable weights together: layers lose different fractions.
    case global
    /// One threshold per weight tensor: every layer loses the same fraction.
    case layer
}

/// Unstructured pruning: zero the individual weights with the lowest scores (magnitude or
/// ``OptimalBrainDamage`` saliency) until a target sparsity is reached exactly.
public enum UnstructuredPruning {
    /// A mask that prunes `round(sparsity · n)` of the `n` weights (of all `weights` together for
    /// ``PruningScope/global``, of each tensor for ``PruningScope/layer``): those with the lowest
    /// `scores` (one array per weight tensor, same order and sizes). Weights that are already zero
    /// go first, so masks of an increasing schedule only grow; equal scores go in element order.
    public static func mask(weights: [Parameter], scores: [[Float]], sparsity: Double, scope: PruningScope) -> PruningMask {
        precondition((0...1).contains(sparsity), "sparsity \(sparsity) outside 0...1")
        precondition(weights.count == scores.count, "\(scores.count) score arrays for \(weights.count) weights")
        var keeps: [String: [Bool]] = [:]
        for (weight, score) in zip(weights, scores) {
            precondition(weight.value.count == score.count, "\(weight.name) has \(weight.value.count) values and \(score.count) scores")
            keeps[weight.name] = [Bool](repeating: true, count: score.count)
        }
        /// Position of one weight: tensor and element.
        typealias Entry = (tensor: Int, element: Int, score: Float)
        func entries(of tensors: [Int]) -> [Entry] {
            tensors.flatMap { tensor in
                scores[tensor].indices.map { element in
                    (tensor, element, weights[tensor].value.scalars[element] == 0 ? -Float.infinity : scores[tensor][element])
                }
            }
        }
        func prune(_ candidates: [Entry]) {
            let count = Int((sparsity * Double(candidates.count)).rounded())
            let ordered = candidates.sorted { ($0.score, $0.tensor, $0.element) < ($1.score, $1.tensor, $1.element) }
            for entry in ordered.prefix(count) { keeps[weights[entry.tensor].name]![entry.element] = false }
        }
        switch scope {
        case .global: prune(entries(of: Array(weights.indices)))
        case .layer: for tensor in weights.indices { prune(entries(of: [tensor])) }
        }
        return PruningMask(keeps: keeps)
    }

    /// Magnitude scores `|w|` of each weight tensor.
    public static func magnitudes(of weights: [Parameter]) -> [[Float]] {
        weights.map { $0.value.scalars.map(abs) }
    }
}
