/// Builds the data a student is distilled on from a labelled dataset: a random fraction, with some
/// classes left out (Hinton et al.'s "omitted 3" experiment), and optionally without labels.
public struct TransferSet: Sendable, Equatable {
    /// Fraction of the remaining examples kept, in `(0, 1]`.
    public var fraction: Double
    /// Classes whose examples are removed.
    public var omittedClasses: Set<Int>
    /// Whether labels are dropped (the student then learns only from the teacher).
    public var unlabelled: Bool

    /// Creates a transfer-set recipe.
    public init(fraction: Double = 1, omittedClasses: Set<Int> = [], unlabelled: Bool = false) {
        precondition(fraction > 0 && fraction <= 1, "the fraction must be in (0, 1]")
        self.fraction = fraction
        self.omittedClasses = omittedClasses
        self.unlabelled = unlabelled
    }

    /// The transfer set drawn from `dataset` with `seed`; kept examples stay in their original order.
    /// Returns the set and the original index of each example (to align precomputed teacher logits).
    public func make(from dataset: Dataset, seed: UInt64) -> (dataset: Dataset, sourceIndices: [Int]) {
        var generator = SeededRandomNumberGenerator(seed: seed, stream: 0x7472_616E)
        var candidates = (0..<dataset.count).filter { dataset.labels.isEmpty || !omittedClasses.contains(dataset.labels[$0]) }
        let keep = max(1, Int((Double(candidates.count) * fraction).rounded()))
        if keep < candidates.count {
            for index in stride(from: candidates.count - 1, to: 0, by: -1) {
                candidates.swapAt(index, Int(generator.next() % UInt64(index + 1)))
            }
            candidates = Array(candidates.prefix(keep)).sorted()
        }
        var result = dataset.subset(candidates)
        if unlabelled { result.labels = [] }
        return (result, candidates)
    }
}
