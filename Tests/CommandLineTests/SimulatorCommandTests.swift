import Foundation
import Testing
import TestSupport

/// `devices`, `simulate` and `profile` through the binary: output, report file and errors.
@Suite struct SimulatorCommandTests {
    var devicesFolder: String { SharedFixtures.repositoryRoot.appendingPathComponent("firmware-sim/devices").path }

    @Test func devicesListsEveryProfile() throws {
        let result = try CommandRunner.run(["devices", "--devices", devicesFolder, "--json"])
        #expect(result.status == 0, "\(result.error)")
        let list = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]]
        let names = Set(list?.compactMap { $0["name"] as? String } ?? [])
        let files = try FileManager.default.contentsOfDirectory(atPath: devicesFolder).filter { $0.hasSuffix(".json") }
        #expect(names.count == files.count && names.contains("robot-mcu-m7") && names.contains("speaker-wakeword-m4f"))
    }

    @Test func simulateAllDevicesWritesAReportAndProfileTimesEachOperator() throws {
        guard let conformance = SharedFixtures.conformance(neededBy: "simulate on KWS") else { return }
        let folder = try CommandRunner.temporaryFolder()
        let model = folder.appendingPathComponent("kws.edm").path
        #expect(try CommandRunner.run(["import", conformance.appendingPathComponent("kws_ref_model.tflite").path, "-o", model]).status == 0)
        let report = folder.appendingPathComponent("report.html")
        let result = try CommandRunner.run(["simulate", model, "--device", "all", "--hop-ms", "20", "--devices", devicesFolder, "--report", report.path])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("PASS") && result.output.contains("FAIL"))
        // Every device row names EdgeDistill's runtime as its stack; a comparison stack is one flag away.
        let rows = result.output.split(separator: "\n").filter { line in
            !line.hasPrefix("FAIL") && !line.hasPrefix("PASS") && ["-m4f ", "-m7 ", "-m33 ", "-a35 ", "-a55 ", "-a72 ", "-a76 "].contains { line.contains($0) }
        }
        #expect(rows.count == 9 && rows.allSatisfy { $0.contains("EdgeDistill runtime") }, "\(result.output)")
        let comparison = try CommandRunner.run(["simulate", model, "--device", "robot-mcu-m7", "--stack", "TFLM", "--devices", devicesFolder])
        #expect(comparison.status == 0 && comparison.output.contains("TFLM + CMSIS-NN") && !comparison.output.contains("EdgeDistill runtime"))
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.contains("<svg") && !html.contains("<script src"))
        let profile = try CommandRunner.run(["profile", model, "--iterations", "2", "--json"])
        #expect(profile.status == 0, "\(profile.error)")
        #expect(profile.output.contains("DEPTHWISE_CONV_2D"))
    }

    @Test func unknownDeviceNamesTheKnownOnes() throws {
        guard let conformance = SharedFixtures.conformance(neededBy: "simulate errors") else { return }
        let result = try CommandRunner.run([
            "simulate", conformance.appendingPathComponent("ad01_int8.tflite").path, "--device", "toaster", "--devices", devicesFolder,
        ])
        #expect(result.status != 0)
        #expect(result.error.contains("unknown device 'toaster'") && result.error.contains("robot-mcu-m7"))
    }

    @Test func malformedProfileNamesTheFileAndField() throws {
        let folder = try CommandRunner.temporaryFolder()
        let original = try String(contentsOfFile: devicesFolder + "/robot-mcu-m7.json", encoding: .utf8)
        let broken = original.replacingOccurrences(of: "\"clockMegahertz\"", with: "\"clockMHz\"")
        #expect(broken != original)
        try broken.write(to: folder.appendingPathComponent("robot-mcu-m7.json"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["devices", "--devices", folder.path])
        #expect(result.status != 0)
        #expect(result.error.contains("robot-mcu-m7.json") && result.error.contains("clockMegahertz"))
    }

    /// kernel-costs: bad flags exit 2 naming the problem; a bad counts file exits 1 naming the file and
    /// line; the counts file is never overwritten by the coefficients.
    @Test func kernelCostsRefusesBadInputs() throws {
        let folder = try CommandRunner.temporaryFolder()
        let csv = folder.appendingPathComponent("m.csv").path
        try "image,kind\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let json = folder.appendingPathComponent("c.json").path
        for (arguments, fragment) in [
            (["--target", "cortex-m4", "--kinds", "TOASTER", "--measurements", csv, "--coefficients", json], "'TOASTER' is not a sampled operator"),
            (["--target", "cortex-m4", "--kinds", "ADD", "--refit", "--measurements", csv, "--coefficients", json], "give one of them"),
            (["--target", "cortex-m4", "--coefficients", json], "missing --measurements"),
            (["--target", "cortex-z80", "--measurements", csv, "--coefficients", json], "unknown target 'cortex-z80'"),
            (["--target", "cortex-m4", "--refit", "--measurements", csv, "--coefficients", csv], "--coefficients"),
        ] {
            let result = try CommandRunner.run(["kernel-costs"] + arguments)
            #expect(result.status == 2 && result.error.contains(fragment), "\(arguments): \(result.error)")
        }
        let bad = try CommandRunner.run(["kernel-costs", "--target", "cortex-m4", "--refit", "--measurements", csv, "--coefficients", json])
        #expect(bad.status == 1 && bad.error.contains("m.csv") && bad.error.contains("first line"), "\(bad.error)")
        #expect(!FileManager.default.fileExists(atPath: json))
        #expect(try String(contentsOfFile: csv, encoding: .utf8) == "image,kind\n")
    }
}
