/// How a classifier did on a labelled split: errors overall and per class.
public struct ClassificationResult: Sendable, Equatable, Codable {
    /// Number of examples.
    public var examples: Int
    /// Examples whose largest output is not the label.
    public var errors: Int
    /// Errors among the examples of each class.
    public var perClassErrors: [Int]
    /// Examples of each class.
    public var perClassExamples: [Int]

    /// Scores `outputs` (one row per example; the largest entry is the prediction) against `labels`.
    public init(outputs: Tensor, labels: [Int], classCount: Int) {
        let confusion = Evaluation.confusion(logits: outputs, labels: labels, classCount: classCount)
        examples = labels.count
        perClassExamples = confusion.map { $0.reduce(0, +) }
        perClassErrors = confusion.enumerated().map { label, row in row.reduce(0, +) - row[label] }
        errors = perClassErrors.reduce(0, +)
    }

    /// The fraction of examples classified correctly.
    public var accuracy: Double { examples == 0 ? .nan : Double(examples - errors) / Double(examples) }
}
