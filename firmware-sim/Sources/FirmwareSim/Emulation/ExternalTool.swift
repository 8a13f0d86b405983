import Foundation

/// An external program found on PATH, run to completion with its output captured.
public struct ExternalTool: Sendable {
    /// The program's name as given to the user in messages.
    public let name: String
    /// The resolved executable.
    public let url: URL

    /// Finds `name` on PATH; throws `missingTool` naming the Debian `package` otherwise.
    public init(_ name: String, package: String) throws(FirmwareError) {
        guard let url = Self.find(name) else { throw .missingTool(name: name, package: package) }
        self.name = name
        self.url = url
    }

    /// The program `name` in the same folder as this one (the toolchain's clang beside its swiftc);
    /// throws `missingTool` naming `package` when it is not there.
    public func sibling(_ name: String, package: String) throws(FirmwareError) -> ExternalTool {
        let candidate = url.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: candidate.path) else { throw .missingTool(name: name, package: package) }
        return ExternalTool(name: name, url: candidate)
    }

    init(name: String, url: URL) {
        self.name = name
        self.url = url
    }

    /// `name` on PATH, or nil.
    public static func find(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Runs the program with `arguments` in `directory`; returns its standard output. A non-zero
    /// exit throws `toolFailed` with the program's error lines (see ``errorSummary(_:)``).
    @discardableResult
    public func run(_ arguments: [String], in directory: URL? = nil) throws -> String {
        let result = try runAllowingFailure(arguments, in: directory)
        guard result.status == 0 else {
            throw FirmwareError.toolFailed(tool: name, status: result.status, detail: Self.errorSummary(result.error + "\n" + result.output))
        }
        return result.output
    }

    /// The error lines of a failed compiler or linker run, joined into one line with " | ": the
    /// lines that say "error" or "undefined reference" (warnings before them are dropped), else
    /// every line that is not a warning or note, else the first line; at most `limit` lines, then
    /// how many more there were.
    public static func errorSummary(_ diagnostics: String, limit: Int = 8) -> String {
        let lines = diagnostics.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let errors = lines.filter { $0.localizedCaseInsensitiveContains("error") || $0.contains("undefined reference") }
        let others = lines.filter { !$0.localizedCaseInsensitiveContains("warning") && !$0.localizedCaseInsensitiveContains("note:") }
        let chosen = !errors.isEmpty ? errors : !others.isEmpty ? others : Array(lines.prefix(1))
        guard !chosen.isEmpty else { return "no output" }
        let shown = chosen.prefix(limit).joined(separator: " | ")
        return chosen.count > limit ? shown + " | … (\(chosen.count - limit) more)" : shown
    }

    /// Runs the program and returns its exit status, standard output and standard error.
    public func runAllowingFailure(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain stderr on another thread so neither pipe fills and blocks the child.
        nonisolated(unsafe) var errorData = Data()
        let reader = Thread { errorData = error.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { Thread.sleep(forTimeInterval: 0.001) }
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }
}
