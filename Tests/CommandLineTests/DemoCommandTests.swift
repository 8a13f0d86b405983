import Foundation
import Testing
import TestSupport

@Suite struct DemoCommandTests {
    @Test func demoRunsEndToEnd() throws {
        guard let shared = SharedFixtures.sharedDirectory else {
            print("SKIP demoRunsEndToEnd: ../shared is absent")
            return
        }
        let folder = try CommandRunner.temporaryFolder()
        let result = try CommandRunner.run(["demo", "--shared", shared.path, "--output", folder.path, "--iterations", "1"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.components(separatedBy: "16/16").count - 1 == 4)
        #expect(result.output.contains("speaker-wakeword-m4f"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("kws_devices.html").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("vww_96_int8.edm").path))
    }

    @Test func demoWithoutTheSharedFolderSaysWhereToPutIt() throws {
        let folder = try CommandRunner.temporaryFolder()
        let result = try CommandRunner.run(["demo", "--shared", folder.appendingPathComponent("nowhere").path, "--output", folder.path])
        #expect(result.status != 0)
        #expect(result.error.contains("needs the shared data folder") && result.error.contains("nowhere/conformance/mlperf-tiny"))
    }
}
