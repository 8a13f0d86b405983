/// Inverted dropout: in training, zeroes each element with probability `rate` and scales the
/// survivors by `1 / (1 − rate)`; at inference it is the identity.
public final class Dropout: Layer {
    /// The probability of dropping an element.
    public let rate: Float
    private var generator = SeededRandomNumberGenerator(seed: 0)
    private var mask: [Float] = []

    /// Creates a dropout layer; `rate` must be in `[0, 1)`.
    public init(rate: Float) {
        precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1), got \(rate)")
        self.rate = rate
    }

    /// `dropout 0.5`.
    public var description: String { "dropout \(rate)" }

    /// Restarts the mask stream.
    public func reseed(seed: UInt64, stream: UInt64) {
        generator = SeededRandomNumberGenerator(seed: seed, stream: stream)
    }

    /// Applies a fresh mask in training; the identity otherwise.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard training, rate > 0 else {
            mask = []
            return input
        }
        let scale = 1 / (1 - rate)
        let threshold = UInt64(Double(rate) * 18_446_744_073_709_551_616.0)
        mask = [Float](repeating: 0, count: input.count)
        var output = input
        output.scalars.withUnsafeMutableBufferPointer { values in
            mask.withUnsafeMutableBufferPointer { mask in
                for index in values.indices {
                    let keep: Float = generator.next() >= threshold ? scale : 0
                    mask[index] = keep
                    values[index] *= keep
                }
            }
        }
        return output
    }

    /// Multiplies the gradient by the same mask.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        guard !mask.isEmpty else { return outputGradient }
        var gradient = outputGradient
        for index in gradient.scalars.indices { gradient.scalars[index] *= mask[index] }
        return gradient
    }
}
