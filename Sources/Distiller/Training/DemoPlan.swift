/// What `edge-distill demo` trains, and how its closing table is read.
///
/// The set-up is Hinton et al.'s "soft targets as a regulariser" experiment on MNIST, sized to run in
/// a few minutes on two cores: a teacher learns from all 60 000 labelled images; a small student then
/// sees only the first ``studentExamples`` of them, once trained alone on their labels and once
/// distilled from the teacher's soft targets on the same images (same seed, same initial weights,
/// same epochs and jitter). With so few examples the student alone overfits; the teacher's soft
/// targets carry how each image resembles the other classes, and the distilled student generalises
/// much better (the measured numbers are in docs/RESULTS.md, "The demo").
public struct DemoPlan: Sendable, Equatable {
    /// The teacher, trained on the whole training split.
    public var teacherArchitecture = "mlp:784-800-800-10"
    /// Teacher epochs (about 25 s each on two cores).
    public var teacherEpochs = 3
    /// The student, trained alone and distilled.
    public var studentArchitecture = "mlp:784-64-10"
    /// Student epochs, for both students.
    public var studentEpochs = 20
    /// The students see only the first this many training images (the transfer set).
    public var studentExamples = 6000
    /// Distillation temperature.
    public var temperature = 8.0
    /// Weight of the soft term (the rest goes to the labels).
    public var alpha = 0.9
    /// Random shifts of up to ± this many pixels while the students train (the teacher labels the
    /// shifted images, so the distilled student gets a soft target for each).
    public var studentJitter = 2
    /// Initial SGD learning rate, for every network.
    public var learningRate = 0.1
    /// Learning-rate schedule, for every network.
    public var schedule = "cosine:0.001"

    /// The demo's set-up.
    public init() {}

    /// Test errors the demo measured, out of `examples`.
    public struct Measured: Sendable, Equatable {
        public var examples: Int
        public var teacher: Int
        public var studentAlone: Int
        public var studentDistilled: Int
        public var studentInt8: Int

        public init(examples: Int, teacher: Int, studentAlone: Int, studentDistilled: Int, studentInt8: Int) {
            self.examples = examples
            self.teacher = teacher
            self.studentAlone = studentAlone
            self.studentDistilled = studentDistilled
            self.studentInt8 = studentInt8
        }
    }

    /// What the measured numbers show, in two sentences computed from them (never a canned claim).
    public func verdict(_ measured: Measured) -> String {
        let student = studentArchitecture.hasPrefix("mlp:") ? String(studentArchitecture.dropFirst(4)) : studentArchitecture
        let saved = measured.studentAlone - measured.studentDistilled
        let distillation: String
        if saved > 0 {
            let percent = 100 * Double(saved) / Double(max(measured.studentAlone, 1))
            distillation = "Distillation saved \(saved) of the \(measured.studentAlone) test errors the \(student) student makes alone "
                + "(\(Int(percent.rounded())) % fewer; both saw the same \(studentExamples) training images, the teacher making \(measured.teacher) errors)."
        } else if saved == 0 {
            distillation = "Distillation made no difference here: the \(student) student makes \(measured.studentAlone) test errors alone and distilled."
        } else {
            distillation = "Distillation did not help here: the distilled \(student) student makes \(-saved) more test errors than the same net alone "
                + "(\(measured.studentDistilled) against \(measured.studentAlone))."
        }
        let difference = measured.studentInt8 - measured.studentDistilled
        let int8: String
        switch difference {
        case 0: int8 = "The int8 model makes exactly as many errors as the float student (\(measured.studentInt8))."
        case 1...: int8 = "The int8 model makes \(difference) more error\(difference == 1 ? "" : "s") than the float student (\(measured.studentInt8) against \(measured.studentDistilled))."
        default: int8 = "The int8 model makes \(-difference) fewer error\(difference == -1 ? "" : "s") than the float student (\(measured.studentInt8) against \(measured.studentDistilled))."
        }
        return distillation + " " + int8
    }
}
