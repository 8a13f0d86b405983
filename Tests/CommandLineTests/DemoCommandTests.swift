import Foundation
import Testing
import TestSupport

@Suite("edge-distill demo")
struct DemoCommandTests {
    @Test("the demo trains, distils, quantizes, exports, simulates and checks conformance, leaving every file")
    func demoRunsEndToEnd() throws {
        let data = try SyntheticDigits.makeDataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let output = data.appendingPathComponent("out")
        var arguments = ["demo", "--data-dir", data.path, "--output", output.path, "--teacher-epochs", "1", "--student-epochs", "1"]
        let shared = SharedFixtures.conformance(neededBy: "demoRunsEndToEnd (conformance stage)")
        arguments += ["--shared", shared?.deletingLastPathComponent().deletingLastPathComponent().path ?? data.appendingPathComponent("none").path]
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 0, "\(result.error)")
        for stage in 1...6 { #expect(result.error.contains("[\(stage)/7]"), "stage \(stage) announced") }
        #expect(result.output.contains("| student distilled, .edm run by the runtime | int8 | 50890 |"), "\(result.output)")
        // The closing sentences are computed from the table, whichever way the numbers fall.
        #expect(["Distillation saved", "Distillation did not help", "Distillation made no difference"].contains { result.output.contains($0) }, "\(result.output)")
        #expect(result.output.contains("The int8 model makes"), "\(result.output)")
        #expect(result.error.contains("only the first 6000 training images"), "\(result.error)")
        #expect(result.output.contains("speaker-wakeword-m4f"))
        for file in ["teacher.ckpt", "student.ckpt", "student-alone.ckpt", "teacher.svg", "student.svg", "student-alone.svg", "student.edm", "student.h", "student.md", "student.json", "student_devices.html"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path), "\(file)")
        }
        if shared != nil {
            #expect(result.output.components(separatedBy: "16/16").count - 1 == 4, "all four MLPerf Tiny models bit-exact")
        } else {
            #expect(result.error.contains("[7/7] skipped"))
        }
    }

    @Test("without MNIST the demo says where to put it and how to get it")
    func demoWithoutDataSaysWhereToPutIt() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandRunner.run(["demo", "--data-dir", folder.appendingPathComponent("nowhere").path, "--output", folder.path])
        #expect(result.status == 2)
        #expect(result.error.contains("the demo needs MNIST: \(folder.path)/nowhere/mnist has no train-images-idx3-ubyte(.gz)"), "\(result.error)")
        #expect(result.error.contains("yann.lecun.com/exdb/mnist") && result.error.contains("EDGE_DISTILL_DATA"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("teacher.ckpt").path))
    }
}
