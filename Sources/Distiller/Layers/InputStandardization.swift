/// Standardizes the network's input per channel (the last axis: a feature of an MLP's input, a
/// channel of an image): `(x − mean) / deviation`, with both statistics taken from the training
/// inputs. It is not trained; it keeps raw units (metres, volts) usable as inputs while the layers
/// after it see values near zero. Export folds it into the first weight layer, so the `.edm` file
/// takes the raw values (the input scaling lives inside the model).
public final class InputStandardization: Layer {
    /// The mean of each channel over the training inputs (0 until fitted).
    public let mean: Parameter
    /// The standard deviation of each channel over the training inputs (1 until fitted; a constant
    /// channel keeps 1).
    public let deviation: Parameter
    private var lastInputShape: [Int] = []

    /// An identity standardization of `channels` channels, to be fitted with ``fit(to:)``.
    public init(channels: Int, name: String = "input.standardization") {
        precondition(channels > 0, "channels must be positive")
        mean = Parameter(name: "\(name).mean", value: Tensor(shape: [channels]), isDecayed: false)
        deviation = Parameter(name: "\(name).deviation", value: Tensor(shape: [channels], repeating: 1), isDecayed: false)
    }

    /// The number of channels.
    public var channels: Int { mean.value.count }

    /// Whether the statistics are still the identity's (mean 0, deviation 1): a fresh layer.
    public var isIdentity: Bool {
        mean.value.scalars.allSatisfy { $0 == 0 } && deviation.value.scalars.allSatisfy { $0 == 1 }
    }

    /// `standardize 24 channels`.
    public var description: String { "standardize \(channels) channels" }
    /// The statistics are state, not trained.
    public var buffers: [Parameter] { [mean, deviation] }

    /// Any shape whose last axis has ``channels`` values.
    public func outputShape(for inputShape: [Int]) -> [Int]? { inputShape.last == channels ? inputShape : nil }

    /// Sets the mean and standard deviation of each channel from `inputs` (`[N, …, channels]`).
    public func fit(to inputs: Tensor) {
        precondition(inputs.shape.last == channels, "inputs \(inputs.shape) do not end in \(channels) channels")
        let rows = inputs.count / channels
        guard rows > 0 else { return }
        var sums = [Double](repeating: 0, count: channels), squares = sums
        for (index, value) in inputs.scalars.enumerated() { sums[index % channels] += Double(value) }
        let means = sums.map { $0 / Double(rows) }
        for (index, value) in inputs.scalars.enumerated() {
            let centred = Double(value) - means[index % channels]
            squares[index % channels] += centred * centred
        }
        for channel in 0..<channels {
            let deviation = (squares[channel] / Double(rows)).squareRoot()
            mean.value.scalars[channel] = Float(means[channel])
            self.deviation.value.scalars[channel] = deviation > 1e-6 * max(1, abs(means[channel])) ? Float(deviation) : 1
        }
    }

    /// `(x − mean) / deviation` per channel.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        precondition(input.shape.last == channels, "\(description) cannot take input \(input.shape)")
        lastInputShape = input.shape
        var output = input
        let (means, deviations) = (mean.value.scalars, deviation.value.scalars)
        for index in output.scalars.indices {
            let channel = index % channels
            output.scalars[index] = (output.scalars[index] - means[channel]) / deviations[channel]
        }
        return output
    }

    /// Divides each gradient by its channel's deviation.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        var inputGradient = outputGradient
        let deviations = deviation.value.scalars
        for index in inputGradient.scalars.indices { inputGradient.scalars[index] /= deviations[index % channels] }
        return inputGradient
    }
}

extension Sequential {
    /// Fits every ``InputStandardization`` that is still the identity to `inputs` (a fresh network's);
    /// one restored from a checkpoint keeps its statistics. Returns whether any layer was fitted.
    /// The statistics are the raw inputs', also behind an ``InputClipping``: clipped inputs then
    /// standardize below zero, which trained the robot students better than statistics of the
    /// clipped values (docs/DISTILLER.md).
    @discardableResult
    public func fitInputStandardization(to inputs: Tensor) -> Bool {
        var fitted = false
        for case let layer as InputStandardization in layers where layer.isIdentity {
            layer.fit(to: inputs)
            fitted = true
        }
        return fitted
    }
}
