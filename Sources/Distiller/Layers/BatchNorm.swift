/// Batch normalisation over the last (channel) dimension, for `[N, C]` or NHWC inputs.
///
/// Training normalises with the batch's mean and variance and updates running estimates
/// (`running ← (1 − momentum)·running + momentum·batch`); inference uses the running estimates.
public final class BatchNorm: Layer {
    /// Scale γ, `[channels]`.
    public let scale: Parameter
    /// Shift β, `[channels]`.
    public let shift: Parameter
    /// Running mean (a buffer, not trained).
    public let runningMean: Parameter
    /// Running variance (a buffer, not trained).
    public let runningVariance: Parameter
    /// Weight of the newest batch in the running estimates.
    public let momentum: Float
    /// Added to the variance before the square root.
    public let epsilon: Float
    private var normalised: [Float] = []
    private var inverseDeviation: [Float] = []
    private var usedBatchStatistics = false

    /// Channels normalised.
    public var channels: Int { scale.value.count }

    /// Creates the layer with γ = 1, β = 0, running mean 0 and variance 1.
    public init(channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5, name: String = "bn") {
        scale = Parameter(name: "\(name).scale", value: Tensor(shape: [channels], repeating: 1), isDecayed: false)
        shift = Parameter(name: "\(name).shift", value: Tensor(shape: [channels]), isDecayed: false)
        runningMean = Parameter(name: "\(name).runningMean", value: Tensor(shape: [channels]), isDecayed: false)
        runningVariance = Parameter(name: "\(name).runningVariance", value: Tensor(shape: [channels], repeating: 1), isDecayed: false)
        self.momentum = momentum
        self.epsilon = epsilon
    }

    /// `batchnorm 32`.
    public var description: String { "batchnorm \(channels)" }
    /// γ and β.
    public var parameters: [Parameter] { [scale, shift] }
    /// Running mean and variance.
    public var buffers: [Parameter] { [runningMean, runningVariance] }

    /// The same shape, when the last dimension is the channel count.
    public func outputShape(for inputShape: [Int]) -> [Int]? { inputShape.last == channels ? inputShape : nil }

    /// `γ·(x − μ)/√(σ² + ε) + β`.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let c = channels
        let rows = input.count / c
        var mean = [Float](repeating: 0, count: c), variance = [Float](repeating: 0, count: c)
        if training {
            input.scalars.withUnsafeBufferPointer { x in
                for row in 0..<rows { for j in 0..<c { mean[j] += x[row * c + j] } }
                for j in 0..<c { mean[j] /= Float(rows) }
                for row in 0..<rows {
                    for j in 0..<c {
                        let d = x[row * c + j] - mean[j]
                        variance[j] += d * d
                    }
                }
            }
            for j in 0..<c {
                variance[j] /= Float(rows)
                let unbiased = rows > 1 ? variance[j] * Float(rows) / Float(rows - 1) : variance[j]
                runningMean.value.scalars[j] = (1 - momentum) * runningMean.value.scalars[j] + momentum * mean[j]
                runningVariance.value.scalars[j] = (1 - momentum) * runningVariance.value.scalars[j] + momentum * unbiased
            }
        } else {
            mean = runningMean.value.scalars
            variance = runningVariance.value.scalars
        }
        usedBatchStatistics = training
        let inverse = variance.map { 1 / ($0 + epsilon).squareRoot() }
        inverseDeviation = inverse
        let (gamma, beta) = (scale.value.scalars, shift.value.scalars)
        var normalisedValues = [Float](repeating: 0, count: input.count)
        var output = input
        input.scalars.withUnsafeBufferPointer { x in
            normalisedValues.withUnsafeMutableBufferPointer { normalised in
                output.scalars.withUnsafeMutableBufferPointer { y in
                    for row in 0..<rows {
                        for j in 0..<c {
                            let index = row * c + j
                            normalised[index] = (x[index] - mean[j]) * inverse[j]
                            y[index] = gamma[j] * normalised[index] + beta[j]
                        }
                    }
                }
            }
        }
        normalised = normalisedValues
        return output
    }

    /// Gradients of γ, β and the input (through the batch statistics when they were used).
    public func backward(_ outputGradient: Tensor) -> Tensor {
        let c = channels
        let rows = outputGradient.count / c
        var sumGradient = [Float](repeating: 0, count: c), sumGradientNormalised = [Float](repeating: 0, count: c)
        let (gamma, inverse, batchStatistics) = (scale.value.scalars, inverseDeviation, usedBatchStatistics)
        var inputGradient = outputGradient
        outputGradient.scalars.withUnsafeBufferPointer { dy in
            normalised.withUnsafeBufferPointer { normalised in
                for row in 0..<rows {
                    for j in 0..<c {
                        let index = row * c + j
                        sumGradient[j] += dy[index]
                        sumGradientNormalised[j] += dy[index] * normalised[index]
                    }
                }
                let count = Float(rows)
                inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
                    for row in 0..<rows {
                        for j in 0..<c {
                            let index = row * c + j
                            let factor = gamma[j] * inverse[j]
                            if batchStatistics {
                                dx[index] = factor / count * (count * dy[index] - sumGradient[j] - normalised[index] * sumGradientNormalised[j])
                            } else {
                                dx[index] = factor * dy[index]
                            }
                        }
                    }
                }
            }
        }
        for j in 0..<c {
            shift.gradient.scalars[j] += sumGradient[j]
            scale.gradient.scalars[j] += sumGradientNormalised[j]
        }
        return inputGradient
    }
}
