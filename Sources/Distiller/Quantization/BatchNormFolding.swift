extension Sequential {
    /// The network as it runs at inference time: every ``BatchNorm`` folded into the convolution,
    /// depthwise convolution or dense layer before it, an ``InputStandardization`` folded into the
    /// weight layer after it, and every ``Dropout`` removed.
    ///
    /// Batch norm folding uses the running statistics: with `f = γ / √(σ² + ε)` per channel, the
    /// weights of output channel `c` are multiplied by `f[c]` and the bias becomes `(b − μ)·f + β`.
    /// Standardization divides the weights that read input channel `c` by its deviation `d[c]` and
    /// subtracts `Σ w · m[c] / d[c]` from each bias; that is exact only where the layer never reads
    /// padding (a dense layer, a valid or 1×1 convolution), and refused otherwise. The result
    /// computes what this network computes with `training: false`; the original is not changed.
    public func foldingNormalization() throws(QuantizationError) -> Sequential {
        var folded: [any Layer] = []
        var standardization: (index: Int, layer: InputStandardization)?
        for (index, layer) in layers.enumerated() {
            switch layer {
            case is Dropout:
                continue
            case let normalization as BatchNorm:
                guard let previous = folded.popLast(), let replacement = previous.folding(normalization) else {
                    throw .unsupportedLayer(index: index, description: "\(layer.description) that does not follow a convolution or dense layer")
                }
                folded.append(replacement)
            case let standardizing as InputStandardization:
                guard folded.allSatisfy({ $0 is InputClipping }), standardization == nil else {
                    throw .unsupportedLayer(index: index, description: "\(layer.description) after other layers (it can only come first)")
                }
                standardization = (index, standardizing)
            case is Flatten:
                folded.append(layer)  // keeps channels last, so a pending standardization still applies
            default:
                let copy = layer.copiedForFolding()
                if let (position, standardizing) = standardization {
                    guard copy.folding(standardizing) else {
                        throw .unsupportedLayer(index: position, description: "\(standardizing.description) before \(layer.description), "
                            + "which is not a dense layer or a convolution that reads no padding (valid or 1×1)")
                    }
                    standardization = nil
                }
                folded.append(copy)
            }
        }
        if let (position, standardizing) = standardization {
            throw .unsupportedLayer(index: position, description: "\(standardizing.description) with no weight layer after it")
        }
        return Sequential(folded)
    }
}

extension Layer {
    /// Folds `standardization` into this freshly copied weight layer's weights and biases; `false`
    /// (and nothing changed) where that would not be exact.
    fileprivate func folding(_ standardization: InputStandardization) -> Bool {
        let weight: Parameter, bias: Parameter, outputOf: (Int) -> Int
        switch self {
        case let dense as Dense where dense.inputCount % standardization.channels == 0:  // features, or a flattened image (channels last)
            let inputs = dense.inputCount
            (weight, bias, outputOf) = (dense.weight, dense.bias, { $0 / inputs })
        case let convolution as Conv2D where convolution.inputChannels == standardization.channels
            && (convolution.padding == .valid || convolution.kernelSize == 1):
            let perChannel = convolution.weight.value.count / convolution.outputChannels
            (weight, bias, outputOf) = (convolution.weight, convolution.bias, { $0 / perChannel })
        case let depthwise as DepthwiseConv2D where depthwise.channels == standardization.channels
            && (depthwise.padding == .valid || depthwise.kernelSize == 1):
            let channels = depthwise.channels
            (weight, bias, outputOf) = (depthwise.weight, depthwise.bias, { $0 % channels })
        default:
            return false
        }
        let (means, deviations) = (standardization.mean.value.scalars, standardization.deviation.value.scalars)
        let channels = standardization.channels
        for index in weight.value.scalars.indices {
            let channel = index % channels
            weight.value.scalars[index] /= deviations[channel]
            bias.value.scalars[outputOf(index)] -= weight.value.scalars[index] * means[channel]
        }
        return true
    }

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
