/// What an iterated pruning run removes, and how much by its last step.
public enum PruningMethod: Sendable, Equatable {
    /// Unstructured pruning of the smallest weights `|w|` to a final sparsity.
    case magnitude(sparsity: Double, scope: PruningScope)
    /// Unstructured pruning of the weights with the lowest ``OptimalBrainDamage`` saliency, the
    /// Hessian diagonal estimated on the first `hessianExamples` training examples at every step.
    case optimalBrainDamage(sparsity: Double, scope: PruningScope, hessianExamples: Int)
    /// ``StructuredPruning`` down to `keep[i]` units in layer `i` (token index).
    case structured(keep: [Int: Int], norm: StructuredPruning.Norm)
    /// ``LowRankFactorization`` of the dense layers `layers` (token indices).
    case lowRank(layers: [Int], choice: LowRankFactorization.RankChoice)

    /// The name used on the command line.
    public var name: String {
        switch self {
        case .magnitude: "magnitude"
        case .optimalBrainDamage: "obd"
        case .structured: "structured"
        case .lowRank: "low-rank"
        }
    }
}
