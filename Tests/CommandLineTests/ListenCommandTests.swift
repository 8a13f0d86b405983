import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

/// `edge-distill listen`: every bad input is one line and a non-zero exit.
@Suite struct ListenCommandTests {
    @Test func badInputsAreOneLineEach() throws {
        let folder = try CommandRunner.temporaryFolder()
        let robot = SharedFixtures.repositoryRoot.appendingPathComponent("models/robot-wall-student/robot-wall-student.edm").path
        let wave = folder.appendingPathComponent("a.wav").path
        try Data([UInt8](repeating: 0, count: 4)).write(to: URL(fileURLWithPath: wave))
        // A front-end file beside a copy of the robot model, which gives logits, not probabilities.
        let model = folder.appendingPathComponent("robot.edm")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: robot), to: model)
        let shape = AudioFrontEndShape(frameSamples: 64, melBands: 8, coefficients: 4)
        let tables = SpeechFrontEndDesign(sampleRate: 8000, shape: shape).tables(
            coefficientMeans: [0, 0, 0, 0], coefficientDeviations: [1, 1, 1, 1], inputScale: 0.1, zeroPoint: -128)
        try Data(tables.serialized(shape: shape, sampleRate: 8000, hopSamples: 32)).write(to: folder.appendingPathComponent("robot.edfe"))
        let cases: [([String], String)] = [
            (["listen", model.path], "either FILE.wav or --data fsdd"),
            (["listen", model.path, wave, "--data", "fsdd"], "either FILE.wav or --data fsdd"),
            (["listen", model.path, "--data", "mnist"], "spoken digits"),
            (["listen", model.path, wave, "--limit", "3"], "--limit applies to a test stream"),
            (["listen", robot, wave], "robot-wall-student.edfe"),
            (["listen", model.path, wave, "--threshold", "2"], "--threshold"),
            (["listen", model.path, wave, "--background", "9"], "--background"),
            (["listen", model.path, wave], "not int8 probabilities"),
            (["listen", model.path, "--data", "fsdd", "--write-stream", model.path], "robot.edm"),
        ]
        for (arguments, expected) in cases {
            let result = try CommandRunner.run(arguments)
            #expect(result.status != 0, "\(arguments)")
            let lines = result.error.split(separator: "\n")
            #expect(lines.count == 1 && result.error.contains(expected), "\(arguments): \(result.error)")
        }
    }
}
