/// Max pooling over `size × size` windows with stride `stride` (default: the size), valid padding.
public final class MaxPool: Layer {
    /// Window height and width.
    public let size: Int
    /// Window step.
    public let stride: Int
    private var lastInputShape: [Int] = []
    private var winners: [Int] = []

    /// Creates the layer.
    public init(size: Int, stride: Int? = nil) {
        precondition(size > 0 && (stride ?? 1) > 0, "pool size and stride must be positive")
        self.size = size
        self.stride = stride ?? size
    }

    /// `maxpool 2×2 s2`.
    public var description: String { "maxpool \(size)×\(size) s\(stride)" }

    /// `[N, H, W, C]` to `[N, (H−size)/stride+1, …, C]`.
    public func outputShape(for inputShape: [Int]) -> [Int]? {
        guard inputShape.count == 4, inputShape[1] >= size, inputShape[2] >= size else { return nil }
        return [inputShape[0], (inputShape[1] - size) / stride + 1, (inputShape[2] - size) / stride + 1, inputShape[3]]
    }

    /// The largest value in each window; remembers where it was.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard let shape = outputShape(for: input.shape) else { preconditionFailure("\(description) cannot take input \(input.shape)") }
        lastInputShape = input.shape
        var output = Tensor(shape: shape)
        winners = [Int](repeating: 0, count: output.count)
        let (height, width, channels) = (input.shape[1], input.shape[2], input.shape[3])
        var index = 0
        for item in 0..<shape[0] {
            for outY in 0..<shape[1] {
                for outX in 0..<shape[2] {
                    for channel in 0..<channels {
                        var best = -Float.infinity
                        var bestIndex = 0
                        for ky in 0..<size {
                            for kx in 0..<size {
                                let source = ((item * height + outY * stride + ky) * width + outX * stride + kx) * channels + channel
                                if input.scalars[source] > best {
                                    best = input.scalars[source]
                                    bestIndex = source
                                }
                            }
                        }
                        output.scalars[index] = best
                        winners[index] = bestIndex
                        index += 1
                    }
                }
            }
        }
        return output
    }

    /// Routes each gradient to the window's maximum.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        var inputGradient = Tensor(shape: lastInputShape)
        for (index, source) in winners.enumerated() { inputGradient.scalars[source] += outputGradient.scalars[index] }
        return inputGradient
    }
}
