import EdgeModel
import EdgeRuntime
import Foundation

/// `edge-distill bench MODEL.edm [--iterations N] [--warmup N] [--kernels auto|portable|avx2|avx512-vnni|neon|neon-dot] [--threads N] [--json]`.
enum BenchCommand {
    static let usage = """
        usage: edge-distill bench MODEL.edm [--iterations 200] [--warmup 20] [--kernels auto] [--threads 1] [--json]
          Runs the model on a fixed pseudo-random input and prints the median, the interquartile
          range, min and max of the per-inference latency in microseconds, and the kernels used:
          auto (the fastest this CPU supports), portable, avx2, avx512-vnni, neon or neon-dot.
          --warmup N: untimed runs first, N of them and for at least half a second (a process's
          first few hundred milliseconds can run a third slower).
          --threads N: N threads share each convolution's rows (started once, before timing;
          vector kernels only). One thread is the headline number.
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(arguments, options: ["--iterations", "--warmup", "--kernels", "--threads"], flags: ["--json"], usage: usage)
        let path = try parsed.onlyPositional("model file")
        var files = FilePaths()
        files.input(path, "model")
        try files.check()
        let iterations = try parsed.integer("--iterations", default: 200, in: 1...1_000_000)
        let warmup = try parsed.integer("--warmup", default: 20, in: 0...1_000_000)
        let kernels = try kernelVariant(parsed)
        let threads = try parsed.integer("--threads", default: 1, in: 1...256)
        guard threads == 1 || kernels != .portable else {
            throw UsageError("--threads \(threads) needs vector kernels; the portable kernels run on one thread")
        }
        let loaded = try LoadedModel(contentsOf: URL(fileURLWithPath: path))
        let runner = try ModelRunner(loaded, kernels: kernels, threads: threads)
        runner.fillInputsWithPseudoRandomBytes()
        LatencySamples.warmUp(iterations: warmup) { runner.invoke() }
        let latency = LatencySamples(iterations: iterations) { runner.invoke() }
        func quantile(_ q: Double) -> Double { latency.quantile(q) }
        let result = BenchResult(
            medianMicroseconds: quantile(0.5), p25Microseconds: quantile(0.25), p75Microseconds: quantile(0.75),
            minMicroseconds: quantile(0), maxMicroseconds: quantile(1), iterations: iterations,
            kernels: runner.kernels.description, threads: runner.threadCount, workspaceBytes: runner.workspaceBytes)
        if parsed.flag("--json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(result))
            print()
        } else {
            print(String(format: "%@: median %.1f us, IQR %.1f-%.1f us, min %.1f us, max %.1f us over %d invokes (%@ kernels, %d thread%@)",
                         loaded.name, quantile(0.5), quantile(0.25), quantile(0.75), quantile(0), quantile(1), iterations,
                         runner.kernels.description, runner.threadCount, runner.threadCount == 1 ? "" : "s"))
        }
    }
}

/// What `bench --json` prints.
struct BenchResult: Encodable {
    var medianMicroseconds: Double
    var p25Microseconds: Double
    var p75Microseconds: Double
    var minMicroseconds: Double
    var maxMicroseconds: Double
    var iterations: Int
    /// The kernel variant that ran (`portable`, `x86-64 AVX2`).
    var kernels: String
    /// Threads that ran it.
    var threads: Int
    /// Bytes of kernel workspace beside the arena.
    var workspaceBytes: Int
}

/// `--kernels auto|portable|avx2|avx512-vnni|neon|neon-dot`: the variant asked for, refused where this CPU lacks it.
func kernelVariant(_ parsed: Arguments) throws -> KernelVariant {
    guard let flag = parsed.value("--kernels") else { return .host }
    guard let variant = KernelVariant(flag: flag) else {
        throw UsageError("--kernels must be auto, portable, avx2, avx512-vnni, neon or neon-dot, not '\(flag)'")
    }
    guard variant.isBuilt && variant.isSupportedByHostCPU else {
        throw UsageError("--kernels \(flag): this machine's CPU or this build does not have them")
    }
    return variant
}
