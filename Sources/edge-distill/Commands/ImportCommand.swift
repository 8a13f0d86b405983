import EdgeModel
import Foundation

/// `edge-distill import MODEL.tflite -o MODEL.edm`.
enum ImportCommand {
    static let usage = """
        usage: edge-distill import MODEL.tflite -o MODEL.edm [--name NAME]
          Reads an int8 TFLite flatbuffer (subgraph 0), plans the arena ahead of time and writes
          an .edm model. Unsupported operators, element types or options are named with the
          operator's index.
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(arguments, options: ["-o", "--output", "--name"], usage: usage)
        let inputPath = try parsed.onlyPositional("TFLite model file")
        guard let outputPath = parsed.value("-o") ?? parsed.value("--output") else { throw UsageError("missing -o MODEL.edm") }
        var files = FilePaths()
        files.input(inputPath, "TFLite model")
        files.output(outputPath, "output")
        try files.check()
        let inputURL = URL(fileURLWithPath: inputPath)
        guard let data = FileManager.default.contents(atPath: inputPath) else { throw UsageError("cannot read \(inputPath)") }
        let name = parsed.value("--name") ?? inputURL.deletingPathExtension().lastPathComponent
        let graph = try TFLiteImporter.importGraph(from: [UInt8](data), name: name)
        let writer = ModelWriter()
        let bytes = try writer.write(graph)
        try writeAtomically(Data(bytes), to: URL(fileURLWithPath: outputPath))
        let plan = writer.arenaPlan(for: graph).plan
        print("\(outputPath): \(graph.operators.count) operators, \(graph.tensors.count) tensors, \(bytes.count) bytes; arena \(plan.arenaBytes) bytes (liveness lower bound \(plan.lowerBound))")
    }
}
