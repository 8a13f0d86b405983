@testable import Distiller
import Testing

/// Compares a layer's backward pass with central differences of `L = Σ output ⊙ R` for a fixed
/// random `R`, on a sample of input elements and of every parameter's elements.
func checkGradients(
    _ layer: any Layer, input: Tensor, training: Bool = true, seed: UInt64 = 11,
    step: Float = 1e-2, tolerance: Float = 2e-2, samples: Int = 40,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    var generator = SeededRandomNumberGenerator(seed: seed)
    func run(_ x: Tensor) -> Tensor {
        layer.reseed(seed: 5, stream: 0)
        return layer.forward(x, training: training)
    }
    let output = run(input)
    let weights = Tensor.uniform(shape: output.shape, in: -1...1, using: &generator)
    func loss(_ x: Tensor) -> Double {
        let y = run(x)
        return zip(y.scalars, weights.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }
    for parameter in layer.parameters { parameter.zeroGradient() }
    _ = run(input)
    let inputGradient = layer.backward(weights)
    #expect(inputGradient.shape == input.shape, "input gradient shape", sourceLocation: sourceLocation)

    func compare(_ analytic: Float, _ numeric: Double, _ what: String) {
        let difference = abs(Double(analytic) - numeric)
        let scale = max(abs(Double(analytic)) + abs(numeric), 1e-1)
        #expect(difference / scale < Double(tolerance), "\(layer.description) \(what): analytic \(analytic) numeric \(numeric)", sourceLocation: sourceLocation)
    }
    for _ in 0..<samples {
        let index = Int(generator.next() % UInt64(input.count))
        var plus = input, minus = input
        plus.scalars[index] += step
        minus.scalars[index] -= step
        compare(inputGradient.scalars[index], (loss(plus) - loss(minus)) / Double(2 * step), "input[\(index)]")
    }
    for parameter in layer.parameters {
        let analytic = parameter.gradient
        for _ in 0..<samples {
            let index = Int(generator.next() % UInt64(parameter.value.count))
            let original = parameter.value.scalars[index]
            parameter.value.scalars[index] = original + step
            let up = loss(input)
            parameter.value.scalars[index] = original - step
            let down = loss(input)
            parameter.value.scalars[index] = original
            compare(analytic.scalars[index], (up - down) / Double(2 * step), "\(parameter.name)[\(index)]")
        }
    }
}

/// Uniform values whose magnitude is at least `gap`, so that ReLU kinks and max-pool ties are not crossed.
func awayFromZero(shape: [Int], gap: Float = 0.1, seed: UInt64) -> Tensor {
    var generator = SeededRandomNumberGenerator(seed: seed)
    var tensor = Tensor.uniform(shape: shape, in: gap...1, using: &generator)
    for index in tensor.scalars.indices where generator.next() & 1 == 0 { tensor.scalars[index].negate() }
    return tensor
}
