/// One batch as the trainer hands it to an objective.
public struct Batch {
    /// The (possibly jittered) inputs.
    public var inputs: Tensor
    /// Labels; empty for an unlabelled transfer set.
    public var labels: [Int]
    /// Positions of the examples in the training set (to look up precomputed teacher logits).
    public var indices: [Int]
    /// The epoch the batch belongs to, from 0.
    public var epoch: Int

    /// Creates a batch.
    public init(inputs: Tensor, labels: [Int], indices: [Int], epoch: Int = 0) {
        self.inputs = inputs
        self.labels = labels
        self.indices = indices
        self.epoch = epoch
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
/// term), or L2 logit matching; optionally for the first epochs only, the labels alone after them.
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
    /// The epochs that learn from the teacher; later batches (from epoch `teacherEpochs`, counted
    /// from 0) use cross-entropy on their labels alone and do not run the teacher — distillation
    /// stopped early, for a student too small to follow its teacher to the end of training.
    /// `nil`: every epoch.
    public var teacherEpochs: Int?

    /// Creates the objective; `teacherEpochs` (positive) limits the teacher to the first epochs.
    public init(teacher: TeacherSource, mode: Mode, teacherEpochs: Int? = nil) {
        precondition(teacherEpochs.map { $0 > 0 } ?? true, "the teacher needs at least one epoch")
        self.teacher = teacher
        self.mode = mode
        self.teacherEpochs = teacherEpochs
    }

    /// The loss on one batch.
    public func loss(studentLogits: Tensor, batch: Batch) -> LossAndGradient {
        if let last = teacherEpochs, batch.epoch >= last {
            precondition(!batch.labels.isEmpty, "training on the labels after the teacher's epochs needs labels")
            return SoftmaxCrossEntropy.loss(logits: studentLogits, labels: batch.labels)
        }
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
