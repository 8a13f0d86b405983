/// Quantization-aware fine-tuning of a float network, for when post-training quantization loses
/// accuracy: batch norm is folded, activation ranges are calibrated once (then kept fixed), and the
/// network is fine-tuned (for example with the distillation loss) with weights and activations
/// rounded to the int8 grids the exporter will use, gradients passing straight through.
///
/// ```
/// let aware = try QuantizationAwareTraining(network, inputShape: [784], calibrationInputs: samples)
/// try trainer(aware.trainingNetwork).fit(train, test: nil, objective: distillation)
/// let graph = try PostTrainingQuantizer().quantize(aware.inferenceNetwork, inputShape: [784], calibrationInputs: samples, name: "m")
/// ```
public struct QuantizationAwareTraining {
    /// The network to fine-tune: ``FakeQuantizedWeights`` around each weight layer and
    /// ``FakeQuantization`` on the input and on every operator output.
    public let trainingNetwork: Sequential
    /// The same weights (shared, so it follows the fine-tuning) as plain layers with the same
    /// ``FakeQuantization``s, which fix every range when ``PostTrainingQuantizer`` exports it.
    public let inferenceNetwork: Sequential

    /// Folds `network`, calibrates its activation ranges with `calibration` on `calibrationInputs`
    /// and builds the two views, dense weights rounded as `denseWeights` (export with the same).
    /// The source network is not changed.
    public init(
        _ network: Sequential, inputShape: [Int], calibrationInputs: Tensor, calibration: RangeCalibration = .minimumMaximum,
        denseWeights: DenseWeightScales = .perTensor
    ) throws(QuantizationError) {
        let folded = try network.foldingNormalization()
        let (_, inputMaximum, groups) = try OperatorStep.groups(of: folded)
        let exampleSize = inputShape.reduce(1, *)
        guard calibrationInputs.batchSize > 0, calibrationInputs.itemSize == exampleSize else {
            throw .calibrationInputMismatch(expected: exampleSize, actual: calibrationInputs.itemSize)
        }
        let quantizations = PostTrainingQuantizer(calibration: calibration)
            .calibrate(groups, fixedInput: nil, inputMaximum: inputMaximum, inputShape: inputShape, inputs: calibrationInputs)
        var training: [any Layer] = [FakeQuantization(quantizations[0])]
        var inference: [any Layer] = [FakeQuantization(quantizations[0])]
        for (position, group) in groups.enumerated() {
            for layer in group.layers {
                training.append(FakeQuantizedWeights(layer, dense: denseWeights) ?? layer)
                inference.append(layer)
            }
            switch group.step {
            case .dense, .convolution, .depthwise, .averagePool, .globalAveragePool:
                let fake = FakeQuantization(quantizations[position + 1])
                training.append(fake)
                inference.append(fake)
            case .maxPool, .flatten:
                break
            }
        }
        trainingNetwork = Sequential(training)
        inferenceNetwork = Sequential(inference)
    }
}
