/// Average pooling over `size × size` windows with stride `stride` (default: the size), valid padding.
public final class AveragePool: Layer {
    /// Window height and width.
    public let size: Int
    /// Window step.
    public let stride: Int
    private var lastInputShape: [Int] = []

    /// Creates the layer.
    public init(size: Int, stride: Int? = nil) {
        precondition(size > 0 && (stride ?? 1) > 0, "pool size and stride must be positive")
        self.size = size
        self.stride = stride ?? size
    }

    /// `avgpool 2×2 s2`.
    public var description: String { "avgpool \(size)×\(size) s\(stride)" }

    /// `[N, H, W, C]` to `[N, (H−size)/stride+1, …, C]`.
    public func outputShape(for inputShape: [Int]) -> [Int]? {
        guard inputShape.count == 4, inputShape[1] >= size, inputShape[2] >= size else { return nil }
        return [inputShape[0], (inputShape[1] - size) / stride + 1, (inputShape[2] - size) / stride + 1, inputShape[3]]
    }

    private func forEachWindow(_ outputShape: [Int], _ body: (_ outputIndex: Int, _ inputIndex: Int) -> Void) {
        let (height, width, channels) = (lastInputShape[1], lastInputShape[2], lastInputShape[3])
        for item in 0..<outputShape[0] {
            for outY in 0..<outputShape[1] {
                for outX in 0..<outputShape[2] {
                    let outputBase = ((item * outputShape[1] + outY) * outputShape[2] + outX) * channels
                    for ky in 0..<size {
                        for kx in 0..<size {
                            let inputBase = ((item * height + outY * stride + ky) * width + outX * stride + kx) * channels
                            for channel in 0..<channels { body(outputBase + channel, inputBase + channel) }
                        }
                    }
                }
            }
        }
    }

    /// The mean of each window.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard let shape = outputShape(for: input.shape) else { preconditionFailure("\(description) cannot take input \(input.shape)") }
        lastInputShape = input.shape
        var output = Tensor(shape: shape)
        let scale = 1 / Float(size * size)
        forEachWindow(shape) { o, i in output.scalars[o] += input.scalars[i] * scale }
        return output
    }

    /// Spreads each gradient evenly over its window.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        var inputGradient = Tensor(shape: lastInputShape)
        let scale = 1 / Float(size * size)
        forEachWindow(outputGradient.shape) { o, i in inputGradient.scalars[i] += outputGradient.scalars[o] * scale }
        return inputGradient
    }
}
