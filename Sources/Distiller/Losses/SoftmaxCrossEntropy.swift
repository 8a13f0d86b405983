/// A loss value and its gradient with respect to the logits (same shape as the logits).
public struct LossAndGradient: Sendable {
    /// The mean loss over the batch.
    public var loss: Float
    /// `∂loss/∂logits`.
    public var gradient: Tensor

    /// Creates a loss and gradient pair.
    public init(loss: Float, gradient: Tensor) {
        self.loss = loss
        self.gradient = gradient
    }
}

/// Cross-entropy of softmax outputs against class labels or target distributions, averaged over the batch.
public enum SoftmaxCrossEntropy {
    /// `−mean log softmax(z)[label]`; the gradient is `(softmax(z) − onehot) / N`.
    public static func loss(logits: Tensor, labels: [Int]) -> LossAndGradient {
        let batch = logits.batchSize
        let classes = logits.itemSize
        precondition(labels.count == batch, "\(labels.count) labels for a batch of \(batch)")
        var gradient = Softmax.probabilities(logits)
        var total: Double = 0
        for item in 0..<batch {
            let label = labels[item]
            precondition(label >= 0 && label < classes, "label \(label) outside 0..<\(classes)")
            total -= Double(logf(max(gradient.scalars[item * classes + label], 1e-30)))
            gradient.scalars[item * classes + label] -= 1
        }
        let scale = 1 / Float(batch)
        for index in gradient.scalars.indices { gradient.scalars[index] *= scale }
        return LossAndGradient(loss: Float(total / Double(batch)), gradient: gradient)
    }

    /// `−mean Σ p·log softmax(z/T)` against target probabilities `p` at temperature `T`;
    /// the gradient with respect to `z` is `(softmax(z/T) − p) / (N·T)`.
    public static func loss(logits: Tensor, targetProbabilities: Tensor, temperature: Float = 1) -> LossAndGradient {
        precondition(logits.shape == targetProbabilities.shape, "targets \(targetProbabilities.shape) vs logits \(logits.shape)")
        let batch = logits.batchSize
        let logQ = Softmax.logProbabilities(logits, temperature: temperature)
        var gradient = Tensor(shape: logits.shape)
        var total: Double = 0
        let scale = 1 / (Float(batch) * temperature)
        for index in logits.scalars.indices {
            let p = targetProbabilities.scalars[index]
            total -= Double(p * logQ.scalars[index])
            gradient.scalars[index] = (expf(logQ.scalars[index]) - p) * scale
        }
        return LossAndGradient(loss: Float(total / Double(batch)), gradient: gradient)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
