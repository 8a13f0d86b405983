/// Quantization-aware training of a dense, convolution or depthwise layer: forward and backward run
/// with the weights rounded to the int8 grid the exporter will use (``SymmetricWeights``: per
/// channel for convolutions, per tensor or per unit for dense layers), while the optimizer updates the float
/// weights with the gradient computed there (the straight-through estimator).
public final class FakeQuantizedWeights: Layer {
    /// The wrapped layer, which owns the float weights.
    public let layer: any Layer
    private let weight: Parameter
    private let channelCount: Int
    private let channelOf: @Sendable (Int) -> Int

    /// Wraps `layer`, or returns `nil` when it is not a dense, convolution or depthwise layer; dense
    /// weights are rounded with one scale or one per unit, as the exporter will (`dense`).
    public init?(_ layer: any Layer, dense: DenseWeightScales = .perTensor) {
        guard let channels = WeightChannels(layer, dense: dense) else { return nil }
        (weight, channelCount, channelOf) = (channels.weight, channels.count, channels.channelOf)
        self.layer = layer
    }

    /// `fake-quant weights (dense 784→100)`.
    public var description: String { "fake-quant weights (\(layer.description))" }
    /// The wrapped layer's parameters (float values between steps).
    public var parameters: [Parameter] { layer.parameters }
    /// The wrapped layer's output shape.
    public func outputShape(for inputShape: [Int]) -> [Int]? { layer.outputShape(for: inputShape) }

    /// The wrapped layer's output with int8-grid weights.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        withQuantizedWeights { layer.forward(input, training: training) }
    }

    /// The wrapped layer's backward pass with int8-grid weights; the gradient lands on the float weights.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        withQuantizedWeights { layer.backward(outputGradient) }
    }

    /// Like ``backward(_:)`` without the input gradient.
    public func backwardWithoutInputGradient(_ outputGradient: Tensor) -> Tensor {
        withQuantizedWeights { layer.backwardWithoutInputGradient(outputGradient) }
    }

    private func withQuantizedWeights(_ body: () -> Tensor) -> Tensor {
        let float = weight.value
        let quantized = SymmetricWeights(float.scalars, channelCount: channelCount, channelOf: channelOf)
        weight.value = Tensor(shape: float.shape, scalars: quantized.values.enumerated().map { index, value in
            Float(value) * quantized.scales[channelOf(index)]
        })
        defer { weight.value = float }
        return body()
    }
}
