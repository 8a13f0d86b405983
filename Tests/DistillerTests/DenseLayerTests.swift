import Testing
@testable import Distiller

@Suite("Dense, activations, dropout, softmax: gradients against central differences")
struct DenseLayerTests {
    @Test("Dense gradients (input, weight, bias), flattened rank-4 input")
    func dense() {
        var generator = SeededRandomNumberGenerator(seed: 1)
        let layer = Dense(inputCount: 12, outputCount: 7, using: &generator)
        layer.bias.value = .uniform(shape: [7], in: -1...1, using: &generator)
        checkGradients(layer, input: .uniform(shape: [5, 2, 3, 2], in: -1...1, using: &generator))
    }

    @Test("ReLU and ReLU6 gradients")
    func relu() {
        checkGradients(ReLU(), input: awayFromZero(shape: [4, 9], seed: 2))
        var input = awayFromZero(shape: [4, 9], seed: 3)
        for index in input.scalars.indices { input.scalars[index] *= 9 }
        for index in input.scalars.indices where abs(input.scalars[index] - 6) < 0.2 { input.scalars[index] = 3 }
        checkGradients(ReLU.relu6(), input: input)
        let clamped = ReLU.relu6().forward(input, training: false)
        #expect(clamped.scalars.allSatisfy { $0 >= 0 && $0 <= 6 })
        #expect(clamped.scalars.contains(6) && clamped.scalars.contains(0))
    }

    @Test("Dropout gradients use the same mask; inference is the identity; the kept fraction matches")
    func dropout() {
        let layer = Dropout(rate: 0.3)
        var generator = SeededRandomNumberGenerator(seed: 4)
        checkGradients(layer, input: .uniform(shape: [6, 10], in: -1...1, using: &generator))
        let ones = Tensor(shape: [100, 100], repeating: 1)
        #expect(layer.forward(ones, training: false) == ones)
        layer.reseed(seed: 9, stream: 1)
        let dropped = layer.forward(ones, training: true)
        let kept = Float(dropped.scalars.filter { $0 != 0 }.count) / Float(ones.count)
        #expect(abs(kept - 0.7) < 0.02)
        #expect(abs(dropped.scalars.reduce(0, +) / Float(ones.count) - 1) < 0.03, "inverted dropout keeps the mean")
        layer.reseed(seed: 9, stream: 1)
        #expect(layer.forward(ones, training: true) == dropped, "same seed and stream, same mask")
        layer.reseed(seed: 9, stream: 2)
        #expect(layer.forward(ones, training: true) != dropped, "another stream, another mask")
    }

    @Test("Softmax layer gradient, at T = 1 and T = 3")
    func softmax() {
        var generator = SeededRandomNumberGenerator(seed: 5)
        let input = Tensor.uniform(shape: [3, 6], in: -2...2, using: &generator)
        checkGradients(Softmax(), input: input)
        checkGradients(Softmax(temperature: 3), input: input)
        let probabilities = Softmax.probabilities(input)
        for row in 0..<3 { #expect(abs(probabilities.scalars[(row * 6)..<(row * 6 + 6)].reduce(0, +) - 1) < 1e-5) }
    }

    @Test("Flatten round-trips the shape")
    func flatten() {
        let layer = Flatten()
        var generator = SeededRandomNumberGenerator(seed: 6)
        let input = Tensor.uniform(shape: [2, 3, 4, 5], in: -1...1, using: &generator)
        let output = layer.forward(input, training: true)
        #expect(output.shape == [2, 60])
        #expect(layer.backward(output) == input)
    }

    @Test("cross-entropy gradients (labels and soft targets) match central differences")
    func crossEntropy() {
        var generator = SeededRandomNumberGenerator(seed: 7)
        let logits = Tensor.uniform(shape: [4, 5], in: -3...3, using: &generator)
        let labels = [0, 4, 2, 2]
        let targets = Softmax.probabilities(Tensor.uniform(shape: [4, 5], in: -2...2, using: &generator))
        for temperature: Float in [1, 4] {
            let analyticHard = SoftmaxCrossEntropy.loss(logits: logits, labels: labels)
            let analyticSoft = SoftmaxCrossEntropy.loss(logits: logits, targetProbabilities: targets, temperature: temperature)
            for index in logits.scalars.indices {
                var plus = logits, minus = logits
                plus.scalars[index] += 1e-2
                minus.scalars[index] -= 1e-2
                if temperature == 1 {
                    let numeric = (SoftmaxCrossEntropy.loss(logits: plus, labels: labels).loss - SoftmaxCrossEntropy.loss(logits: minus, labels: labels).loss) / 2e-2
                    #expect(abs(numeric - analyticHard.gradient.scalars[index]) < 2e-3)
                }
                let numericSoft = (SoftmaxCrossEntropy.loss(logits: plus, targetProbabilities: targets, temperature: temperature).loss
                    - SoftmaxCrossEntropy.loss(logits: minus, targetProbabilities: targets, temperature: temperature).loss) / 2e-2
                #expect(abs(numericSoft - analyticSoft.gradient.scalars[index]) < 2e-3)
            }
        }
    }
}

@Suite("Sequential")
struct SequentialTests {
    @Test("skipping the first layer's input gradient leaves every parameter gradient unchanged")
    func skipInputGradient() throws {
        let network = try Architecture("mlp:12-9-7-3,input-dropout=0.2").makeNetwork(seed: 3)
        var generator = SeededRandomNumberGenerator(seed: 4)
        let input = Tensor.uniform(shape: [5, 12], in: -1...1, using: &generator)
        let outputGradient = Tensor.uniform(shape: [5, 3], in: -1...1, using: &generator)
        var gradients: [[Tensor]] = []
        for needsInput in [true, false] {
            network.zeroGradients()
            network.reseed(seed: 1, stream: 0)
            _ = network.forward(input, training: true)
            let inputGradient = network.backward(outputGradient, needsInputGradient: needsInput)
            #expect(inputGradient.shape == (needsInput ? [5, 12] : [0]))
            gradients.append(network.parameters.map(\.gradient))
        }
        #expect(gradients[0] == gradients[1])
        #expect(gradients[0][0].squaredNorm > 0)
    }
}
