import EdgeModel
import Foundation
import Testing
import TestSupport

/// `forest` through the binary on a synthetic robot file: accuracies, soft targets `distill` reads,
/// both splits, and one-line errors.
@Suite struct ForestCommandTests {
    /// A data directory with `wall-following-robot/sensor_readings_24.data`: 5,000 rows whose class
    /// follows thresholds on two sensors, as the real file's CSV (class names, CRLF).
    static func dataDirectory() throws -> URL {
        let folder = try CommandRunner.temporaryFolder()
        let robot = folder.appendingPathComponent("wall-following-robot")
        try FileManager.default.createDirectory(at: robot, withIntermediateDirectories: true)
        let names = ["Move-Forward", "Slight-Right-Turn", "Sharp-Right-Turn", "Slight-Left-Turn"]
        var state: UInt64 = 12345
        func unit() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var text = ""
        for _ in 0..<5000 {
            let sensors = (0..<24).map { _ in 0.4 + 4.6 * unit() }
            let label = sensors[3] < 1.2 ? 2 : sensors[7] < 2.0 ? 1 : sensors[7] > 4.0 ? 3 : 0
            text += sensors.map { String(format: "%.3f", $0) }.joined(separator: ",") + ",\(names[label])\r\n"
        }
        try Data(text.utf8).write(to: robot.appendingPathComponent("sensor_readings_24.data"))
        return folder
    }

    @Test func forestWritesSoftTargetsDistillReads() throws {
        let data = try Self.dataDirectory()
        let logits = data.appendingPathComponent("oob.npy").path
        let forest = try CommandRunner.run(["forest", "--data-dir", data.path, "--trees", "12", "--save-logits", logits])
        #expect(forest.status == 0, "\(forest.error)")
        #expect(forest.output.contains("out-of-bag accuracy (train, 4365 examples)") && forest.output.contains("test accuracy (635 examples)"), "\(forest.output)")
        let array = try NumPyArray.load(contentsOf: URL(fileURLWithPath: logits))
        #expect(array.shape == [4365, 4])
        let json = try CommandRunner.run(["forest", "--data", "wall-following-robot-random", "--data-dir", data.path, "--trees", "12", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as! [String: Any]
        #expect((object["featuresPerSplit"] as! Int) == 5)  // ⌈√24⌉
        #expect(abs((object["testExamples"] as! Int) - 1000) <= 2 && (object["testAccuracy"] as! Double) > 0.9, "\(json.output)")
        let checkpoint = data.appendingPathComponent("student.ckpt").path
        let distill = try CommandRunner.run([
            "distill", "--arch", "mlp:24-8-4", "--teacher-logits", logits, "--data", "wall-following-robot", "--data-dir", data.path,
            "--epochs", "1", "--checkpoint", checkpoint,
        ])
        #expect(distill.status == 0, "\(distill.error)")
        #expect(FileManager.default.fileExists(atPath: checkpoint))
    }

    @Test func badForestRequestsGetOneLine() throws {
        let data = try Self.dataDirectory()
        for (arguments, message) in [
            (["forest", "--data-dir", data.path, "--trees", "0"], "--trees"),
            (["forest", "extra", "--data-dir", data.path], "positional"),
            (["forest", "--data", "toaster", "--data-dir", data.path], "unknown dataset"),
            (["forest", "--data-dir", data.path, "--features-per-split", "25"], "--features-per-split"),
            (["forest", "--data-dir", data.appendingPathComponent("missing").path], "wall-following-robot"),
        ] {
            let result = try CommandRunner.run(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.error.contains(message) && result.error.split(separator: "\n").count == 1, "\(arguments): \(result.error)")
        }
    }
}

/// `--data fsdd-without-SPEAKER`: leave one speaker out of the spoken digits.
@Suite struct LeaveOneSpeakerOutTests {
    @Test func heldOutSpeakerIsTheWholeTestSplit() throws {
        guard let fsdd = SharedFixtures.path("datasets/fsdd", neededBy: "heldOutSpeakerIsTheWholeTestSplit") else { return }
        let data = fsdd.deletingLastPathComponent().path
        let result = try CommandRunner.run(["forest", "--data", "fsdd-without-theo", "--data-dir", data, "--trees", "1", "--max-depth", "2", "--json"])
        #expect(result.status == 0, "\(result.error)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(json["trainExamples"] as? Int == 2_750 && json["testExamples"] as? Int == 500, "five speakers train (2 500 recordings, 250 background clips), theo's 500 recordings test")
        let unknown = try CommandRunner.run(["forest", "--data", "fsdd-without-nobody", "--data-dir", data])
        #expect(unknown.status == 2 && unknown.error.contains("unknown dataset 'fsdd-without-nobody'"))
    }
}
