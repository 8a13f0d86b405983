/// Rectified linear unit, `max(0, x)`, optionally capped (`ReLU6` is `min(max(0, x), 6)`).
public final class ReLU: Layer {
    /// The upper clamp, or `nil` for a plain ReLU.
    public let ceiling: Float?
    private var lastOutput = Tensor(shape: [0])

    /// Creates a ReLU; pass `ceiling: 6` for ReLU6.
    public init(ceiling: Float? = nil) {
        self.ceiling = ceiling
    }

    /// A ReLU6 layer.
    public static func relu6() -> ReLU { ReLU(ceiling: 6) }

    /// `relu` or `relu6`.
    public var description: String { ceiling.map { "relu\(Int($0))" } ?? "relu" }

    /// Clamps every element.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        var output = input
        let upper = ceiling ?? .infinity
        output.scalars.withUnsafeMutableBufferPointer { values in
            for index in values.indices { values[index] = min(max(values[index], 0), upper) }
        }
        lastOutput = output
        return output
    }

    /// Passes the gradient where the output was strictly inside `(0, ceiling)`.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        var gradient = outputGradient
        let upper = ceiling ?? .infinity
        gradient.scalars.withUnsafeMutableBufferPointer { values in
            lastOutput.scalars.withUnsafeBufferPointer { output in
                for index in values.indices where !(output[index] > 0 && output[index] < upper) { values[index] = 0 }
            }
        }
        return gradient
    }
}
