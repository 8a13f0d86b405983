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
            let maximum = self.maximum
            parameter.value.scalars.withUnsafeMutableBufferPointer { buffer in
                let values = buffer.baseAddress!
                ThreadPool.shared.forEachRange(rows, minimumPerThread: max(1, (1 << 16) / max(width, 1))) { range in
                    for row in range {
                        let norm = MaxNormConstraint.squaredNorm(values + row * width, count: width).squareRoot()
                        if norm > maximum {
                            let scale = maximum / norm
                            for j in 0..<width { values[row * width + j] *= scale }
                        }
                    }
                }
            }
        }
    }

    /// `Σ x²` with eight independent SIMD accumulators (a scalar loop cannot be vectorised, because
    /// floating-point addition is not reassociated).
    static func squaredNorm(_ values: UnsafePointer<Float>, count: Int) -> Float {
        var accumulator = SIMD8<Float>()
        var index = 0
        let raw = UnsafeRawPointer(values)
        while index + 8 <= count {
            let vector = raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
            accumulator += vector * vector
            index += 8
        }
        var sum = accumulator.sum()
        while index < count {
            sum += values[index] * values[index]
            index += 1
        }
        return sum
    }
}
