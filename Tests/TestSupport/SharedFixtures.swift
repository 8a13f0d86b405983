import Foundation

/// Locates the read-only `../shared` folder beside the repository (datasets, conformance models,
/// published reference numbers). Tests that need it skip with a printed reason when it is absent.
public enum SharedFixtures {
    /// The repository root (the folder holding Package.swift).
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// `EDGE_DISTILL_SHARED` if set, else `../shared` next to the repository; `nil` when missing.
    public static var sharedDirectory: URL? {
        let environment = ProcessInfo.processInfo.environment["EDGE_DISTILL_SHARED"]
        let url = environment.map { URL(fileURLWithPath: $0) }
            ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// `shared/<relativePath>` when it exists; otherwise prints why the caller skips and returns `nil`.
    public static func path(_ relativePath: String, neededBy test: String) -> URL? {
        guard let shared = sharedDirectory else {
            print("SKIP \(test): ../shared is absent (set EDGE_DISTILL_SHARED or clone it beside the repository)")
            return nil
        }
        let url = shared.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("SKIP \(test): \(url.path) is missing")
            return nil
        }
        return url
    }

    /// The MLPerf Tiny conformance folder.
    public static func conformance(neededBy test: String) -> URL? {
        path("conformance/mlperf-tiny", neededBy: test)
    }
}
