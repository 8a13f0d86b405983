/// Weights quantized symmetrically to int8 in `[−127, 127]` with zero point 0, one scale per tensor
/// or per output channel (``WeightChannels``), as TFLite's int8 specification allows.
public struct SymmetricWeights: Sendable, Equatable {
    /// `max|w| / 127` per channel (or one value); a channel of zeros gets `1 / 127`.
    public var scales: [Float]
    /// The quantized weights, in the layout of the float weights.
    public var values: [Int8]

    /// Quantizes `weights` with one scale per channel, where `channelOf(i)` names the channel of
    /// element `i` and there are `channelCount` channels (pass 1 and `{ _ in 0 }` for per tensor).
    public init(_ weights: [Float], channelCount: Int, channelOf: (Int) -> Int) {
        var maximum = [Float](repeating: 0, count: channelCount)
        for (index, weight) in weights.enumerated() {
            maximum[channelOf(index)] = max(maximum[channelOf(index)], abs(weight))
        }
        let scales = maximum.map { $0 > 0 ? $0 / 127 : 1 / 127 }
        self.scales = scales
        values = weights.enumerated().map { index, weight in
            Int8(max(-127, min(127, (weight / scales[channelOf(index)]).rounded())))
        }
    }

    /// Biases as int32 with scale `inputScale · scales[c]` per channel (zero point 0).
    public func quantizedBiases(_ biases: [Float], inputScale: Float) -> [Int32] {
        biases.enumerated().map { channel, bias in
            let step = Double(inputScale) * Double(scales[scales.count == 1 ? 0 : channel])
            return Int32(max(Double(Int32.min), min(Double(Int32.max), (Double(bias) / step).rounded())))
        }
    }
}

/// How a dense layer's weights are scaled in int8: one scale for the whole matrix (TFLite's
/// converter default), or one per output unit, which keeps small rows precise next to large ones
/// (the runtime, TFLM and LiteRT run both). Convolutions always get one scale per output channel.
public enum DenseWeightScales: String, Sendable, CaseIterable {
    /// One scale for the matrix.
    case perTensor = "per-tensor"
    /// One scale per output unit.
    case perChannel = "per-channel"
}

/// The weights of a dense, convolution or depthwise layer and how they group into the channels
/// that share a scale: the one place the exporter and quantization-aware training agree on it.
struct WeightChannels {
    /// The float weights.
    var weight: Parameter
    /// The biases, one per output channel.
    var bias: Parameter
    /// The number of scales.
    var count: Int
    /// The scale index of each weight element.
    var channelOf: @Sendable (Int) -> Int

    /// The grouping of `layer`'s weights, or `nil` when it has none.
    init?(_ layer: any Layer, dense: DenseWeightScales) {
        switch layer {
        case let layer as Dense:
            let inputs = layer.inputCount
            switch dense {
            case .perTensor: (weight, count, channelOf) = (layer.weight, 1, { _ in 0 })
            case .perChannel: (weight, count, channelOf) = (layer.weight, layer.outputCount, { $0 / inputs })
            }
            bias = layer.bias
        case let layer as Conv2D:
            let perChannel = layer.weight.value.count / layer.outputChannels
            (weight, bias, count, channelOf) = (layer.weight, layer.bias, layer.outputChannels, { $0 / perChannel })
        case let layer as DepthwiseConv2D:
            let channels = layer.channels
            (weight, bias, count, channelOf) = (layer.weight, layer.bias, channels, { $0 % channels })
        default:
            return nil
        }
    }

    /// The weights quantized to int8 with these channels.
    var quantized: SymmetricWeights { SymmetricWeights(weight.value.scalars, channelCount: count, channelOf: channelOf) }
}
