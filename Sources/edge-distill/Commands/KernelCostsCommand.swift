import EdgeModel
import EdgeRuntime
import FirmwareSim
import Foundation

/// `edge-distill kernel-costs --target T --measurements M.csv --coefficients C.json`: measures the
/// runtime's kernels on random single-layer models under QEMU and fits the per-kind cost model
/// `simulate` predicts with (tools/fit_kernel_costs.sh runs it for every shipped build).
enum KernelCostsCommand {
    static let usage = """
        usage: edge-distill kernel-costs --target cortex-m4|cortex-m7|cortex-a53|cortex-a76|… [--kernels K]
                                         --measurements M.csv --coefficients C.json [--refit | --kinds K,K]
                                         [--scale N] [--sources DIR]
               edge-distill kernel-costs --target T [--kernels K] --front-end --coefficients C.json [--sources DIR]
          Builds random single-layer int8 models of every sampled operator kind at deployed sizes
          (CONV_2D 60·N, DEPTHWISE_CONV_2D and FULLY_CONNECTED 40·N, BATCH_MATMUL, TRANSPOSE_CONV and
          the binary element-wise kinds 20·N, the other kinds 12·N layers), runs them under QEMU in a
          few firmware images (each checked bit-exact with the host), writes every layer's
          instructions, loads, stores and branches to M.csv, and fits per kind the non-negative cost
          model written to C.json (firmware-sim/devices/kernel-costs/ holds the shipped ones). Takes
          minutes per build.
          --refit: read M.csv instead of measuring, and only fit.
          --kinds ADD,MUL,…: measure only these kinds (20·N layers each) and merge them into M.csv,
          replacing its rows of those kinds (after a change to their generators or kernels).
          --kernels: the kernel family (default: the target's fastest); --scale N: N times the layers.
          --front-end: measure the speech front-end instead (one image per shape, frames of 128 to
          1024 samples; a minute or two) and put its fit into C.json, which must exist; the other
          modes keep C.json's front-end fit.
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(
            arguments, options: ["--target", "--kernels", "--measurements", "--coefficients", "--scale", "--sources", "--kinds"],
            flags: ["--refit", "--front-end"], usage: usage)
        guard parsed.positional.isEmpty else { throw UsageError("takes no positional arguments, got '\(parsed.positional[0])'") }
        let target = try FirmwareCommand.parseTarget(parsed.value("--target"))
        let kernels = try FirmwareCommand.parseKernels(parsed.value("--kernels"), for: target)
        guard let coefficientsPath = parsed.value("--coefficients") else { throw UsageError("missing --coefficients C.json") }
        let earlier = try? JSONDecoder().decode(KernelCostModel.self, from: Data(contentsOf: URL(fileURLWithPath: coefficientsPath)))
        if parsed.flag("--front-end") {
            try measureFrontEnd(target: target, kernels: kernels, into: coefficientsPath, earlier: earlier, parsed: parsed)
            return
        }
        guard let measurementsPath = parsed.value("--measurements") else { throw UsageError("missing --measurements M.csv") }
        let scale = try parsed.integer("--scale", default: 1, in: 1...20)
        let refit = parsed.flag("--refit")
        let kinds = try parsed.value("--kinds").map(parseKinds)
        guard !(refit && kinds != nil) else { throw UsageError("--refit fits the kept counts; --kinds measures some kinds again: give one of them") }
        var files = FilePaths()
        if refit || kinds != nil { files.input(measurementsPath, "--measurements") } else { files.output(measurementsPath, "--measurements") }
        files.output(coefficientsPath, "--coefficients")
        try files.check()
        let build = KernelCostModel.buildName(target: target, kernels: kernels)
        let url = URL(fileURLWithPath: measurementsPath)
        var measurements: KernelCostMeasurements
        if refit {
            measurements = try KernelCostMeasurements(csv: String(contentsOf: url, encoding: .utf8), file: url.lastPathComponent)
        } else {
            let kept = try kinds.map { _ in try KernelCostMeasurements(csv: String(contentsOf: url, encoding: .utf8), file: url.lastPathComponent) }
            let layers = kinds.map { Dictionary(uniqueKeysWithValues: $0.map { ($0, 20 * scale) }) } ?? KernelCostSampling.defaultLayers(scale: scale)
            let sampling = KernelCostSampling(target: target, kernels: kernels, layersPerKind: layers)
            let start = Date()
            let measured = try sampling.measure(sources: FirmwareSources.locate(explicit: parsed.value("--sources"))) { done, all in
                let elapsed = Date().timeIntervalSince(start)
                let remaining = elapsed / Double(done) * Double(all - done)
                FileHandle.standardError.write(Data("\(build): image \(done)/\(all), \(Int(elapsed)) s, about \(Int(remaining)) s left\n".utf8))
            }
            measurements = kept.map { $0.replacing(kinds: Set(kinds ?? []), with: measured) } ?? measured
            try writeAtomically(Data(measurements.csv.utf8), to: url)
        }
        guard !measurements.layers.isEmpty else { throw UsageError("\(measurementsPath) holds no layers") }
        var model = KernelCostFit.fit(
            measurements, build: build,
            source: "edge-distill kernel-costs --target \(target.rawValue) --kernels \(kernels.flag)\(scale > 1 ? " --scale \(scale)" : "")"
                + (kinds.map { " (then --kinds \($0.map { "\($0.name)" }.joined(separator: ",")))" } ?? "") + ": "
                + "\(measurements.layers.count) random single-layer models (LayerSamples, realistic sizes) counted under QEMU")
        model.frontEnd = earlier?.build == build ? earlier?.frontEnd : nil  // a front-end fit survives a refit of the same build
        try write(model, to: coefficientsPath)
        print("\(build): \(measurements.layers.count) layers; dispatch \(Int(model.dispatchInstructions.rounded())) instructions per operator, from \(measurements.invokes.count) whole images")
        print("kind                      layers  cross-validated error: median  worst")
        for (name, coefficients) in model.kinds.sorted(by: { $0.key < $1.key }) {
            print(name.padding(toLength: 26, withPad: " ", startingAt: 0)
                  + String(format: "%6d  %28.1f %%  %5.1f %%", coefficients.samples, 100 * coefficients.medianError, 100 * coefficients.worstError))
        }
    }

    /// `--front-end`: the front-end's counts under QEMU, fitted into the existing coefficients file.
    static func measureFrontEnd(target: FirmwareTarget, kernels: KernelVariant, into path: String, earlier: KernelCostModel?, parsed: Arguments) throws {
        let build = KernelCostModel.buildName(target: target, kernels: kernels)
        guard parsed.value("--measurements") == nil, parsed.value("--kinds") == nil, parsed.value("--scale") == nil, !parsed.flag("--refit") else {
            throw UsageError("--front-end takes only --target, --kernels, --coefficients and --sources")
        }
        guard var model = earlier, model.build == build else {
            throw UsageError("--front-end adds to the fitted kernel costs of \(build); \(path) must hold them (run kernel-costs without --front-end first)")
        }
        let rows = try FrontEndCostSampling(target: target).measure(sources: FirmwareSources.locate(explicit: parsed.value("--sources"))) { done, all in
            FileHandle.standardError.write(Data("\(build) front-end: image \(done)/\(all)\n".utf8))
        }
        model.frontEnd = KernelCostFit.coefficients(rows)
        try write(model, to: path)
        let error = model.frontEnd.map { String(format: "median %.1f %%, worst %.1f %%", 100 * $0.medianError, 100 * $0.worstError) } ?? ""
        print("\(build): front-end fitted to \(rows.count) shapes (cross-validated error: \(error))")
        for (mix, terms) in rows {
            print("  N \(Int(terms.values[2]))  bands \(Int(terms.values[4]))  coefficients \(Int(terms.values[5] / terms.values[4]))  \(mix.instructions) instructions per hop")
        }
    }

    static func write(_ model: KernelCostModel, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writeAtomically(encoder.encode(model), to: URL(fileURLWithPath: path))
    }

    /// The operator kinds `--kinds` names (each with a sample generator).
    static func parseKinds(_ text: String) throws -> [OperatorKind] {
        let known = Dictionary(LayerSamples.sampledKinds.map { ("\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.uppercased() }
        let kinds = try names.map { name -> OperatorKind in
            guard let kind = known[name] else {
                throw UsageError("--kinds: '\(name)' is not a sampled operator; sampled: \(known.keys.sorted().joined(separator: ", "))")
            }
            return kind
        }
        return kinds
    }
}
