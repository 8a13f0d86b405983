import EdgeModel
import EdgeRuntime
import Foundation
import Testing
@testable import Distiller

@Suite("Quantization-aware fine-tuning: fake quantization with straight-through gradients")
struct QuantizationAwareTrainingTests {
    @Test("fake quantization rounds to the grid and passes gradients only inside its range")
    func fakeQuantization() {
        let layer = FakeQuantization(AffineQuantization(covering: 0...2.55))
        let output = layer.forward(Tensor(shape: [1, 4], scalars: [0.014, 1.0, 3, -1]), training: true)
        #expect(zip(output.scalars, [0.01, 1.0, 2.55, 0]).allSatisfy { abs($0 - Float($1)) < 1e-6 }, "\(output.scalars)")
        let gradient = layer.backward(Tensor(shape: [1, 4], scalars: [1, 2, 3, 4]))
        #expect(gradient.scalars == [1, 2, 0, 0])
    }

    @Test("fake-quantized weights compute with the int8 grid and leave the float weights to the optimizer")
    func fakeQuantizedWeights() throws {
        var generator = SeededRandomNumberGenerator(seed: 2)
        let convolution = Conv2D(inputChannels: 2, outputChannels: 3, kernelSize: 3, using: &generator)
        let float = convolution.weight.value
        let wrapped = try #require(FakeQuantizedWeights(convolution))
        let input = Tensor.uniform(shape: [2, 5, 5, 2], in: -1...1, using: &generator)
        let output = wrapped.forward(input, training: true)
        #expect(convolution.weight.value == float, "float weights are back after the forward pass")
        let perChannel = float.count / 3
        let quantized = SymmetricWeights(float.scalars, channelCount: 3) { $0 / perChannel }
        convolution.weight.value = Tensor(shape: float.shape, scalars: quantized.values.enumerated().map {
            Float($1) * quantized.scales[$0 / perChannel]
        })
        #expect(convolution.forward(input, training: false) == output)
        convolution.weight.value = float
        #expect(FakeQuantizedWeights(ReLU()) == nil)
        #expect(wrapped.parameters.map(\.name) == convolution.parameters.map(\.name))
    }

    @Test("after fine-tuning, the runtime reproduces the fake-quantized network and the export keeps its ranges")
    func exportMatchesTraining() throws {
        let tests = QuantizationTests()
        let data = tests.noisyImages()
        let (network, architecture) = try tests.trained("cnn:6x6x1-c4k3-p2-f8-4,bn", on: data)
        let aware = try QuantizationAwareTraining(network, inputShape: architecture.inputShape, calibrationInputs: data.inputs)
        var options = TrainingOptions()
        options.epochs = 2
        options.batchSize = 16
        options.schedule = .constant(0.001)
        let trainer = Trainer(network: aware.trainingNetwork, architecture: architecture.description, optimizer: Adam(), options: options)
        trainer.progress = { _ in }
        try trainer.fit(data, test: nil, objective: CrossEntropyObjective())
        let graph = try PostTrainingQuantizer(calibration: .percentile(99)).quantize(
            aware.inferenceNetwork, inputShape: architecture.inputShape, calibrationInputs: data.inputs, name: "qat")
        let fixed = aware.inferenceNetwork.layers.compactMap { ($0 as? FakeQuantization)?.quantization }
        let exported = graph.tensors.filter { $0.constantData == nil }.map { AffineQuantization(scale: $0.quantization!.scale, zeroPoint: $0.quantization!.zeroPoint) }
        #expect(Set(exported.map(\.scale)) == Set(fixed.map(\.scale)), "ranges come from the fake quantizations, not a new calibration")
        let runtime = try RuntimeEvaluation(model: LoadedModel(bytes: ModelWriter().write(graph))).outputs(for: data.inputs)
        let simulated = aware.trainingNetwork.predict(data.inputs)
        let outputScale = graph.tensors[graph.outputs[0]].quantization!.scale
        let largest = zip(runtime.scalars, simulated.scalars).map { abs($0 - $1) }.max()!
        #expect(largest <= 3 * outputScale, "largest difference \(largest), output scale \(outputScale)")
        let agreement = zip(runtime.argmaxPerItem(), simulated.argmaxPerItem()).filter { $0 == $1 }.count
        #expect(agreement >= 196, "\(agreement) of 200")
    }
}
