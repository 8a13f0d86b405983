extension Sequential {
    /// The weights pruning may set to zero: the weight tensors of dense, convolution and depthwise
    /// layers, in layer order (biases and batch-norm parameters are never pruned).
    public var prunableWeights: [Parameter] {
        layers.compactMap { layer in
            switch layer {
            case let dense as Dense: dense.weight
            case let convolution as Conv2D: convolution.weight
            case let depthwise as DepthwiseConv2D: depthwise.weight
            default: nil
            }
        }
    }

    /// The fraction of ``prunableWeights`` that are exactly zero.
    public var sparsity: Double {
        let weights = prunableWeights
        let total = weights.reduce(0) { $0 + $1.value.count }
        let zeros = weights.reduce(0) { count, weight in count + weight.value.scalars.reduce(0) { $0 + ($1 == 0 ? 1 : 0) } }
        return total == 0 ? 0 : Double(zeros) / Double(total)
    }

    /// Number of trainable scalars that are not zero.
    public var nonzeroParameterCount: Int {
        parameters.reduce(0) { count, parameter in count + parameter.value.scalars.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }
    }
}
