import FirmwareSim
import Foundation

/// `edge-distill calibrate`: fits the cost model to the published MLPerf Tiny results and prints
/// the leave-one-out tables of docs/SIMULATOR.md.
enum CalibrateCommand {
    static let usage = """
        usage: edge-distill calibrate [--conformance DIR] [--output FILE.md] [--json]
          Imports the four MLPerf Tiny .tflite models from DIR (default: shared/conformance/mlperf-tiny
          found above the current directory, or $EDGE_DISTILL_SHARED/conformance/mlperf-tiny), fits the
          cost model to the published latencies, and prints the leave-one-benchmark-out and
          leave-one-board-out tables as Markdown (or writes them to FILE.md).
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(arguments, options: ["--conformance", "--output"], flags: ["--json"], usage: usage)
        guard parsed.positional.isEmpty else { throw UsageError("unexpected argument '\(parsed.positional[0])'") }
        let folder = try parsed.value("--conformance").map { URL(fileURLWithPath: $0) } ?? locateConformance()
        var files = FilePaths()
        files.inputs(inFolder: folder, "conformance model")
        files.output(parsed.value("--output"), "--output")
        try files.check()
        let workloads = try ReferenceWorkloads.importConformance(folder: folder)
        guard workloads.count == 4 else {
            throw UsageError("\(folder.path) holds \(workloads.count) of the 4 MLPerf Tiny models (\(ReferenceWorkloads.fileNames.values.sorted().joined(separator: ", ")).tflite)")
        }
        let report = LeaveOneOut(results: PublishedResult.mlperfTiny, workloads: workloads)
        if parsed.flag("--json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(report))
            print()
        } else if let output = parsed.value("--output") {
            try writeAtomically(Data((report.markdown + "\n").utf8), to: URL(fileURLWithPath: output))
            print("wrote \(output)")
        } else {
            print(report.markdown)
        }
    }

    static func locateConformance() throws -> URL {
        if let shared = ProcessInfo.processInfo.environment["EDGE_DISTILL_SHARED"] {
            return URL(fileURLWithPath: shared).appendingPathComponent("conformance/mlperf-tiny")
        }
        var url = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent("shared/conformance/mlperf-tiny")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        throw UsageError("cannot find shared/conformance/mlperf-tiny above the current directory; pass --conformance DIR")
    }
}
