/// Updates parameters from their gradients. Optimizers keep per-parameter state (momentum,
/// moment estimates) in the same order as the parameter list they are given every step.
public protocol Optimizer {
    /// Applies one update with learning rate `learningRate` and leaves the gradients as they are.
    mutating func step(_ parameters: [Parameter], learningRate: Float)
    /// The optimizer's state tensors, for checkpoints (empty before the first step).
    var state: [Tensor] { get set }
    /// Number of steps taken.
    var stepCount: Int { get set }
}

/// Limits the L2 norm of each unit's incoming weights (each row of a `[outputs, inputs]` weight,
/// or each output channel of a convolution filter) to `maximum`, as in Hinton et al.'s dropout nets.
public struct MaxNormConstraint: Sendable, Equatable {
    /// The largest allowed norm.
    public var maximum: Float

    /// Creates a constraint.
    public init(maximum: Float) {
        precondition(maximum > 0, "the max-norm must be positive")
        self.maximum = maximum
    }

    /// Rescales rows whose norm exceeds the maximum; applies to parameters of rank ≥ 2 that decay.
    public func apply(to parameters: [Parameter]) {
        for parameter in parameters where parameter.value.rank >= 2 && parameter.isDecayed {
            let rows = parameter.value.shape[0]
            let width = parameter.value.count / rows
            parameter.value.scalars.withUnsafeMutableBufferPointer { values in
                for row in 0..<rows {
                    var sum: Float = 0
                    for j in 0..<width { sum += values[row * width + j] * values[row * width + j] }
                    let norm = sum.squareRoot()
                    if norm > maximum {
                        let scale = maximum / norm
                        for j in 0..<width { values[row * width + j] *= scale }
                    }
                }
            }
        }
    }
}
