import EdgeModel
import Testing
@testable import Distiller

@Suite("Channel equalization: the same function, every channel at the same calibrated range")
struct ChannelEqualizationTests {
    /// A trained-looking network whose first layer's channels have very different output ranges.
    func unevenNetwork(_ architecture: String) throws -> (Sequential, Architecture) {
        let parsed = try Architecture(architecture)
        let network = try parsed.makeNetwork(seed: 4)
        for case let convolution as Conv2D in network.layers.prefix(1) {
            let perChannel = convolution.weight.value.count / convolution.outputChannels
            for index in convolution.weight.value.scalars.indices where index / perChannel == 0 {
                convolution.weight.value.scalars[index] *= 40  // channel 0 dwarfs the others
            }
        }
        for case let dense as Dense in network.layers.prefix(2) {
            for index in dense.weight.value.scalars.indices where index / dense.inputCount == 1 { dense.weight.value.scalars[index] *= 0.02 }
        }
        return (network, parsed)
    }

    @Test("outputs are unchanged in float; each rescaled layer's channels reach the same largest value",
          arguments: ["cnn:8x6x2-c4k3-p2-c3k1-gap-3", "cnn:8x6x2-c4k1-p3x1s1-f5-3", "mlp:12-6-5-3", "cnn:8x6x2-dw3-a2-f4-3"])
    func exactAndEqual(architecture: String) throws {
        let (network, parsed) = try unevenNetwork(architecture)
        var generator = SeededRandomNumberGenerator(seed: 6)
        let inputs = Tensor.uniform(shape: [40] + parsed.inputShape, in: -1...2, using: &generator)
        let equalized = try network.equalizingChannelRanges(inputShape: parsed.inputShape, calibrationInputs: inputs)
        let expected = network.forward(inputs, training: false), actual = equalized.forward(inputs, training: false)
        for (a, b) in zip(expected.scalars, actual.scalars) { #expect(abs(a - b) <= 1e-4 * max(1, abs(a)), "\(a) vs \(b)") }
        // The first weight layer (followed by ReLU, pooling or nothing, then a weight layer) is equalized.
        var activation = inputs
        for layer in equalized.layers {
            activation = layer.forward(activation, training: false)
            if layer is ReLU { break }
        }
        let channels = activation.shape.last!
        var largest = [Float](repeating: 0, count: channels)
        for (index, value) in activation.scalars.enumerated() { largest[index % channels] = max(largest[index % channels], abs(value)) }
        let top = largest.max()!
        for value in largest where value > 0 { #expect(abs(value - top) <= 1e-3 * top, "\(largest)") }
        #expect(network.forward(inputs, training: false).scalars == expected.scalars, "the source network is unchanged")
    }

    @Test("ReLU6 layers are left alone, and the int8 model of an uneven network gets closer to the float one")
    func relu6AndInt8() throws {
        let (capped, _) = try unevenNetwork("cnn:8x6x2-c4k1-p2-f5-3,relu6")
        let parsed = try Architecture("cnn:8x6x2-c4k1-p2-f5-3")
        var generator = SeededRandomNumberGenerator(seed: 7)
        let inputs = Tensor.uniform(shape: [40] + parsed.inputShape, in: -1...2, using: &generator)
        let untouched = try capped.equalizingChannelRanges(inputShape: parsed.inputShape, calibrationInputs: inputs)
        let first = try #require(untouched.layers.first as? Conv2D), original = try #require(capped.layers.first as? Conv2D)
        #expect(first.weight.value == original.weight.value)

        // Channel 0 of the convolution 40 times larger, the dense weights reading it 40 times smaller:
        // the same function, but a per-tensor activation range set by channel 0 alone.
        let network = try parsed.makeNetwork(seed: 4)
        let convolution = try #require(network.layers.first as? Conv2D)
        let dense = try #require(network.layers.first { $0 is Dense } as? Dense)
        for index in convolution.weight.value.scalars.indices where index / 2 == 0 { convolution.weight.value.scalars[index] *= 40 }
        convolution.bias.value.scalars[0] *= 40
        for index in dense.weight.value.scalars.indices where index % 4 == 0 { dense.weight.value.scalars[index] /= 40 }
        let reference = network.forward(inputs, training: false)
        func largestError(_ source: Sequential) throws -> Float {
            let graph = try PostTrainingQuantizer().quantize(source, inputShape: parsed.inputShape, calibrationInputs: inputs, name: "e")
            let outputs = try RuntimeEvaluation(model: LoadedModel(bytes: ModelWriter().write(graph))).outputs(for: inputs)
            return zip(outputs.scalars, reference.scalars).map { abs($0 - $1) }.max()!
        }
        let equalized = try network.equalizingChannelRanges(inputShape: parsed.inputShape, calibrationInputs: inputs)
        let (after, before) = (try largestError(equalized), try largestError(network))
        #expect(after < before / 4, "largest int8 logit error \(after) equalized, \(before) not")
    }
}
