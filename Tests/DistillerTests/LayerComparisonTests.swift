import EdgeModel
import EdgeRuntime
import Testing
@testable import Distiller

@Suite("Layer-by-layer comparison of a float network and its int8 model")
struct LayerComparisonTests {
    @Test("a well quantized model: every layer above 25 dB, accuracies as measured apart; a clipped layer is found")
    func findsTheClippedLayer() throws {
        let architecture = try Architecture("cnn:8x8x1-c6k3-p2-f12-4")
        let network = try architecture.makeNetwork(seed: 5)
        var generator = SeededRandomNumberGenerator(seed: 9)
        let inputs = Tensor.uniform(shape: [200, 8, 8, 1], in: 0...1, using: &generator)
        let labels = network.predict(inputs).argmaxPerItem()  // the float network is right by construction
        let model = try LoadedModel(bytes: ModelWriter().write(
            PostTrainingQuantizer().quantize(network, inputShape: [8, 8, 1], calibrationInputs: inputs, name: "good")))
        let good = try LayerComparison(network: network, inputShape: [8, 8, 1], model: model, inputs: inputs, labels: labels, batchSize: 64)
        #expect(good.examples == 200 && good.floatAccuracy == 1 && good.layers.map(\.tensor) == ["input", "op0", "op1", "op2", "op3", "op4"])
        #expect(good.layers.allSatisfy { $0.signalToNoiseDecibels > 25 }, "\(good.layers.map(\.signalToNoiseDecibels))")
        let runtime = try RuntimeEvaluation(model: model).outputs(for: inputs).argmaxPerItem()
        #expect(good.int8Accuracy == Double(zip(runtime, labels).filter { $0 == $1 }.count) / 200)
        #expect(good.layers[2].accuracyWithThisLayerUnrounded == nil && good.layers[1].accuracyWithThisLayerUnrounded != nil, "max pool shares its input's grid")
        // The input on 256 steps of 1/255: uniform noise of ±1/510 against values uniform in 0…1 is about 54 dB.
        #expect((50...58).contains(good.layers[0].signalToNoiseDecibels) && good.layers[0].largestError <= 0.5 / 255 + 1e-6
                && good.layers[0].accuracyWithThisLayerUnrounded != nil, "\(good.layers[0])")

        // The same network with the convolution's range fixed at a tenth of what it needs.
        let folded = try network.foldingNormalization()
        let calibrated = PostTrainingQuantizer().calibrate(
            try OperatorStep.groups(of: folded).groups, fixedInput: nil, inputMaximum: nil, inputShape: [8, 8, 1], inputs: inputs)
        var layers = folded.layers
        let tight = AffineQuantization(scale: calibrated[1].scale / 10, zeroPoint: calibrated[1].zeroPoint)
        layers.insert(FakeQuantization(tight), at: 2)  // after the convolution and its ReLU
        let clipped = try LoadedModel(bytes: ModelWriter().write(
            PostTrainingQuantizer().quantize(Sequential(layers), inputShape: [8, 8, 1], calibrationInputs: inputs, name: "clipped")))
        let bad = try LayerComparison(network: network, inputShape: [8, 8, 1], model: clipped, inputs: inputs, labels: labels)
        #expect(bad.layers[1].saturatedShare > 0.3 && bad.layers[1].signalToNoiseDecibels < good.layers[1].signalToNoiseDecibels - 10)
        #expect(bad.layerToQuantizeWithCare == 1, "\(bad.text)")
        #expect(bad.text.contains("quantize with more care: op0") && bad.html.contains("<svg"))
        #expect(throws: QuantizationError.self) {  // a model not made from this network
            try LayerComparison(network: try Architecture("mlp:64-4").makeNetwork(seed: 1), inputShape: [64], model: model,
                                inputs: inputs.reshaped(to: [200, 64]), labels: labels)
        }
    }
}
