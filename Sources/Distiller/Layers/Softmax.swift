#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Softmax over the last dimension, `exp(x / T) / Σ exp(x / T)`, as a layer (for inference graphs;
/// training normally feeds logits to ``SoftmaxCrossEntropy`` instead).
public final class Softmax: Layer {
    /// The temperature `T`.
    public let temperature: Float
    private var lastOutput = Tensor(shape: [0])

    /// Creates a softmax at temperature `temperature` (1 by default).
    public init(temperature: Float = 1) {
        self.temperature = temperature
    }

    /// `softmax` or `softmax T=…`.
    public var description: String { temperature == 1 ? "softmax" : "softmax T=\(temperature)" }

    /// Row-wise softmax.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        lastOutput = Softmax.probabilities(input, temperature: temperature)
        return lastOutput
    }

    /// `dx = y ⊙ (dy − Σ dy·y) / T`.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        let classes = lastOutput.shape.last ?? 1
        var gradient = outputGradient
        for row in 0..<(lastOutput.count / max(classes, 1)) {
            var dot: Float = 0
            for j in 0..<classes { dot += outputGradient.scalars[row * classes + j] * lastOutput.scalars[row * classes + j] }
            for j in 0..<classes {
                let index = row * classes + j
                gradient.scalars[index] = lastOutput.scalars[index] * (outputGradient.scalars[index] - dot) / temperature
            }
        }
        return gradient
    }

    /// Numerically stable softmax of each row of the last dimension at temperature `temperature`.
    public static func probabilities(_ logits: Tensor, temperature: Float = 1) -> Tensor {
        let classes = logits.shape.last ?? 1
        var output = logits
        output.scalars.withUnsafeMutableBufferPointer { values in
            for row in 0..<(values.count / max(classes, 1)) {
                let base = row * classes
                var largest = -Float.infinity
                for j in 0..<classes { largest = max(largest, values[base + j]) }
                var sum: Float = 0
                for j in 0..<classes {
                    let e = expf((values[base + j] - largest) / temperature)
                    values[base + j] = e
                    sum += e
                }
                for j in 0..<classes { values[base + j] /= sum }
            }
        }
        return output
    }

    /// Row-wise log-softmax at temperature `temperature`.
    public static func logProbabilities(_ logits: Tensor, temperature: Float = 1) -> Tensor {
        let classes = logits.shape.last ?? 1
        var output = logits
        for row in 0..<(logits.count / max(classes, 1)) {
            let base = row * classes
            var largest = -Float.infinity
            for j in 0..<classes { largest = max(largest, logits.scalars[base + j] / temperature) }
            var sum: Float = 0
            for j in 0..<classes { sum += expf(logits.scalars[base + j] / temperature - largest) }
            let logSum = largest + logf(sum)
            for j in 0..<classes { output.scalars[base + j] = logits.scalars[base + j] / temperature - logSum }
        }
        return output
    }
}
