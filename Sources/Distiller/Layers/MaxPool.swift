/// Max pooling over a ``PoolWindow`` (valid padding).
public final class MaxPool: Layer {
    /// The window and its strides.
    public let window: PoolWindow
    private var lastInputShape: [Int] = []
    private var winners: [Int] = []

    /// Creates the layer.
    public init(window: PoolWindow) { self.window = window }

    /// A square `size × size` window, stride `stride` (default: the size).
    public convenience init(size: Int, stride: Int? = nil) { self.init(window: PoolWindow(size: size, stride: stride)) }

    /// `maxpool 2×2 s2`.
    public var description: String { "maxpool \(window.description)" }

    /// `[N, H, W, C]` to the window's output shape.
    public func outputShape(for inputShape: [Int]) -> [Int]? { window.outputShape(for: inputShape) }

    /// The largest value in each window (the first one on ties); remembers where it was.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard let shape = outputShape(for: input.shape) else { preconditionFailure("\(description) cannot take input \(input.shape)") }
        lastInputShape = input.shape
        var output = Tensor(shape: shape, repeating: -.infinity)
        winners = [Int](repeating: 0, count: output.count)
        window.forEachTap(inputShape: input.shape, outputShape: shape) { o, i in
            if input.scalars[i] > output.scalars[o] {
                output.scalars[o] = input.scalars[i]
                winners[o] = i
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
