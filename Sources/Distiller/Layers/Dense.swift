/// A fully connected layer: `y = x · Wᵀ + b`, with `W` stored `[outputs, inputs]` like the runtime.
///
/// Inputs of higher rank are flattened per item, so a Dense layer can follow a convolution.
public final class Dense: Layer {
    /// Weights `[outputCount, inputCount]`.
    public let weight: Parameter
    /// Biases `[outputCount]`.
    public let bias: Parameter
    private var lastInput = Tensor(shape: [0])

    /// Input features per item.
    public var inputCount: Int { weight.value.shape[1] }
    /// Output features per item.
    public var outputCount: Int { weight.value.shape[0] }

    /// Creates a layer with He-uniform weights (suited to ReLU) and zero biases.
    public init<G: RandomNumberGenerator>(inputCount: Int, outputCount: Int, name: String = "dense", using generator: inout G) {
        let limit = (6 / Float(inputCount)).squareRoot()
        weight = Parameter(name: "\(name).weight", value: .uniform(shape: [outputCount, inputCount], in: -limit...limit, using: &generator))
        bias = Parameter(name: "\(name).bias", value: Tensor(shape: [outputCount]), isDecayed: false)
    }

    /// A short description.
    public var description: String { "dense \(inputCount)→\(outputCount)" }
    /// Weight and bias.
    public var parameters: [Parameter] { [weight, bias] }

    /// `[batch, inputCount]` (or any shape with that many elements per item) to `[batch, outputCount]`.
    public func outputShape(for inputShape: [Int]) -> [Int]? {
        guard let batch = inputShape.first, inputShape.dropFirst().reduce(1, *) == inputCount else { return nil }
        return [batch, outputCount]
    }

    /// Computes `x · Wᵀ + b`.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        precondition(input.itemSize == inputCount, "\(description) got items of \(input.itemSize) values")
        lastInput = input
        let batch = input.batchSize
        var output = MatrixMultiplication.multiply(input.reshaped(to: [batch, inputCount]), .normal, weight.value, .transposed)
        let outputs = outputCount
        output.scalars.withUnsafeMutableBufferPointer { out in
            bias.value.scalars.withUnsafeBufferPointer { b in
                for item in 0..<batch {
                    for j in 0..<outputs { out[item * outputs + j] += b[j] }
                }
            }
        }
        return output
    }

    /// Adds `dYᵀ·x` to the weight gradient and the column sums of `dY` to the bias gradient;
    /// returns `dY · W` in the input's shape.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        accumulateParameterGradients(outputGradient)
        let inputGradient = MatrixMultiplication.multiply(outputGradient, .normal, weight.value, .normal)
        return inputGradient.reshaped(to: lastInput.shape)
    }

    /// Accumulates the weight and bias gradients only.
    public func backwardWithoutInputGradient(_ outputGradient: Tensor) -> Tensor {
        accumulateParameterGradients(outputGradient)
        return Tensor(shape: [0])
    }

    private func accumulateParameterGradients(_ outputGradient: Tensor) {
        let batch = outputGradient.batchSize
        let (inputs, outputs) = (inputCount, outputCount)
        outputGradient.scalars.withUnsafeBufferPointer { dy in
            lastInput.scalars.withUnsafeBufferPointer { x in
                weight.gradient.scalars.withUnsafeMutableBufferPointer { dw in
                    MatrixMultiplication.multiply(
                        rows: outputs, columns: inputs, depth: batch, a: dy.baseAddress!, layoutA: .transposed,
                        leadingA: outputs, b: x.baseAddress!, leadingB: inputs, c: dw.baseAddress!,
                        leadingC: inputs, accumulate: true)
                }
            }
            bias.gradient.scalars.withUnsafeMutableBufferPointer { db in
                for item in 0..<batch {
                    for j in 0..<outputs { db[j] += dy[item * outputs + j] }
                }
            }
        }
    }
}
