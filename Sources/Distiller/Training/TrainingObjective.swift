/// One batch as the trainer hands it to an objective.
public struct Batch {
    /// The (possibly jittered) inputs.
    public var inputs: Tensor
    /// Labels; empty for an unlabelled transfer set.
    public var labels: [Int]
    /// Positions of the examples in the training set (to look up precomputed teacher logits).
    public var indices: [Int]

    /// Creates a batch.
    public init(inputs: Tensor, labels: [Int], indices: [Int]) {
        self.inputs = inputs
        self.labels = labels
        self.indices = indices
    }
}

/// What the trainer minimises: a loss of the student's logits on a batch.
public protocol TrainingObjective {
    /// The loss and its gradient with respect to `studentLogits`.
    func loss(studentLogits: Tensor, batch: Batch) -> LossAndGradient
}

/// Cross-entropy against the labels.
public struct CrossEntropyObjective: TrainingObjective {
    /// Creates the objective.
    public init() {}

    /// `SoftmaxCrossEntropy` on the batch labels.
    public func loss(studentLogits: Tensor, batch: Batch) -> LossAndGradient {
        SoftmaxCrossEntropy.loss(logits: studentLogits, labels: batch.labels)
    }
}

/// Where a distillation objective gets the teacher's logits.
public enum TeacherSource {
    /// Networks run on each batch (the same jittered inputs the student sees); several make an ensemble.
    case networks([Sequential])
    /// Logits computed beforehand, one row per training example (for example from a `.npy` file).
    case precomputedLogits(Tensor)

    /// The teachers' logits for a batch, one tensor per teacher.
    public func logits(for batch: Batch) -> [Tensor] {
        switch self {
        case .networks(let teachers):
            return teachers.map { $0.forward(batch.inputs, training: false) }
        case .precomputedLogits(let all):
            let classes = all.itemSize
            var rows = [Float](repeating: 0, count: batch.indices.count * classes)
            for (position, index) in batch.indices.enumerated() {
                for j in 0..<classes { rows[position * classes + j] = all.scalars[index * classes + j] }
            }
            return [Tensor(shape: [batch.indices.count, classes], scalars: rows)]
        }
    }
}

/// Distillation: soft targets at temperature `T` (with the `T²` factor and an optional hard-label
/// term), or L2 logit matching.
public struct DistillationObjective: TrainingObjective {
    /// Which loss compares the student with the teacher.
    public enum Mode {
        /// ``DistillationLoss`` with teachers combined by `combination`.
        case softTargets(DistillationLoss, combination: TeacherEnsemble.Combination)
        /// ``LogitMatching`` against the mean of the teachers' logits.
        case logitMatching
    }

    /// The teacher(s).
    public var teacher: TeacherSource
    /// The loss.
    public var mode: Mode

    /// Creates the objective.
    public init(teacher: TeacherSource, mode: Mode) {
        self.teacher = teacher
        self.mode = mode
    }

    /// The loss on one batch.
    public func loss(studentLogits: Tensor, batch: Batch) -> LossAndGradient {
        let teacherLogits = teacher.logits(for: batch)
        switch mode {
        case .softTargets(let loss, let combination):
            let targets = TeacherEnsemble.softTargets(teacherLogits: teacherLogits, temperature: loss.temperature, combination: combination)
            return loss.loss(studentLogits: studentLogits, teacherProbabilities: targets, labels: batch.labels)
        case .logitMatching:
            return LogitMatching.loss(studentLogits: studentLogits, teacherLogits: TeacherEnsemble.meanLogits(teacherLogits))
        }
    }
}
