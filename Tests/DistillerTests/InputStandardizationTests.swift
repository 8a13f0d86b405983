import EdgeModel
import Testing
@testable import Distiller

@Suite("Input standardization and clipping: fitted to the training inputs, folded into the model on export")
struct InputStandardizationTests {
    /// `count` rows of `channels` values, channel `c` around `10·c − 7` with spread `c + 1`.
    func shiftedInputs(_ shape: [Int], seed: UInt64 = 1) -> Tensor {
        var generator = SeededRandomNumberGenerator(seed: seed)
        let channels = shape.last!
        var tensor = Tensor.uniform(shape: shape, in: -1...1, using: &generator)
        for index in tensor.scalars.indices {
            let channel = index % channels
            tensor.scalars[index] = tensor.scalars[index] * Float(channel + 1) + Float(10 * channel - 7)
        }
        return tensor
    }

    @Test("fit sets each channel's mean and deviation; the output has mean 0 and deviation 1; gradients")
    func fitting() {
        let inputs = shiftedInputs([200, 3])
        let layer = InputStandardization(channels: 3)
        #expect(layer.isIdentity)
        layer.fit(to: inputs)
        #expect(!layer.isIdentity)
        let output = layer.forward(inputs, training: false)
        for channel in 0..<3 {
            let column = stride(from: channel, to: inputs.count, by: 3).map { Double(inputs.scalars[$0]) }
            let mean = column.reduce(0, +) / 200
            #expect(abs(Double(layer.mean.value.scalars[channel]) - mean) < 1e-4)
            let standardized = stride(from: channel, to: output.count, by: 3).map { Double(output.scalars[$0]) }
            let outMean = standardized.reduce(0, +) / 200
            let outVariance = standardized.map { ($0 - outMean) * ($0 - outMean) }.reduce(0, +) / 200
            #expect(abs(outMean) < 1e-4 && abs(outVariance - 1) < 1e-3, "channel \(channel): mean \(outMean), variance \(outVariance)")
        }
        checkGradients(layer, input: inputs.items(0..<4))
        let constant = InputStandardization(channels: 2)
        constant.fit(to: Tensor(shape: [5, 2], repeating: 3))
        #expect(constant.deviation.value.scalars == [1, 1], "a constant channel keeps deviation 1")
    }

    @Test("folding into a dense layer, a 1×1 and a valid convolution computes what the network computes",
          arguments: ["mlp:3-5-2,standardize,input-dropout=0.1", "cnn:6x5x3-c4k1-p2-f4-2,standardize",
                      "cnn:6x5x3-c4k3v-a2-f4-2,standardize", "cnn:6x5x3-dw1-f4-2,standardize", "cnn:6x5x3-f4-2,standardize"])
    func folding(architecture: String) throws {
        let parsed = try Architecture(architecture)
        let network = try parsed.makeNetwork(seed: 3)
        let inputs = shiftedInputs([20] + parsed.inputShape)
        #expect(network.fitInputStandardization(to: inputs))
        #expect(!network.fitInputStandardization(to: inputs), "a fitted layer is not fitted again")
        let folded = try network.foldingNormalization()
        #expect(!folded.layers.contains { $0 is InputStandardization })
        let expected = network.forward(inputs, training: false), actual = folded.forward(inputs, training: false)
        for (a, b) in zip(expected.scalars, actual.scalars) { #expect(abs(a - b) <= 1e-4 * max(1, abs(a)), "\(a) vs \(b)") }
    }

    @Test("a padded first convolution is refused when parsed, and by the folding itself")
    func paddedConvolutionRefused() throws {
        #expect(throws: Architecture.ParseError.self) { try Architecture("cnn:6x6x1-c4k3-2,standardize").makeNetwork(seed: 1) }
        #expect(throws: Architecture.ParseError.self) { try Architecture("cnn:6x6x1-p2-f3-2,standardize").makeNetwork(seed: 1) }
        var generator = SeededRandomNumberGenerator(seed: 2)
        let standardization = InputStandardization(channels: 1)
        standardization.fit(to: shiftedInputs([4, 6, 6, 1]))
        let padded = Sequential([standardization, Conv2D(inputChannels: 1, outputChannels: 2, kernelSize: 3, using: &generator)])
        #expect(throws: QuantizationError.self) { try padded.foldingNormalization() }
        let late = Sequential([Dense(inputCount: 2, outputCount: 2, using: &generator), InputStandardization(channels: 2)])
        #expect(throws: QuantizationError.self) { try late.foldingNormalization() }
    }

    @Test("training fits a fresh network's statistics; a checkpoint keeps them; the int8 model takes raw inputs")
    func trainingAndExport() throws {
        let architecture = "mlp:3-8-2,standardize"
        let parsed = try Architecture(architecture)
        let inputs = shiftedInputs([64, 3])
        let labels = (0..<64).map { inputs.scalars[$0 * 3 + 1] > 3 ? 1 : 0 }
        let data = Dataset(inputs: inputs, labels: labels, classCount: 2)
        var options = TrainingOptions()
        options.epochs = 30
        options.batchSize = 16
        options.schedule = .constant(0.01)
        let trainer = Trainer(network: try parsed.makeNetwork(seed: 1), architecture: architecture, optimizer: Adam(), options: options)
        trainer.progress = { _ in }
        try trainer.fit(data, test: nil, objective: CrossEntropyObjective())
        let standardization = try #require(trainer.network.layers.first as? InputStandardization)
        #expect(abs(standardization.mean.value.scalars[1] - 3) < 0.2, "channel 1 is centred near 3")

        let checkpoint = Checkpoint(architecture: architecture, network: trainer.network, optimizer: nil, epoch: 30, seed: 1, history: [])
        let restored = try parsed.makeNetwork(seed: 9)
        try Checkpoint(bytes: checkpoint.serialized()).restore(into: restored, path: "memory")
        #expect((restored.layers.first as? InputStandardization)?.mean.value == standardization.mean.value)

        let graph = try PostTrainingQuantizer().quantize(trainer.network, inputShape: [3], calibrationInputs: inputs, name: "standardized")
        let runtime = try RuntimeEvaluation(model: LoadedModel(bytes: ModelWriter().write(graph)))
        let quantized = try runtime.outputs(for: inputs).argmaxPerItem()
        let reference = trainer.network.predict(inputs).argmaxPerItem()
        #expect(zip(quantized, reference).filter { $0 == $1 }.count >= 60, "the int8 model reads raw values as the float network does")
    }

    @Test("input-max clips in training and becomes the top of the int8 input's range; the runtime saturates there")
    func clipping() throws {
        let architecture = "mlp:3-8-2,input-max=4,standardize"
        let parsed = try Architecture(architecture)
        let network = try parsed.makeNetwork(seed: 2)
        #expect(network.layers.first is InputClipping && network.layers[1] is InputStandardization)
        var inputs = shiftedInputs([64, 3])
        for index in inputs.scalars.indices { inputs.scalars[index] = abs(inputs.scalars[index]) }  // 0…21
        #expect(network.fitInputStandardization(to: inputs))
        let clipped = network.forward(inputs, training: true)
        checkGradients(InputClipping(maximum: 0.5), input: Tensor(shape: [2, 3], scalars: [0.1, 0.9, -2, 0.45, 3, 0.2]))

        let graph = try PostTrainingQuantizer().quantize(network, inputShape: [3], calibrationInputs: inputs, name: "clipped")
        let input = try #require(graph.tensors[graph.inputs[0]].quantization)
        #expect(abs(input.scale - 4 / 255) < 1e-6 && input.zeroPoint == -128, "the input's 256 steps span [0, 4]")
        let runtime = try RuntimeEvaluation(model: LoadedModel(bytes: ModelWriter().write(graph)))
        let quantized = try runtime.outputs(for: inputs)
        let outputScale = graph.tensors[graph.outputs[0]].quantization!.scale
        let largest = zip(quantized.scalars, clipped.scalars).map { abs($0 - $1) }.max()!
        #expect(largest <= 6 * outputScale, "values above 4 read as 4 in both: largest difference \(largest), output scale \(outputScale)")
        #expect(throws: Architecture.ParseError.self) { try Architecture("mlp:3-2,input-max=0") }
        #expect(throws: Architecture.ParseError.self) { try Architecture("mlp:3-2,input-max=inf") }

        let aware = try QuantizationAwareTraining(network, inputShape: [3], calibrationInputs: inputs)
        let fixed = try PostTrainingQuantizer().quantize(aware.inferenceNetwork, inputShape: [3], calibrationInputs: inputs, name: "qat")
        #expect(fixed.tensors[fixed.inputs[0]].quantization == graph.tensors[graph.inputs[0]].quantization, "QAT keeps the clipped range")
    }
}
