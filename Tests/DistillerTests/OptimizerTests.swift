import Foundation
import Testing
@testable import Distiller

@Suite("Optimizers, max-norm, schedules, RNG")
struct OptimizerTests {
    /// Minimises `Σ (w − target)²` and returns the final distance.
    func minimise(_ optimizer: inout some Optimizer, learningRate: Float, steps: Int) -> Float {
        let target = Tensor(shape: [2, 3], scalars: [1, -2, 3, 0.5, -1, 2])
        let parameter = Parameter(name: "w", value: Tensor(shape: [2, 3]), isDecayed: false)
        for _ in 0..<steps {
            for i in 0..<6 { parameter.gradient.scalars[i] = 2 * (parameter.value.scalars[i] - target.scalars[i]) }
            optimizer.step([parameter], learningRate: learningRate)
        }
        return zip(parameter.value.scalars, target.scalars).map { abs($0 - $1) }.max()!
    }

    @Test("SGD, momentum, Nesterov, Adam and AdamW converge on a quadratic")
    func converge() {
        var sgd = StochasticGradientDescent()
        #expect(minimise(&sgd, learningRate: 0.1, steps: 100) < 1e-3)
        var momentum = StochasticGradientDescent(momentum: 0.9)
        #expect(minimise(&momentum, learningRate: 0.02, steps: 300) < 1e-3)
        var nesterov = StochasticGradientDescent(momentum: 0.9, nesterov: true)
        #expect(minimise(&nesterov, learningRate: 0.02, steps: 300) < 1e-3)
        var adam = Adam()
        #expect(minimise(&adam, learningRate: 0.05, steps: 600) < 1e-2)
        var adamW = Adam.adamW(weightDecay: 0.01)
        #expect(minimise(&adamW, learningRate: 0.05, steps: 600) < 1e-2)
    }

    @Test("one step of momentum and Nesterov follows the formulas")
    func momentumFormulas() {
        for nesterov in [false, true] {
            var optimizer = StochasticGradientDescent(momentum: 0.5, nesterov: nesterov, weightDecay: 0.1)
            let parameter = Parameter(name: "w", value: Tensor(shape: [1], scalars: [2]))
            parameter.gradient = Tensor(shape: [1], scalars: [1])
            optimizer.step([parameter], learningRate: 0.1)
            // g = 1 + 0.1·2 = 1.2; v = 1.2
            let first: Float = nesterov ? 2 - 0.1 * (1.2 + 0.5 * 1.2) : 2 - 0.1 * 1.2
            #expect(abs(parameter.value.scalars[0] - first) < 1e-6)
            optimizer.step([parameter], learningRate: 0.1)
            let g = 1 + 0.1 * first
            let v = 0.5 * 1.2 + g
            let second = first - 0.1 * (nesterov ? g + 0.5 * v : v)
            #expect(abs(parameter.value.scalars[0] - second) < 1e-6)
        }
    }

    @Test("AdamW decays weights even with zero gradient; Adam's coupled decay is normalised away")
    func decoupledDecay() {
        var adamW = Adam.adamW(weightDecay: 0.1)
        var adam = Adam(weightDecay: 0.1)
        let a = Parameter(name: "a", value: Tensor(shape: [1], scalars: [1]))
        let b = Parameter(name: "b", value: Tensor(shape: [1], scalars: [1]))
        adamW.step([a], learningRate: 0.01)
        adam.step([b], learningRate: 0.01)
        #expect(abs(a.value.scalars[0] - (1 - 0.01 * 0.1)) < 1e-6)
        #expect(abs(b.value.scalars[0] - (1 - 0.01)) < 1e-5, "coupled: m̂/√v̂ = 1 whatever λ")
    }

    @Test("Adam's eight-lane update gives the scalar formula's bits, across thread ranges and tails",
          arguments: [false, true])
    func vectorizedAdamIsExact(decoupled: Bool) {
        let count = 200_003  // split into the thread pool's ranges, with tails shorter than eight
        var generator = SeededRandomNumberGenerator(seed: 5)
        let parameter = Parameter(name: "w", value: Tensor(shape: [count], scalars: (0..<count).map { _ in generator.nextUnitFloat() - 0.5 }))
        var optimizer = Adam(weightDecay: 0.01, decoupledWeightDecay: decoupled)
        var (w, m, v) = (parameter.value.scalars, [Float](repeating: 0, count: count), [Float](repeating: 0, count: count))
        for step in 1...3 {
            parameter.gradient = Tensor(shape: [count], scalars: (0..<count).map { _ in generator.nextUnitFloat() - 0.5 })
            optimizer.step([parameter], learningRate: 0.01)
            let (c1, c2) = (1 - powf(0.9, Float(step)), 1 - powf(0.999, Float(step)))
            for i in 0..<count {
                let g = decoupled ? parameter.gradient.scalars[i] : parameter.gradient.scalars[i] + 0.01 * w[i]
                m[i] = 0.9 * m[i] + (1 - 0.9) * g
                v[i] = 0.999 * v[i] + (1 - 0.999) * g * g
                let update = (m[i] / c1) / ((v[i] / c2).squareRoot() + 1e-8)
                w[i] -= 0.01 * (update + (decoupled ? 0.01 * w[i] : 0))
            }
        }
        let mismatches = zip(parameter.value.scalars, w).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(mismatches == 0, "\(mismatches) of \(count) weights differ from the scalar formula")
        #expect(optimizer.state[0].scalars == m && optimizer.state[1].scalars == v)
    }

    @Test("max-norm caps each unit's incoming weight vector and leaves small ones")
    func maxNorm() {
        let weight = Parameter(name: "w", value: Tensor(shape: [2, 2], scalars: [3, 4, 0.3, 0.4]))
        let bias = Parameter(name: "b", value: Tensor(shape: [2], scalars: [30, 40]), isDecayed: false)
        MaxNormConstraint(maximum: 2).apply(to: [weight, bias])
        #expect(abs(weight.value.scalars[0] - 1.2) < 1e-6 && abs(weight.value.scalars[1] - 1.6) < 1e-6)
        #expect(weight.value.scalars[2] == 0.3 && bias.value.scalars[0] == 30)
    }

    @Test("step and cosine schedules")
    func schedules() {
        let step = LearningRateSchedule.step(initial: 0.1, every: 10, factor: 0.5)
        #expect(step.rate(atEpoch: 9.9) == 0.1 && abs(step.rate(atEpoch: 10) - 0.05) < 1e-7 && abs(step.rate(atEpoch: 25) - 0.025) < 1e-7)
        let cosine = LearningRateSchedule.cosine(initial: 1, minimum: 0.1, epochs: 10)
        #expect(cosine.rate(atEpoch: 0) == 1)
        #expect(abs(cosine.rate(atEpoch: 5) - 0.55) < 1e-6)
        #expect(abs(cosine.rate(atEpoch: 10) - 0.1) < 1e-6 && abs(cosine.rate(atEpoch: 12) - 0.1) < 1e-6)
        #expect(cosine.rate(atEpoch: 3) > cosine.rate(atEpoch: 4))
    }

    @Test("seeded generators repeat; streams differ; uniform floats are in [0, 1)")
    func randomNumbers() {
        var a = SeededRandomNumberGenerator(seed: 42), b = SeededRandomNumberGenerator(seed: 42)
        var c = SeededRandomNumberGenerator(seed: 42, stream: 1)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
        var sum: Double = 0
        for _ in 0..<10_000 {
            let value = a.nextUnitFloat()
            #expect(value >= 0 && value < 1)
            sum += Double(value)
        }
        #expect(abs(sum / 10_000 - 0.5) < 0.02)
    }

    @Test("a small MLP learns a non-linear problem with SGD-momentum")
    func learnsXorLikeProblem() {
        var generator = SeededRandomNumberGenerator(seed: 8)
        let network = Sequential([Dense(inputCount: 2, outputCount: 16, using: &generator), ReLU(), Dense(inputCount: 16, outputCount: 2, using: &generator)])
        var inputs = Tensor(shape: [64, 2])
        var labels: [Int] = []
        for item in 0..<64 {
            let x = Float.random(in: -1...1, using: &generator), y = Float.random(in: -1...1, using: &generator)
            inputs[item, 0] = x
            inputs[item, 1] = y
            labels.append(x * y > 0 ? 1 : 0)
        }
        var optimizer = StochasticGradientDescent(momentum: 0.9)
        var firstLoss: Float = 0, lastLoss: Float = 0
        for step in 0..<400 {
            network.zeroGradients()
            let result = SoftmaxCrossEntropy.loss(logits: network.forward(inputs, training: true), labels: labels)
            network.backward(result.gradient)
            optimizer.step(network.parameters, learningRate: 0.05)
            if step == 0 { firstLoss = result.loss }
            lastLoss = result.loss
        }
        let accuracy = zip(network.forward(inputs, training: false).argmaxPerItem(), labels).filter { $0 == $1 }.count
        #expect(lastLoss < firstLoss / 3)
        #expect(accuracy >= 58)
    }
}
