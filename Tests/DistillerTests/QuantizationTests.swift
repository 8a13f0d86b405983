import EdgeModel
import EdgeRuntime
import Foundation
import Testing
@testable import Distiller

@Suite("Int8 quantization: folding, weights, calibration, graphs the runtime runs")
struct QuantizationTests {
    /// 200 noisy 6×6 images: class = which quadrant holds a bright blob.
    func noisyImages(seed: UInt64 = 3) -> Dataset {
        var generator = SeededRandomNumberGenerator(seed: seed)
        var images = Tensor(shape: [200, 6, 6, 1])
        for index in images.scalars.indices { images.scalars[index] = 0.3 * generator.nextUnitFloat() }
        var labels: [Int] = []
        for item in 0..<200 {
            let label = item % 4
            let (y, x) = ((label / 2) * 3 + 1, (label % 2) * 3 + 1)
            images[item, y, x, 0] = 0.6 + 0.4 * generator.nextUnitFloat()
            images[item, y + 1, x, 0] = 0.4 + 0.6 * generator.nextUnitFloat()
            labels.append(label)
        }
        return Dataset(inputs: images, labels: labels, classCount: 4)
    }

    func trained(_ architecture: String, on data: Dataset) throws -> (Sequential, Architecture) {
        let parsed = try Architecture(architecture)
        var options = TrainingOptions()
        options.epochs = 4
        options.batchSize = 16
        options.schedule = .constant(0.01)
        let trainer = Trainer(network: try parsed.makeNetwork(seed: 7), architecture: architecture, optimizer: Adam(), options: options)
        trainer.progress = { _ in }
        var inputs = data
        inputs.inputs = parsed.adapt(data.inputs)!
        try trainer.fit(inputs, test: nil, objective: CrossEntropyObjective())
        return (trainer.network, parsed)
    }

    /// A network whose batch norms have non-trivial running statistics and affine parameters.
    func networkWithBatchNorm() throws -> Sequential {
        let network = try Architecture("cnn:6x6x1-c4k3-dw3-gap-4,bn").makeNetwork(seed: 5)
        var generator = SeededRandomNumberGenerator(seed: 9)
        for case let normalization as BatchNorm in network.layers {
            for channel in 0..<normalization.channels {
                normalization.scale.value.scalars[channel] = 0.5 + generator.nextUnitFloat()
                normalization.shift.value.scalars[channel] = generator.nextUnitFloat() - 0.5
                normalization.runningMean.value.scalars[channel] = generator.nextUnitFloat() - 0.5
                normalization.runningVariance.value.scalars[channel] = 0.2 + generator.nextUnitFloat()
            }
        }
        return network
    }

    @Test("folding batch norm into convolution and depthwise layers computes what batch norm computes in eval mode")
    func batchNormFolding() throws {
        let network = try networkWithBatchNorm()
        let folded = try network.foldingNormalization()
        #expect(!folded.layers.contains { $0 is BatchNorm })
        #expect(folded.layers.count == network.layers.count - 2)
        let inputs = noisyImages().inputs.items(0..<20)
        let expected = network.forward(inputs, training: false)
        let actual = folded.forward(inputs, training: false)
        for (a, b) in zip(expected.scalars, actual.scalars) { #expect(abs(a - b) <= 1e-5 * max(1, abs(a)), "\(a) vs \(b)") }
        #expect(network.layers.compactMap { $0 as? BatchNorm }.count == 2, "the source network is unchanged")
    }

    @Test("per-channel scales are max|w|/127, weights round to [−127, 127], biases use inputScale·weightScale")
    func symmetricWeights() {
        let weights: [Float] = [0.5, -1.27, 0.01, 0, 0, 0, 2.54, -0.3, 1]
        let quantized = SymmetricWeights(weights, channelCount: 3) { $0 / 3 }
        #expect(quantized.scales[0] == 1.27 / 127)
        #expect(quantized.scales[1] == Float(1) / 127, "an all-zero channel gets a harmless scale")
        #expect(quantized.scales[2] == 2.54 / 127)
        #expect(quantized.values == [50, -127, 1, 0, 0, 0, 127, -15, 50])
        let biases = quantized.quantizedBiases([0.1, -0.2, 0.3], inputScale: 0.02)
        #expect(biases == [Int32((0.1 / (0.02 * Double(quantized.scales[0]))).rounded()),
                           Int32((-0.2 / (0.02 * Double(quantized.scales[1]))).rounded()),
                           Int32((0.3 / (0.02 * Double(quantized.scales[2]))).rounded())])
        let perTensor = SymmetricWeights(weights, channelCount: 1) { _ in 0 }
        #expect(perTensor.scales == [2.54 / 127])
    }

    @Test("activation quantization covers the range with zero exact; calibration texts parse")
    func affineQuantization() throws {
        let relu = AffineQuantization(covering: 0...2.55)
        #expect(relu.zeroPoint == -128 && abs(relu.scale - 0.01) < 1e-7)
        #expect(relu.quantize(0) == -128 && relu.quantize(3) == 127 && relu.quantize(-1) == -128)
        let signed = AffineQuantization(covering: -1...3)
        #expect(signed.roundTrip(0) == 0)
        #expect(try RangeCalibration(parsing: "percentile") == .percentile(99.99))
        #expect(try RangeCalibration(parsing: "percentile:99.9") == .percentile(99.9))
        #expect(try RangeCalibration(parsing: "mse") == .meanSquaredError)
        #expect(throws: QuantizationError.unknownCalibration("kl")) { try RangeCalibration(parsing: "kl") }
        #expect(throws: QuantizationError.unknownCalibration("percentile:20")) { try RangeCalibration(parsing: "percentile:20") }
    }

    @Test("percentile clips a rare outlier that min/max keeps; mse is never worse than min/max")
    func calibrationChoices() {
        var generator = SeededRandomNumberGenerator(seed: 11)
        var statistics = ActivationStatistics(expectedCount: 100_001)
        var values = (0..<100_000).map { _ in generator.nextUnitFloat() * generator.nextUnitFloat() * 2 }
        values.append(40)
        statistics.record(values)
        let minimumMaximum = statistics.range(.minimumMaximum)
        let percentile = statistics.range(.percentile(99.99))
        let meanSquared = statistics.range(.meanSquaredError)
        #expect(minimumMaximum == 0...40)
        #expect(percentile.upperBound < 2.01 && percentile.upperBound > 1.5)
        #expect(percentile.lowerBound == 0)
        let errors = [minimumMaximum, percentile, meanSquared].map { statistics.meanSquaredError(AffineQuantization(covering: $0)) }
        #expect(errors[2] <= errors[0])
        #expect(AffineQuantization(covering: percentile).scale < AffineQuantization(covering: minimumMaximum).scale / 10,
                "clipping one outlier buys much finer steps")
        #expect(meanSquared.upperBound < 40)
    }

    @Test("trained networks quantized to .edm run in the runtime close to the float network",
          arguments: ["mlp:36-24-4", "cnn:6x6x1-c4k3-p2-f8-4,bn", "cnn:6x6x1-c3k1-p3x2s1-a2x1-f8-4,bn", "cnn:6x6x1-c4k3s2-dw3-c8k1-gap-4,bn,relu6"])
    func runtimeMatchesFloat(architecture: String) throws {
        let data = noisyImages()
        let (network, parsed) = try trained(architecture, on: data)
        let calibration = parsed.adapt(data.inputs)!
        let graph = try PostTrainingQuantizer().quantize(network, inputShape: parsed.inputShape, calibrationInputs: calibration, name: "test")
        let runtime = try RuntimeEvaluation(model: LoadedModel(bytes: ModelWriter().write(graph)))
        let outputScale = graph.tensors[graph.outputs[0]].quantization!.scale
        let seen = try runtime.outputs(for: calibration)
        let largest = zip(seen.scalars, network.predict(calibration).scalars).map { abs($0 - $1) }.max()!
        #expect(largest <= 5 * outputScale, "largest logit difference \(largest) on calibration data, output scale \(outputScale)")

        let test = noisyImages(seed: 4)
        let inputs = parsed.adapt(test.inputs)!
        let quantized = try runtime.outputs(for: inputs)
        let reference = network.predict(inputs)
        let agreement = zip(quantized.argmaxPerItem(), reference.argmaxPerItem()).filter { $0 == $1 }.count
        #expect(agreement >= 190, "\(agreement) of 200 predictions agree")
        let floatAccuracy = ClassificationResult(outputs: reference, labels: test.labels, classCount: 4).accuracy
        #expect(ClassificationResult(outputs: quantized, labels: test.labels, classCount: 4).accuracy >= floatAccuracy - 0.03)
        #expect(graph.tensors[graph.inputs[0]].elementType == .int8 && graph.tensors[graph.outputs[0]].elementType == .int8)
    }

    @Test("convolution filters get one scale per output channel, dense weights one scale")
    func graphQuantization() throws {
        let network = try networkWithBatchNorm()
        let inputs = noisyImages().inputs
        let graph = try PostTrainingQuantizer(calibration: .meanSquaredError).quantize(network, inputShape: [6, 6, 1], calibrationInputs: inputs, name: "g")
        #expect(graph.operators.map(\.kind) == [.conv2D, .depthwiseConv2D, .averagePool2D, .reshape, .fullyConnected])
        let folded = try network.foldingNormalization()
        let convolution = folded.layers.compactMap { $0 as? Distiller.Conv2D }[0]
        let filter = graph.tensors[graph.operators[0].inputs[1]]
        let perChannel = convolution.weight.value.count / convolution.outputChannels
        let expected: [Float] = (0..<convolution.outputChannels).map { channel in
            let filterWeights = convolution.weight.value.scalars[(channel * perChannel)..<((channel + 1) * perChannel)]
            return filterWeights.map { abs($0) }.max()! / 127
        }
        #expect(filter.quantization?.scales == expected)
        #expect(graph.tensors[graph.operators[1].inputs[1]].quantization?.channelAxis == 3)
        #expect(graph.tensors[graph.operators[4].inputs[1]].quantization?.scales.count == 1)
        #expect(graph.operators[0].options.fusedActivation == .relu)
        let bias = graph.tensors[graph.operators[0].inputs[2]]
        let inputScale = graph.tensors[graph.inputs[0]].quantization!.scale
        let firstBias = bias.constantData!.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
        #expect(firstBias == Int32((Double(convolution.bias.value.scalars[0]) / (Double(inputScale) * Double(expected[0]))).rounded()))
    }

    @Test("per-channel dense weights: one scale per unit in the graph and in quantization-aware training; the runtime runs it")
    func perChannelDenseWeights() throws {
        let data = noisyImages()
        let (network, parsed) = try trained("mlp:36-24-4", on: data)
        let dense = network.layers.compactMap { $0 as? Dense }
        dense[0].weight.value.scalars[0] = 20  // one large weight: per tensor, every other unit of layer 0 would lose precision
        let inputs = parsed.adapt(data.inputs)!
        let graph = try PostTrainingQuantizer(denseWeights: .perChannel).quantize(network, inputShape: [36], calibrationInputs: inputs, name: "d")
        let weights = graph.tensors[graph.operators[0].inputs[1]].quantization!
        #expect(weights.scales.count == 24 && weights.channelAxis == 0)
        #expect(weights.scales[0] == 20 / 127 && weights.scales[1] < weights.scales[0] / 4)
        let perTensor = try PostTrainingQuantizer().quantize(network, inputShape: [36], calibrationInputs: inputs, name: "t")
        #expect(perTensor.tensors[perTensor.operators[0].inputs[1]].quantization!.scales == [20 / 127])
        let reference = network.predict(inputs)
        func largestError(_ graph: Graph) throws -> Float {
            let outputs = try RuntimeEvaluation(model: LoadedModel(bytes: ModelWriter().write(graph))).outputs(for: inputs)
            return zip(outputs.scalars, reference.scalars).map { abs($0 - $1) }.max()!
        }
        #expect(try largestError(graph) < largestError(perTensor), "per-unit scales keep the other units precise")

        let fake = try #require(FakeQuantizedWeights(dense[0], dense: .perChannel))
        let rounded = SymmetricWeights(dense[0].weight.value.scalars, channelCount: 24) { $0 / 36 }
        let sample = inputs.items(0..<3)
        var generator = SeededRandomNumberGenerator(seed: 0)
        let copy = Dense(inputCount: 36, outputCount: 24, using: &generator)
        copy.weight.value.scalars = rounded.values.enumerated().map { Float($1) * rounded.scales[$0 / 36] }
        copy.bias.value = dense[0].bias.value
        let expected = copy.forward(sample, training: false), seen = fake.forward(sample, training: false)
        for (a, b) in zip(expected.scalars, seen.scalars) { #expect(abs(a - b) < 1e-4) }
    }

    @Test("a layer without an int8 operator is rejected with its position")
    func unsupportedLayer() throws {
        var generator = SeededRandomNumberGenerator(seed: 1)
        let network = Sequential([Dense(inputCount: 4, outputCount: 3, using: &generator), Softmax()])
        #expect(throws: QuantizationError.unsupportedLayer(index: 1, description: Softmax().description)) {
            try PostTrainingQuantizer().quantize(network, inputShape: [4], calibrationInputs: Tensor(shape: [2, 4]), name: "x")
        }
    }
}
