/// Why a firmware image could not be built, run or checked. Each case prints as one line.
public enum FirmwareError: Error, CustomStringConvertible, Equatable, Sendable {
    /// An external program is not on PATH; `package` is the Debian package that provides it.
    case missingTool(name: String, package: String)
    /// The firmware sources (startup.c, mps2.ld, FirmwareMain.swift, …) or runtime sources are not at `path`.
    case missingSources(path: String)
    /// An external program exited with a failure; `detail` holds its error lines joined into one.
    case toolFailed(tool: String, status: Int32, detail: String)
    /// The emulated firmware reported an error or did not print the expected lines.
    case firmwareFailed(detail: String)
    /// The input bytes are not a whole number of rows of the model's input tensor.
    case badInputs(bytes: Int, rowBytes: Int)
    /// The firmware's output differs from the host runtime's.
    case outputMismatch(row: Int, detail: String)
    /// The kernel family asked for is not one an image for the target can hold.
    case unsupportedKernels(target: String, kernels: String)
    /// A speech front-end file that does not parse, or samples shorter than one frame.
    case badFrontEnd(detail: String)
    /// A kernel-cost measurements file that is not what `fit-kernel-costs` writes.
    case badMeasurements(file: String, detail: String)

    /// One line naming the problem, for the command line.
    public var description: String {
        switch self {
        case let .missingTool(name, package): "\(name) not found on PATH (apt-get install \(package))"
        case let .missingSources(path): "firmware sources not found at \(path) (pass --sources DIR, the package root)"
        case let .toolFailed(tool, status, detail): "\(tool) failed with status \(status): \(detail)"
        case let .firmwareFailed(detail): "firmware run failed: \(detail)"
        case let .badInputs(bytes, rowBytes): "\(bytes) input bytes are not a whole number of \(rowBytes)-byte rows"
        case let .outputMismatch(row, detail): "emulated output differs from the host runtime on row \(row): \(detail)"
        case let .unsupportedKernels(target, kernels): "\(target) images cannot run the \(kernels) kernels"
        case let .badFrontEnd(detail): "front-end: \(detail)"
        case let .badMeasurements(file, detail): "\(file): \(detail)"
        }
    }
}
