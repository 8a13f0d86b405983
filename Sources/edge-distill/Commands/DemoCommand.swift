import EdgeModel
import EdgeRuntime
import FirmwareSim
import Foundation

/// `edge-distill demo`: the main job end to end on real data, with progress on stderr.
enum DemoCommand {
    static let usage = """
        usage: edge-distill demo [--shared DIR] [--output DIR] [--iterations N]
          1. Imports the four MLPerf Tiny int8 models, writes them as .edm with the arena planned
             ahead of time, runs them with the runtime on the 16 golden inputs and checks every
             output against TFLM's, bit for bit; compares the arena with TFLM's and times them.
          2. Simulates the keyword-spotting model on every device profile for a 20 ms audio hop
             and writes an HTML report.
          The shared folder comes from --shared, then EDGE_DISTILL_SHARED, then ../shared.
          Files go to --output (default: ./demo-output).
        """

    static let models: [(name: String, tflmArena: Int)] = [
        ("kws_ref_model", 16_000), ("resnet8_cifar10_int8", 49_152), ("vww_96_int8", 73_728), ("ad01_int8", 768),
    ]

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(arguments, options: ["--shared", "--output", "--iterations"], usage: usage)
        guard parsed.positional.isEmpty else { throw UsageError("unexpected argument '\(parsed.positional[0])'") }
        let iterations = try parsed.integer("--iterations", default: 50, in: 1...100_000)
        let shared = URL(fileURLWithPath: parsed.value("--shared") ?? ProcessInfo.processInfo.environment["EDGE_DISTILL_SHARED"] ?? "../shared")
        let conformance = shared.appendingPathComponent("conformance/mlperf-tiny")
        guard FileManager.default.fileExists(atPath: conformance.appendingPathComponent("kws_ref_model.tflite").path) else {
            throw UsageError("""
                the demo needs the shared data folder: \(conformance.path) is missing. Put the project's \
                'shared' folder beside the repository (../shared), or pass --shared DIR or set EDGE_DISTILL_SHARED. \
                It holds conformance/mlperf-tiny (the MLPerf Tiny int8 models from github.com/mlcommons/tiny with \
                TFLM golden outputs) and datasets/ (MNIST, FSDD, wall-following robot)
                """)
        }
        let output = URL(fileURLWithPath: parsed.value("--output") ?? "demo-output")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)

        printError("[1/2] runtime: import, plan, run against TFLM's golden outputs")
        print("| model | operators | MACs | arena (B) | TFLM arena (B) | DEV outputs bit-exact with TFLM | median latency (us) |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for (name, tflmArena) in models {
            let tflite = try [UInt8](Data(contentsOf: conformance.appendingPathComponent("\(name).tflite")))
            let graph = try TFLiteImporter.importGraph(from: tflite, name: name)
            let bytes = try ModelWriter().write(graph)
            let file = output.appendingPathComponent("\(name).edm")
            try writeAtomically(Data(bytes), to: file)
            let loaded = try LoadedModel(bytes: bytes)
            let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: loaded.model.arenaBytes, alignment: 16)
            defer { arena.deallocate() }
            let interpreter = try Interpreter(model: loaded.model, arena: arena)
            let golden = conformance.appendingPathComponent("golden/\(name)")
            let inputs = try NumPyArray.load(contentsOf: golden.appendingPathComponent("inputs.npy"))
            let expected = try NumPyArray.load(contentsOf: golden.appendingPathComponent("outputs_tflm.npy"))
            let rows = inputs.shape[0]
            let inputBytes = interpreter.inputBytes(0).count
            let outputBytes = interpreter.outputBytes(0).count
            var matching = 0
            for row in 0..<rows {
                inputs.bytes.withUnsafeBytes { source in
                    interpreter.inputBytes(0).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[(row * inputBytes)..<((row + 1) * inputBytes)]))
                }
                interpreter.invoke()
                if Array(interpreter.outputBytes(0)) == Array(expected.bytes[(row * outputBytes)..<((row + 1) * outputBytes)]) { matching += 1 }
            }
            let latency = LatencySamples(iterations: iterations) { interpreter.invoke() }
            let macs = (0..<loaded.model.operatorCount).reduce(0) { $0 + loaded.model.cost(ofOperator: $1).multiplyAccumulates }
            print("| \(name) | \(loaded.model.operatorCount) | \(macs) | \(loaded.model.arenaBytes) | \(tflmArena) | \(matching)/\(rows) | \(String(format: "%.1f", latency.median)) |")
            printError("  \(name): \(matching)/\(rows) outputs bit-exact, written to \(file.path)")
            guard matching == rows else { throw DemoError.mismatch(model: name, matching: matching, rows: rows) }
        }

        printError("[2/2] firmware-sim: keyword spotting on every device, one inference per 20 ms audio hop")
        let catalog = try DeviceCatalog.locate(explicit: nil)
        let kws = try LoadedModel(contentsOf: output.appendingPathComponent("kws_ref_model.edm"))
        let report = SimulationReport(workload: ModelWorkload(model: kws.model), devices: catalog.devices, stackName: nil, hopSeconds: 0.020)
        let reportFile = output.appendingPathComponent("kws_devices.html")
        try writeAtomically(Data(report.html.utf8), to: reportFile)
        print()
        print(report.summaryTable)
        print("\nHTML report with per-layer latency and the arena over time: \(reportFile.path)")
    }

    /// The runtime disagreed with TFLM on a golden input.
    enum DemoError: Error, CustomStringConvertible {
        case mismatch(model: String, matching: Int, rows: Int)

        var description: String {
            switch self {
            case .mismatch(let model, let matching, let rows):
                return "\(model): only \(matching) of \(rows) outputs match TFLM's golden outputs"
            }
        }
    }
}
