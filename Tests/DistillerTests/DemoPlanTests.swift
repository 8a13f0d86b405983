import Testing
@testable import Distiller

/// The demo's closing sentences are computed from the measured errors, whichever way they fall.
@Suite struct DemoPlanTests {
    let plan = DemoPlan()

    func measured(alone: Int, distilled: Int, int8: Int) -> DemoPlan.Measured {
        DemoPlan.Measured(examples: 10_000, teacher: 187, studentAlone: alone, studentDistilled: distilled, studentInt8: int8)
    }

    @Test("the demo's students see fewer images than the teacher, and the distilled one learns at a raised temperature")
    func setUp() {
        #expect(plan.studentExamples < 60_000 && plan.studentExamples > 0)
        #expect(plan.temperature > 1 && plan.alpha > 0 && plan.alpha <= 1)
        #expect(plan.studentArchitecture != plan.teacherArchitecture)
    }

    @Test("saved errors, the share saved and the int8 difference come from the numbers")
    func verdictFromNumbers() {
        let good = plan.verdict(measured(alone: 449, distilled: 280, int8: 283))
        #expect(good.contains("Distillation saved 169 of the 449 test errors the 784-64-10 student makes alone (38 % fewer"), "\(good)")
        #expect(good.contains("same \(plan.studentExamples) training images") && good.contains("teacher making 187 errors"), "\(good)")
        #expect(good.contains("The int8 model makes 3 more errors than the float student (283 against 280)."), "\(good)")
        let other = plan.verdict(measured(alone: 300, distilled: 310, int8: 309))
        #expect(other.contains("Distillation did not help here: the distilled 784-64-10 student makes 10 more test errors than the same net alone (310 against 300)."), "\(other)")
        #expect(other.contains("The int8 model makes 1 fewer error than the float student (309 against 310)."), "\(other)")
        let same = plan.verdict(measured(alone: 300, distilled: 300, int8: 300))
        #expect(same.contains("made no difference") && same.contains("exactly as many errors as the float student (300)"), "\(same)")
    }
}
