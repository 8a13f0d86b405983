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
    /// exit throws `toolFailed` with the first line of standard error (or of standard output).
    @discardableResult
    public func run(_ arguments: [String], in directory: URL? = nil) throws -> String {
        let result = try runAllowingFailure(arguments, in: directory)
        guard result.status == 0 else {
            let firstLine = (result.error + result.output).split(separator: "\n").first.map(String.init) ?? "no output"
            throw FirmwareError.toolFailed(tool: name, status: result.status, detail: firstLine)
        }
        return result.output
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
