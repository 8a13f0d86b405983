/// What one step of an iterated pruning run did.
public struct PruningStepRecord: Sendable, Equatable {
    /// Step number, from 1 (0 describes the network before pruning).
    public var step: Int
    /// The architecture after the step.
    public var architecture: String
    /// The fraction of prunable weights that are zero.
    public var sparsity: Double
    /// Trainable scalars.
    public var parameterCount: Int
    /// Trainable scalars that are not zero.
    public var nonzeroParameterCount: Int
    /// Test accuracy right after pruning, before fine-tuning.
    public var accuracyAfterPruning: Float
    /// Test accuracy after the step's fine-tuning.
    public var accuracy: Float
    /// Wall-clock seconds of the step.
    public var seconds: Double

    /// Creates a record.
    public init(
        step: Int, architecture: String, sparsity: Double, parameterCount: Int, nonzeroParameterCount: Int,
        accuracyAfterPruning: Float, accuracy: Float, seconds: Double
    ) {
        self.step = step
        self.architecture = architecture
        self.sparsity = sparsity
        self.parameterCount = parameterCount
        self.nonzeroParameterCount = nonzeroParameterCount
        self.accuracyAfterPruning = accuracyAfterPruning
        self.accuracy = accuracy
        self.seconds = seconds
    }
}
