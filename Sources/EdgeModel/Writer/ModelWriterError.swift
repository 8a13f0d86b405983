import EdgeRuntime

/// Why a graph could not be written as a model file. Each message is one line naming the problem.
public enum ModelWriterError: Error, CustomStringConvertible, Equatable {
    /// A tensor index is out of range.
    case invalidTensorIndex(operator: Int, index: Int)
    /// An operator's tensors or options do not fit its kind.
    case invalidOperator(index: Int, kind: OperatorKind, reason: String)
    /// A tensor cannot be stored.
    case invalidTensor(index: Int, reason: String)
    /// A graph input or output is out of range or a constant.
    case invalidGraphIO(reason: String)
    /// The model needs more memory than the format's 32-bit sizes and offsets can describe.
    case tooLarge(reason: String)
    /// The written model failed the runtime's own validation (a writer bug or an unsupported graph).
    case rejectedByRuntime(ModelError)
    /// Several operators cannot be written; each is one of the other cases.
    indirect case operators([ModelWriterError])

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .invalidTensorIndex(let op, let index): return "operator \(op) refers to tensor \(index), which does not exist"
        case .invalidOperator(let index, let kind, let reason): return "operator \(index) (\(kind.name)): \(reason)"
        case .invalidTensor(let index, let reason): return "tensor \(index): \(reason)"
        case .invalidGraphIO(let reason): return "graph inputs/outputs: \(reason)"
        case .tooLarge(let reason): return "the model is too large: \(reason)"
        case .rejectedByRuntime(let error): return "the runtime rejects the written model: \(error)"
        case .operators(let problems): return "\(problems.count) operators cannot be written: " + problems.map(\.description).joined(separator: "; ")
        }
    }
}
