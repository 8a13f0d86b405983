/// Clips the network's input from above: `min(x, maximum)`, for sensors whose far readings carry no
/// more information (a range finder's "nothing within 5 m"). It spends the int8 input's 256 steps
/// on `[min(lowest input, 0), maximum]` instead of the whole range: export makes `maximum` the
/// top of the input's quantization range, so the saturation of quantizing is the clip itself.
public final class InputClipping: Layer {
    /// The largest value the layers after it see.
    public let maximum: Float
    private var passed: [Bool] = []

    /// Creates the layer.
    public init(maximum: Float) {
        precondition(maximum.isFinite, "the clip must be finite")
        self.maximum = maximum
    }

    /// `clip ≤ 3.0`.
    public var description: String { "clip ≤ \(maximum)" }

    /// `min(x, maximum)`.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        var output = input
        passed = input.scalars.map { $0 < maximum }
        for index in output.scalars.indices where !passed[index] { output.scalars[index] = maximum }
        return output
    }

    /// The gradient where the input was below the clip, zero where it was clipped.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        var inputGradient = outputGradient
        for index in inputGradient.scalars.indices where !passed[index] { inputGradient.scalars[index] = 0 }
        return inputGradient
    }
}
