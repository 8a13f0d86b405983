/// Why training stopped early; prints as one line.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// The epoch's mean loss was infinite or NaN: the weights have diverged.
    case diverged(epoch: Int, loss: Float)
    /// The training set holds no examples.
    case noExamples

    /// One line for the user.
    public var description: String {
        switch self {
        case .diverged(let epoch, let loss):
            "training diverged in epoch \(epoch) (mean loss \(loss)); lower --learning-rate (when distilling, or --temperature)"
        case .noExamples:
            "the training set is empty"
        }
    }
}
