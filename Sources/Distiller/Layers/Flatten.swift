/// Reshapes `[batch, …]` to `[batch, features]`.
public final class Flatten: Layer {
    private var lastShape: [Int] = []

    /// Creates a flatten layer.
    public init() {}

    /// `flatten`.
    public var description: String { "flatten" }

    /// `[batch, product of the rest]`.
    public func outputShape(for inputShape: [Int]) -> [Int]? {
        guard let batch = inputShape.first else { return nil }
        return [batch, inputShape.dropFirst().reduce(1, *)]
    }

    /// Reshapes without copying values.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        lastShape = input.shape
        return input.reshaped(to: [input.batchSize, input.itemSize])
    }

    /// Restores the input's shape.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        outputGradient.reshaped(to: lastShape)
    }
}
