import Foundation

/// Where datasets live: `--data-dir` first, then `EDGE_DISTILL_DATA`, then `../shared/datasets`.
public struct DataDirectory: Sendable, Equatable {
    /// The chosen directory.
    public var url: URL

    /// Resolves the data directory from an explicit flag, the environment, or the default.
    public init(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let explicit, !explicit.isEmpty {
            url = URL(fileURLWithPath: explicit)
        } else if let fromEnvironment = environment["EDGE_DISTILL_DATA"], !fromEnvironment.isEmpty {
            url = URL(fileURLWithPath: fromEnvironment)
        } else {
            url = URL(fileURLWithPath: "../shared/datasets")
        }
    }

    /// The folder of one dataset, such as `mnist`.
    public func dataset(_ name: String) -> URL { url.appendingPathComponent(name) }
}
