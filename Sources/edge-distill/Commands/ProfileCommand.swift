import EdgeModel
import EdgeRuntime
import Foundation

/// `edge-distill profile MODEL.edm`: runs the real runtime on this machine with its per-operator
/// hook and prints each operator's time, MACs and bytes.
enum ProfileCommand {
    static let usage = """
        usage: edge-distill profile MODEL.edm [--iterations 20] [--json]
          Runs the model on a fixed pseudo-random input with the interpreter's per-operator observer
          and prints, per operator, the median time over the iterations (after half a second of
          untimed runs), MACs, bytes read and written, and the achieved MACs per second.
        """

    /// The profiler hook: reads the host clock before and after each operator.
    struct Timer: OperatorObserver {
        let clock = ContinuousClock()
        var started = ContinuousClock.now
        var elapsed: [Duration]

        mutating func willRun(operator index: Int, kind: OperatorKind) { started = clock.now }
        mutating func didRun(operator index: Int, kind: OperatorKind) { elapsed[index] = clock.now - started }
    }

    struct OperatorProfile: Encodable {
        let index: Int
        let kind: String
        let output: String
        let medianMicroseconds: Double
        let multiplyAccumulates: Int
        let bytesRead: Int
        let bytesWritten: Int
    }

    struct Profile: Encodable {
        let model: String
        let iterations: Int
        let totalMicroseconds: Double
        let operators: [OperatorProfile]
    }

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(arguments, options: ["--iterations"], flags: ["--json"], usage: usage)
        let path = try parsed.onlyPositional("model file")
        var files = FilePaths()
        files.input(path, "model")
        try files.check()
        let iterations = try parsed.integer("--iterations", default: 20, in: 1...100_000)
        let loaded = try LoadedModel(contentsOf: URL(fileURLWithPath: path))
        let model = loaded.model
        let runner = try ModelRunner(loaded)
        runner.fillInputsWithPseudoRandomBytes()
        var timer = Timer(elapsed: Array(repeating: .zero, count: model.operatorCount))
        LatencySamples.warmUp(iterations: 1) { runner.invoke(observer: &timer) }
        var samples = Array(repeating: [Double](), count: model.operatorCount)
        for _ in 0..<iterations {
            runner.invoke(observer: &timer)
            for index in 0..<model.operatorCount { samples[index].append(LatencySamples.microseconds(timer.elapsed[index])) }
        }
        let operators = (0..<model.operatorCount).map { index -> OperatorProfile in
            let cost = model.cost(ofOperator: index)
            let record = model.operatorRecord(index)
            return OperatorProfile(
                index: index, kind: "\(record.kind.name)", output: loaded.tensorName(record.output(0)),
                medianMicroseconds: LatencySamples(microseconds: samples[index]).median, multiplyAccumulates: cost.multiplyAccumulates,
                bytesRead: cost.bytesRead, bytesWritten: cost.bytesWritten)
        }
        let profile = Profile(
            model: loaded.name, iterations: iterations, totalMicroseconds: operators.reduce(0) { $0 + $1.medianMicroseconds },
            operators: operators)
        if parsed.flag("--json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(profile))
            print()
            return
        }
        print("\(profile.model): \(model.operatorCount) operators, median of \(iterations) runs on this machine\n")
        // The output column is as wide as the longest tensor name: names are never cut.
        let outputWidth = max(6, operators.map(\.output.count).max() ?? 0)
        func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
        print("   #  " + pad("operator", 18) + "  " + pad("output", outputWidth) + "      time        MACs   bytes read  bytes written   MMAC/s")
        for op in operators {
            let rate = op.medianMicroseconds > 0 ? Double(op.multiplyAccumulates) / op.medianMicroseconds : 0
            print(String(format: "%4d  ", op.index) + pad(op.kind, 18) + "  " + pad(op.output, outputWidth)
                + String(format: " %9.1f us %10d %12d %14d %8.0f", op.medianMicroseconds, op.multiplyAccumulates, op.bytesRead, op.bytesWritten, rate))
        }
        let macs = operators.reduce(0) { $0 + $1.multiplyAccumulates }
        print(String(format: "\ntotal: %.1f us, %d MACs, %.0f MMAC/s", profile.totalMicroseconds, macs, profile.totalMicroseconds > 0 ? Double(macs) / profile.totalMicroseconds : 0))
    }
}
