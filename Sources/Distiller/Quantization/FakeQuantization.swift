/// Quantization-aware training: rounds activations to the int8 grid of a fixed ``AffineQuantization``
/// in the forward pass, and passes gradients straight through (zero where the value was clipped).
///
/// In an inference network handed to ``PostTrainingQuantizer``, a `FakeQuantization` after an
/// operator (or first, for the input) fixes that tensor's quantization instead of calibration.
public final class FakeQuantization: Layer {
    /// The grid values are rounded to.
    public let quantization: AffineQuantization
    private var passes: [Bool] = []

    /// Creates the layer.
    public init(_ quantization: AffineQuantization) {
        self.quantization = quantization
    }

    /// `fake-quant scale 0.0123 zero point -128`.
    public var description: String { "fake-quant scale \(quantization.scale) zero point \(quantization.zeroPoint)" }

    /// Every value quantized and dequantized.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let lower = quantization.dequantize(-128), upper = quantization.dequantize(127)
        if training { passes = input.scalars.map { $0 >= lower && $0 <= upper } }
        return Tensor(shape: input.shape, scalars: input.scalars.map(quantization.roundTrip))
    }

    /// The straight-through estimator: the gradient where the input was inside the grid's range, else 0.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        var gradient = outputGradient
        for index in gradient.scalars.indices where !passes[index] { gradient.scalars[index] = 0 }
        return gradient
    }
}
