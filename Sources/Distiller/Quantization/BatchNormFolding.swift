extension Sequential {
    /// The network as it runs at inference time: every ``BatchNorm`` folded into the convolution,
    /// depthwise convolution or dense layer before it, and every ``Dropout`` removed.
    ///
    /// Folding uses the running statistics: with `f = γ / √(σ² + ε)` per channel, the weights of
    /// output channel `c` are multiplied by `f[c]` and the bias becomes `(b − μ)·f + β`. The result
    /// computes what this network computes with `training: false`; the original is not changed.
    public func foldingBatchNorm() throws(QuantizationError) -> Sequential {
        var folded: [any Layer] = []
        for (index, layer) in layers.enumerated() {
            switch layer {
            case is Dropout:
                continue
            case let normalization as BatchNorm:
                guard let previous = folded.popLast(), let replacement = previous.folding(normalization) else {
                    throw .unsupportedLayer(index: index, description: "\(layer.description) that does not follow a convolution or dense layer")
                }
                folded.append(replacement)
            default:
                folded.append(layer.copiedForFolding())
            }
        }
        return Sequential(folded)
    }
}

extension Layer {
    /// A copy of a weight layer (so folding never changes the source network); other layers as they are.
    fileprivate func copiedForFolding() -> any Layer {
        folding(nil) ?? self
    }

    /// A copy of this weight layer with `normalization` (or nothing) folded in; `nil` for other layers.
    fileprivate func folding(_ normalization: BatchNorm?) -> (any Layer)? {
        var generator = SeededRandomNumberGenerator(seed: 0)
        let copy: any Layer
        let weight: Parameter, bias: Parameter, channelOf: (Int) -> Int
        switch self {
        case let dense as Dense:
            let layer = Dense(inputCount: dense.inputCount, outputCount: dense.outputCount, name: dense.weight.name.layerName, using: &generator)
            (copy, weight, bias) = (layer, layer.weight, layer.bias)
            layer.weight.value = dense.weight.value
            layer.bias.value = dense.bias.value
            let inputs = dense.inputCount
            channelOf = { $0 / inputs }
        case let convolution as Conv2D:
            let layer = Conv2D(
                inputChannels: convolution.inputChannels, outputChannels: convolution.outputChannels, kernelSize: convolution.kernelSize,
                stride: convolution.stride, dilation: convolution.dilation, padding: convolution.padding,
                name: convolution.weight.name.layerName, using: &generator)
            (copy, weight, bias) = (layer, layer.weight, layer.bias)
            layer.weight.value = convolution.weight.value
            layer.bias.value = convolution.bias.value
            let perChannel = convolution.weight.value.count / convolution.outputChannels
            channelOf = { $0 / perChannel }
        case let depthwise as DepthwiseConv2D:
            let layer = DepthwiseConv2D(
                channels: depthwise.channels, kernelSize: depthwise.kernelSize, stride: depthwise.stride,
                dilation: depthwise.dilation, padding: depthwise.padding,
                name: depthwise.weight.name.layerName, using: &generator)
            (copy, weight, bias) = (layer, layer.weight, layer.bias)
            layer.weight.value = depthwise.weight.value
            layer.bias.value = depthwise.bias.value
            let channels = depthwise.channels
            channelOf = { $0 % channels }
        default:
            return nil
        }
        guard let normalization else { return copy }
        guard normalization.channels == bias.value.count else { return nil }
        let factors = (0..<normalization.channels).map { channel in
            normalization.scale.value.scalars[channel]
                / (normalization.runningVariance.value.scalars[channel] + normalization.epsilon).squareRoot()
        }
        for index in weight.value.scalars.indices { weight.value.scalars[index] *= factors[channelOf(index)] }
        for channel in factors.indices {
            bias.value.scalars[channel] = (bias.value.scalars[channel] - normalization.runningMean.value.scalars[channel]) * factors[channel]
                + normalization.shift.value.scalars[channel]
        }
        return copy
    }
}

extension String {
    /// `layer3.weight` → `layer3`: the layer name a parameter name was built from.
    fileprivate var layerName: String {
        hasSuffix(".weight") ? String(dropLast(".weight".count)) : self
    }
}
