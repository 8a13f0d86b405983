/// The mean over height and width: `[N, H, W, C]` to `[N, C]`.
public final class GlobalAveragePool: Layer {
    private var lastInputShape: [Int] = []

    /// Creates the layer.
    public init() {}

    /// `global avgpool`.
    public var description: String { "global avgpool" }

    /// `[N, C]`.
    public func outputShape(for inputShape: [Int]) -> [Int]? {
        inputShape.count == 4 ? [inputShape[0], inputShape[3]] : nil
    }

    /// Averages every channel over the image.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        precondition(input.rank == 4, "global average pooling needs NHWC input, got \(input.shape)")
        lastInputShape = input.shape
        let (batch, area, channels) = (input.shape[0], input.shape[1] * input.shape[2], input.shape[3])
        var output = Tensor(shape: [batch, channels])
        let scale = 1 / Float(area)
        for item in 0..<batch {
            for position in 0..<area {
                for channel in 0..<channels {
                    output.scalars[item * channels + channel] += input.scalars[(item * area + position) * channels + channel] * scale
                }
            }
        }
        return output
    }

    /// Spreads each channel's gradient evenly over the image.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        var inputGradient = Tensor(shape: lastInputShape)
        let (batch, area, channels) = (lastInputShape[0], lastInputShape[1] * lastInputShape[2], lastInputShape[3])
        let scale = 1 / Float(area)
        for item in 0..<batch {
            for position in 0..<area {
                for channel in 0..<channels {
                    inputGradient.scalars[(item * area + position) * channels + channel] = outputGradient.scalars[item * channels + channel] * scale
                }
            }
        }
        return inputGradient
    }
}
