import EdgeModel

/// One int8 operator of an exported network and the float layers it stands for: a weight layer
/// with the ReLU after it fused, a pooling layer, or a reshape.
enum OperatorStep {
    case dense(Dense, FusedActivation)
    case convolution(Conv2D, FusedActivation)
    case depthwise(DepthwiseConv2D, FusedActivation)
    case maxPool(MaxPool)
    case averagePool(AveragePool)
    case globalAveragePool(GlobalAveragePool)
    case flatten(Flatten)

    /// Groups the layers of an inference network (batch norm folded, no dropout) into operators.
    /// A leading ``FakeQuantization`` fixes the input's quantization, one after an operator its output's;
    /// a leading ``InputClipping`` (after it, if both) becomes `inputMaximum`, the top of the input's range.
    static func groups(of network: Sequential) throws(QuantizationError) -> (input: AffineQuantization?, inputMaximum: Float?, groups: [OperatorGroup]) {
        var groups: [OperatorGroup] = []
        let layers = network.layers
        let input = (layers.first as? FakeQuantization)?.quantization
        var index = input == nil ? 0 : 1
        let clipping = index < layers.count ? layers[index] as? InputClipping : nil
        if clipping != nil { index += 1 }
        while index < layers.count {
            let layer = layers[index]
            var activation = FusedActivation.none
            var group: [any Layer] = [layer]
            if index + 1 < layers.count, let relu = layers[index + 1] as? ReLU,
               layer is Dense || layer is Conv2D || layer is DepthwiseConv2D {
                switch relu.ceiling {
                case nil: activation = .relu
                case 6: activation = .relu6
                default: throw .unsupportedLayer(index: index + 1, description: relu.description)
                }
                group.append(relu)
            }
            let step: OperatorStep
            switch layer {
            case let dense as Dense: step = .dense(dense, activation)
            case let convolution as Conv2D: step = .convolution(convolution, activation)
            case let depthwise as DepthwiseConv2D: step = .depthwise(depthwise, activation)
            case let pool as MaxPool: step = .maxPool(pool)
            case let pool as AveragePool: step = .averagePool(pool)
            case let pool as GlobalAveragePool: step = .globalAveragePool(pool)
            case let flatten as Flatten: step = .flatten(flatten)
            default: throw .unsupportedLayer(index: index, description: layer.description)
            }
            var fixed: AffineQuantization?
            if index + group.count < layers.count, let fake = layers[index + group.count] as? FakeQuantization {
                fixed = fake.quantization
                group.append(fake)
            }
            groups.append(OperatorGroup(step: step, layers: group, fixedQuantization: fixed))
            index += group.count
        }
        return (input, clipping?.maximum, groups)
    }

    /// Whether the operator's output gets its own calibrated quantization (weight layers) rather
    /// than its input's (pooling and reshapes keep scale and zero point, as TFLite requires).
    var hasOwnOutputRange: Bool {
        switch self {
        case .dense, .convolution, .depthwise: return true
        case .maxPool, .averagePool, .globalAveragePool, .flatten: return false
        }
    }
}

/// An operator step with the float layers it stands for and, in a quantization-aware network, the
/// output quantization its ``FakeQuantization`` fixed.
struct OperatorGroup {
    var step: OperatorStep
    var layers: [any Layer]
    var fixedQuantization: AffineQuantization?
}
