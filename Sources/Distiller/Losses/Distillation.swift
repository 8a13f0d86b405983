#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hinton et al.'s knowledge distillation loss:
/// `α·T²·KL(p_T ‖ q_T) + (1 − α)·CE(y, q_1)`, averaged over the batch, where `p_T` are the
/// teacher's soft targets and `q_T = softmax(z / T)` the student's.
///
/// The `T²` factor keeps the soft term's gradient magnitude roughly independent of `T`: the
/// gradient of `KL` with respect to `z` is `(q_T − p_T) / T`, which shrinks like `1/T²` for large `T`.
public struct DistillationLoss: Sendable, Equatable {
    /// The temperature `T`.
    public var temperature: Float
    /// The weight `α` of the soft term; `1 − α` weighs the hard-label term.
    public var softWeight: Float

    /// Creates the loss; `softWeight` is `α` in `[0, 1]`, `temperature` is positive.
    public init(temperature: Float, softWeight: Float) {
        precondition(temperature > 0, "temperature must be positive")
        precondition((0...1).contains(softWeight), "the soft weight α must be in [0, 1]")
        self.temperature = temperature
        self.softWeight = softWeight
    }

    /// The loss and its gradient with respect to the student's logits.
    ///
    /// `teacherProbabilities` are soft targets already at temperature `T` (see ``SoftTargets``).
    /// With empty `labels` (an unlabelled transfer set) only the soft term is used, at full weight.
    public func loss(studentLogits: Tensor, teacherProbabilities: Tensor, labels: [Int]) -> LossAndGradient {
        let soft = SoftTargets.divergence(studentLogits: studentLogits, teacherProbabilities: teacherProbabilities, temperature: temperature)
        let alpha = labels.isEmpty ? 1 : softWeight
        let softScale = alpha * temperature * temperature
        var total = softScale * soft.loss
        var gradient = soft.gradient
        for index in gradient.scalars.indices { gradient.scalars[index] *= softScale }
        if alpha < 1 {
            let hard = SoftmaxCrossEntropy.loss(logits: studentLogits, labels: labels)
            total += (1 - alpha) * hard.loss
            for index in gradient.scalars.indices { gradient.scalars[index] += (1 - alpha) * hard.gradient.scalars[index] }
        }
        return LossAndGradient(loss: total, gradient: gradient)
    }

    /// The same with the teacher's logits, softened at this loss's temperature.
    public func loss(studentLogits: Tensor, teacherLogits: Tensor, labels: [Int]) -> LossAndGradient {
        loss(studentLogits: studentLogits, teacherProbabilities: Softmax.probabilities(teacherLogits, temperature: temperature), labels: labels)
    }
}

/// Soft targets: class probabilities at a temperature, and the KL divergence to them.
public enum SoftTargets {
    /// `softmax(logits / T)` per row.
    public static func probabilities(logits: Tensor, temperature: Float) -> Tensor {
        Softmax.probabilities(logits, temperature: temperature)
    }

    /// `mean KL(p ‖ softmax(z/T))` over the batch, and its gradient `(softmax(z/T) − p) / (N·T)`
    /// with respect to `z` (no `T²` factor; ``DistillationLoss`` applies it).
    public static func divergence(studentLogits: Tensor, teacherProbabilities: Tensor, temperature: Float) -> LossAndGradient {
        precondition(studentLogits.shape == teacherProbabilities.shape, "student \(studentLogits.shape) vs teacher \(teacherProbabilities.shape)")
        let crossEntropy = SoftmaxCrossEntropy.loss(logits: studentLogits, targetProbabilities: teacherProbabilities, temperature: temperature)
        var entropy: Double = 0
        for p in teacherProbabilities.scalars where p > 0 { entropy -= Double(p) * Double(logf(p)) }
        let batch = Double(max(studentLogits.batchSize, 1))
        return LossAndGradient(loss: crossEntropy.loss - Float(entropy / batch), gradient: crossEntropy.gradient)
    }
}

/// Matching logits directly with a squared error, `½·mean over the batch of ‖z − v‖²`, the
/// high-temperature limit of distillation (Caruana's "model compression"; Ba & Caruana).
/// The gradient with respect to `z` is `(z − v) / N`.
public enum LogitMatching {
    /// The loss and its gradient with respect to the student logits `z`, given teacher logits `v`.
    public static func loss(studentLogits: Tensor, teacherLogits: Tensor) -> LossAndGradient {
        precondition(studentLogits.shape == teacherLogits.shape, "student \(studentLogits.shape) vs teacher \(teacherLogits.shape)")
        let batch = Float(max(studentLogits.batchSize, 1))
        var gradient = studentLogits
        var total: Double = 0
        for index in gradient.scalars.indices {
            let difference = studentLogits.scalars[index] - teacherLogits.scalars[index]
            total += Double(difference * difference)
            gradient.scalars[index] = difference / batch
        }
        return LossAndGradient(loss: Float(total / (2 * Double(batch))), gradient: gradient)
    }
}

/// Several teachers combined into one set of soft targets.
public enum TeacherEnsemble {
    /// How the teachers are combined.
    public enum Combination: String, Sendable, CaseIterable {
        /// `softmax(mean of logits / T)`.
        case averageLogits = "logits"
        /// `mean of softmax(logits / T)`.
        case averageProbabilities = "probabilities"
    }

    /// Soft targets at temperature `temperature` from the teachers' logits (all the same shape).
    public static func softTargets(teacherLogits: [Tensor], temperature: Float, combination: Combination) -> Tensor {
        precondition(!teacherLogits.isEmpty, "an ensemble needs at least one teacher")
        precondition(teacherLogits.allSatisfy { $0.shape == teacherLogits[0].shape }, "teachers disagree on the logit shape")
        let scale = 1 / Float(teacherLogits.count)
        switch combination {
        case .averageLogits:
            return Softmax.probabilities(meanLogits(teacherLogits), temperature: temperature)
        case .averageProbabilities:
            var mean = Tensor(shape: teacherLogits[0].shape)
            for logits in teacherLogits {
                let probabilities = Softmax.probabilities(logits, temperature: temperature)
                for index in mean.scalars.indices { mean.scalars[index] += scale * probabilities.scalars[index] }
            }
            return mean
        }
    }

    /// The ensemble's logits for prediction: the mean of the teachers' logits.
    public static func meanLogits(_ teacherLogits: [Tensor]) -> Tensor {
        var mean = Tensor(shape: teacherLogits[0].shape)
        let scale = 1 / Float(teacherLogits.count)
        for logits in teacherLogits {
            for index in mean.scalars.indices { mean.scalars[index] += scale * logits.scalars[index] }
        }
        return mean
    }
}

/// FitNets hint loss: a learned regressor maps the student's guided-layer activations to the shape
/// of the teacher's hint-layer activations, and the loss is `½·mean over the batch of ‖r(s) − t‖²`.
///
/// Stage one trains the student's lower layers and the regressor on this loss; stage two distils the
/// whole student with ``DistillationLoss`` (see ``HintTraining``).
public final class HintLoss {
    /// Maps student features to teacher features (a ``Dense`` or a 1×1 ``Conv2D``).
    public let regressor: any Layer

    /// Creates the loss with its regressor.
    public init(regressor: any Layer) {
        self.regressor = regressor
    }

    /// The loss, the gradient with respect to the student's features (through the regressor), and
    /// accumulated regressor gradients.
    public func loss(studentFeatures: Tensor, teacherFeatures: Tensor) -> LossAndGradient {
        let predicted = regressor.forward(studentFeatures, training: true)
        // The same half mean squared error as logit matching, on features instead of logits.
        let matched = LogitMatching.loss(studentLogits: predicted, teacherLogits: teacherFeatures)
        return LossAndGradient(loss: matched.loss, gradient: regressor.backward(matched.gradient))
    }
}
