import EdgeModel
import EdgeRuntime
import Foundation

/// `edge-distill bench MODEL.edm [--iterations N] [--warmup N] [--json]`.
enum BenchCommand {
    static let usage = """
        usage: edge-distill bench MODEL.edm [--iterations 200] [--warmup 20] [--json]
          Runs the model on a fixed pseudo-random input and prints the median, the interquartile
          range, min and max of the per-inference latency in microseconds.
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(arguments, options: ["--iterations", "--warmup"], flags: ["--json"], usage: usage)
        let path = try parsed.onlyPositional("model file")
        var files = FilePaths()
        files.input(path, "model")
        try files.check()
        let iterations = try parsed.integer("--iterations", default: 200, in: 1...1_000_000)
        let warmup = try parsed.integer("--warmup", default: 20, in: 0...1_000_000)
        let loaded = try LoadedModel(contentsOf: URL(fileURLWithPath: path))
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: max(loaded.model.arenaBytes, 16), alignment: 16)
        defer { arena.deallocate() }
        let interpreter = try Interpreter(model: loaded.model, arena: arena)
        interpreter.fillInputsWithPseudoRandomBytes()
        for _ in 0..<warmup { interpreter.invoke() }
        let latency = LatencySamples(iterations: iterations) { interpreter.invoke() }
        func quantile(_ q: Double) -> Double { latency.quantile(q) }
        let result: [String: Double] = [
            "medianMicroseconds": quantile(0.5), "p25Microseconds": quantile(0.25), "p75Microseconds": quantile(0.75),
            "minMicroseconds": quantile(0), "maxMicroseconds": quantile(1), "iterations": Double(iterations),
        ]
        if parsed.flag("--json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(result))
            print()
        } else {
            print(String(format: "%@: median %.1f us, IQR %.1f-%.1f us, min %.1f us, max %.1f us over %d invokes",
                         loaded.name, quantile(0.5), quantile(0.25), quantile(0.75), quantile(0), quantile(1), iterations))
        }
    }
}
