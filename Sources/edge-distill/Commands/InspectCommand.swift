import EdgeModel
import Foundation

/// `edge-distill inspect MODEL.edm [--json]`.
enum InspectCommand {
    static let usage = """
        usage: edge-distill inspect MODEL.edm [--json]
          Prints operators (with MACs), tensors (shape, dtype, scale, zero point), total MACs,
          weight bytes, the exact arena bytes, and the kernels this machine runs it with and
          their workspace. --json prints the same as JSON with the keys ops, tensors, macs,
          weightBytes, arenaBytes, kernels, workspaceBytes.
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(arguments, options: [], flags: ["--json"], usage: usage)
        let path = try parsed.onlyPositional("model file")
        var files = FilePaths()
        files.input(path, "model")
        try files.check()
        let loaded = try LoadedModel(contentsOf: URL(fileURLWithPath: path))
        let summary = ModelSummary(loaded)
        if parsed.flag("--json") {
            FileHandle.standardOutput.write(try summary.jsonData())
            print()
        } else {
            print(summary.text)
        }
    }
}
