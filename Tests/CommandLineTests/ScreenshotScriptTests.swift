import Foundation
import Testing
import TestSupport

/// `tools/screenshot_report.sh` with a stand-in browser: it uses the binary already built and never
/// runs `swift build` when one exists.
@Suite struct ScreenshotScriptTests {
    /// Runs the script with `PATH` starting at a folder holding a fake `chromium` (writes the
    /// screenshot) and a fake `swift` (leaves a mark and fails); returns the status, stderr and
    /// whether `swift` was called.
    func runScript(environment extra: [String: String]) throws -> (status: Int32, error: String, calledSwift: Bool, png: Bool) {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let stubs = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: stubs, withIntermediateDirectories: true)
        let mark = folder.appendingPathComponent("swift-was-called")
        let scripts = [
            "chromium": "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in --screenshot=*) printf 'PNG' > \"${a#--screenshot=}\";; esac; done\n",
            "swift": "#!/bin/sh\ntouch '\(mark.path)'\nexit 1\n",
        ]
        for (name, text) in scripts {
            let url = stubs.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
        let root = SharedFixtures.repositoryRoot
        let png = folder.appendingPathComponent("shot.png")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("tools/screenshot_report.sh").path,
                             root.appendingPathComponent("models/mnist-mlp-student/mnist-mlp-student.edm").path, png.path]
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = stubs.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["EDGE_DISTILL"] = nil
        environment.merge(extra) { $1 }
        process.environment = environment
        let errorURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let error = try FileHandle(forWritingTo: errorURL)
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try error.close()
        return (process.terminationStatus, String(decoding: try Data(contentsOf: errorURL), as: UTF8.self),
                FileManager.default.fileExists(atPath: mark.path), FileManager.default.fileExists(atPath: png.path))
    }

    @Test("with EDGE_DISTILL, or with a binary already in .build, the script builds nothing")
    func usesTheBuiltBinary() throws {
        let named = try runScript(environment: ["EDGE_DISTILL": CommandRunner.executable.path])
        #expect(named.status == 0 && named.png, "\(named.error)")
        #expect(!named.calledSwift, "swift build ran although EDGE_DISTILL names a binary")
        let found = try runScript(environment: [:])
        #expect(found.status == 0 && found.png, "\(found.error)")
        #expect(!found.calledSwift, "swift build ran although .build holds a binary")
        let missing = try runScript(environment: ["EDGE_DISTILL": "/nonexistent/edge-distill"])
        #expect(missing.status == 1 && missing.error.contains("/nonexistent/edge-distill is not an executable"), "\(missing.error)")
        #expect(!missing.calledSwift)
    }
}
