/// Average pooling over a ``PoolWindow`` (valid padding).
public final class AveragePool: Layer {
    /// The window and its strides.
    public let window: PoolWindow
    private var lastInputShape: [Int] = []

    /// Creates the layer.
    public init(window: PoolWindow) { self.window = window }

    /// A square `size × size` window, stride `stride` (default: the size).
    public convenience init(size: Int, stride: Int? = nil) { self.init(window: PoolWindow(size: size, stride: stride)) }

    /// `avgpool 2×2 s2`.
    public var description: String { "avgpool \(window.description)" }

    /// `[N, H, W, C]` to the window's output shape.
    public func outputShape(for inputShape: [Int]) -> [Int]? { window.outputShape(for: inputShape) }

    /// The mean of each window.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard let shape = outputShape(for: input.shape) else { preconditionFailure("\(description) cannot take input \(input.shape)") }
        lastInputShape = input.shape
        var output = Tensor(shape: shape)
        let scale = 1 / Float(window.area)
        window.forEachTap(inputShape: input.shape, outputShape: shape) { o, i in output.scalars[o] += input.scalars[i] * scale }
        return output
    }

    /// Spreads each gradient evenly over its window.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        var inputGradient = Tensor(shape: lastInputShape)
        let scale = 1 / Float(window.area)
        window.forEachTap(inputShape: lastInputShape, outputShape: outputGradient.shape) { o, i in
            inputGradient.scalars[i] += outputGradient.scalars[o] * scale
        }
        return inputGradient
    }
}
