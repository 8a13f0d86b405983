extension Sequential {
    /// The inference network (``foldingNormalization()``) with the output channels of each weight
    /// layer rescaled so that, on `calibrationInputs`, every channel reaches the same largest
    /// magnitude, and the next weight layer's weights for that channel divided by the same factor.
    ///
    /// A per-tensor int8 activation gives its 256 steps to the channel with the widest range; a
    /// channel whose values stay small gets a few of them. Because ReLU, pooling and flattening
    /// commute with a positive per-channel factor, the rescaled network computes exactly what this
    /// one computes (up to float rounding), while its activations quantize far better. A layer is
    /// rescaled only when its activation is none or ReLU (ReLU6 clamps at a fixed value), and only
    /// pooling and flattening stand between it and the next dense layer or convolution. The
    /// source network is not changed.
    public func equalizingChannelRanges(inputShape: [Int], calibrationInputs: Tensor) throws(QuantizationError) -> Sequential {
        let inference = try foldingNormalization()
        let (fixedInput, inputMaximum, steps) = try OperatorStep.groups(of: inference)
        let exampleSize = inputShape.reduce(1, *)
        guard calibrationInputs.batchSize > 0, calibrationInputs.itemSize == exampleSize else {
            throw .calibrationInputMismatch(expected: exampleSize, actual: calibrationInputs.itemSize)
        }
        // The largest magnitude of each output channel of each weight step, over the calibration inputs.
        var magnitudes = [[Float]?](repeating: nil, count: steps.count)
        var start = 0
        while start < calibrationInputs.batchSize {
            let end = min(start + 100, calibrationInputs.batchSize)
            var activation = calibrationInputs.items(start..<end).reshaped(to: [end - start] + inputShape)
            if let fixedInput { activation = FakeQuantization(fixedInput).forward(activation, training: false) }
            if let inputMaximum { activation = InputClipping(maximum: inputMaximum).forward(activation, training: false) }
            for (position, group) in steps.enumerated() {
                for layer in group.layers { activation = layer.forward(activation, training: false) }
                guard let channels = group.step.equalizableChannels else { continue }
                var largest = magnitudes[position] ?? [Float](repeating: 0, count: channels)
                for (index, value) in activation.scalars.enumerated() { largest[index % channels] = max(largest[index % channels], abs(value)) }
                magnitudes[position] = largest
            }
            start = end
        }
        for (position, group) in steps.enumerated() where group.fixedQuantization == nil {
            guard let largest = magnitudes[position], let target = largest.max(), target > 0 else { continue }
            var next = position + 1
            while next < steps.count, steps[next].step.commutesWithChannelScaling { next += 1 }
            guard next < steps.count, steps[next].step.isWeightStep,
                  let producer = WeightChannels(group.layers[0], dense: .perChannel),
                  let reader = WeightChannels(steps[next].layers[0], dense: .perChannel) else { continue }
            let factors = largest.map { $0 > 0 ? target / $0 : 1 }
            for index in producer.weight.value.scalars.indices { producer.weight.value.scalars[index] *= factors[producer.channelOf(index)] }
            for channel in producer.bias.value.scalars.indices { producer.bias.value.scalars[channel] *= factors[channel] }
            let channels = factors.count
            for index in reader.weight.value.scalars.indices { reader.weight.value.scalars[index] /= factors[index % channels] }
        }
        return inference
    }
}

extension OperatorStep {
    /// The output channels of a weight step whose activation commutes with a positive factor
    /// (none or ReLU), or `nil`.
    var equalizableChannels: Int? {
        switch self {
        case .dense(let layer, let activation): return activation == .relu6 ? nil : layer.outputCount
        case .convolution(let layer, let activation): return activation == .relu6 ? nil : layer.outputChannels
        case .depthwise(let layer, let activation): return activation == .relu6 ? nil : layer.channels
        case .maxPool, .averagePool, .globalAveragePool, .flatten: return nil
        }
    }

    /// Dense layers and convolutions.
    var isWeightStep: Bool { !commutesWithChannelScaling }

    /// Steps that pass a per-channel positive factor through unchanged: pooling and flattening.
    var commutesWithChannelScaling: Bool {
        switch self {
        case .maxPool, .averagePool, .globalAveragePool, .flatten: return true
        case .dense, .convolution, .depthwise: return false
        }
    }
}
