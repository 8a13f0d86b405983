import EdgeModel
import EdgeRuntime
import FirmwareSim
import Foundation

/// `edge-distill simulate MODEL.edm --device NAME|all`: latency, memory, energy and PASS/FAIL per device.
enum SimulateCommand {
    static let usage = """
        usage: edge-distill simulate MODEL.edm|MODEL.tflite --device NAME[,NAME...]|all [--stack NAME]
                                     [--hop-ms MS] [--front-end FILE.edfe] [--regions NAME[,NAME...]] [--json] [--report OUT.html]
                                     [--devices DIR]
               edge-distill simulate MODEL.edm|MODEL.tflite --device NAME --emulate [--inputs INPUTS.npy] [--kernels K] [--speed]
                                     [--sources DIR]
          Estimates per-layer and total latency, peak RAM (arena + I/O + runtime + stack) against
          the device's RAM, flash (model + runtime code) against its flash, energy per inference
          and, with --hop-ms, the duty cycle and average power of a stream (one inference every
          MS milliseconds). One device prints the per-layer table; several print one row each.
          A keyword model listens through a speech front-end (--front-end, default MODEL.edfe when
          it exists beside the model): its tables and buffers count in flash and RAM, and each hop
          pays the front-end once per frame hop in it as well as the model (--hop-ms defaults to the
          front-end's hop); its instructions come from the build's fitted front-end costs.
          The latency is EdgeDistill's runtime's: per layer, the instructions the fitted model of its
          kernels predicts for the firmware build the device's processor runs (what --emulate would
          count; firmware-sim/devices/kernel-costs), turned into cycles by the core's cycle model,
          with the range that model's uncertainty gives. --stack picks a comparison stack by name
          where a device has one (see `edge-distill devices`; analytical, fitted to published results).
          On a device whose profile lists memory regions (`edge-distill devices`), RAM is checked per
          region and each layer pays the extra cycles of the bytes it moves in slower regions: as the
          model file places its buffers (`edge-distill place`), or, for a single-arena file, as that
          command would plan them; --regions lets only the named regions hold the arena (for example
          --regions PSRAM: everything in PSRAM).
          --report writes one self-contained HTML file with the charts. A .tflite file is imported
          first. The exit status is 0 whether the model fits or not.
          --emulate (Cortex-M4/M7/M33 and Cortex-A35/A53/A55/A72/A76 devices; an M33 runs the M4 image,
          an A55 runs as an A53): builds the firmware (see `edge-distill firmware`), runs it under QEMU
          (qemu-system-arm on an MPS2 board, or qemu-system-aarch64 on the virt board) with the
          instruction-counting plugin, fails unless its output is bit-exact with the host runtime, and
          prints per layer the counted instructions beside the predicted ones, modelled cycles and
          latency, and the first comparison stack's estimate; code size, arena and peak stack.
          --json prints the same as JSON (emulatedInstructions and predictedInstructions per layer and
          in total). --speed builds with -O instead of -Osize.
          --inputs: int8 rows of the model's input (default: one pseudo-random row, as bench uses).
          --kernels: the image's kernel family, as `edge-distill firmware --kernels` (Cortex-A: neon,
          the default, or portable).
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(
            arguments, options: ["--device", "--stack", "--hop-ms", "--front-end", "--report", "--devices", "--sources", "--inputs", "--kernels", "--regions"],
            flags: ["--json", "--emulate", "--speed"],
            usage: usage)
        let path = try parsed.onlyPositional("model file")
        guard let deviceArgument = parsed.value("--device") else { throw UsageError("missing --device NAME (or --device all)") }
        let deviceNames = deviceArgument.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !deviceNames.contains("") else {
            throw UsageError("--device '\(deviceArgument)' names an empty device; give NAME[,NAME...] or all (see edge-distill devices)")
        }
        let besideModel = URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension("edfe").path
        let frontEndPath = parsed.value("--front-end") ?? (FileManager.default.fileExists(atPath: besideModel) ? besideModel : nil)
        var files = FilePaths()
        files.input(path, "model")
        files.input(parsed.value("--inputs"), "--inputs")
        files.input(frontEndPath, "--front-end")
        files.output(parsed.value("--report"), "--report")
        try files.check()
        if parsed.flag("--emulate") {
            guard parsed.value("--regions") == nil else { throw UsageError("--regions goes without --emulate (place the model first with edge-distill place)") }
            guard parsed.value("--front-end") == nil else { throw UsageError("--front-end goes without --emulate (the emulated image runs the model alone)") }
            try emulate(path, device: deviceArgument, parsed: parsed)
            return
        }
        guard parsed.value("--kernels") == nil else { throw UsageError("--kernels goes with --emulate (the image's kernels)") }
        var hopMilliseconds = try parsed.value("--hop-ms").map { _ in try parsed.number("--hop-ms", default: 0, in: 0.001...3_600_000) }
        let catalog = try DeviceCatalog.locate(explicit: parsed.value("--devices"))
        let devices: [DeviceProfile]
        if deviceArgument == "all" {
            devices = catalog.devices
        } else {
            devices = try deviceNames.map { try catalog.device(named: $0) }
        }
        if let stack = parsed.value("--stack"), !devices.contains(where: { $0.stack(named: stack) != nil }) {
            let known = Set(devices.flatMap { $0.stacks.map(\.name) }).sorted()
            throw UsageError("no device here has a stack named '\(stack)'; stacks: \(known.joined(separator: "; "))")
        }
        let allowed = try allowedRegions(parsed.value("--regions"), devices: devices)
        let workload = try loadWorkload(path)
        let frontEnd = try frontEndPath.map { frontEndPath in
            let loaded = try loadModel(path)
            let (inputs, classes) = withExtendedLifetime(loaded) {
                (loaded.model.tensor(loaded.model.inputTensorIndex(0)).elementCount, loaded.model.tensor(loaded.model.outputTensorIndex(0)).elementCount)
            }
            guard let frontEnd = FrontEndWorkload(
                file: [UInt8](try Data(contentsOf: URL(fileURLWithPath: frontEndPath))), inputElements: inputs, classes: classes)
            else { throw UsageError("\(frontEndPath) is not a speech front-end file for \(path) (malformed, or its coefficients do not fill the model's input)") }
            return frontEnd
        }
        if let frontEnd, hopMilliseconds == nil { hopMilliseconds = frontEnd.hopSeconds * 1000 }
        if allowed != nil, workload.regionArenaBytes.count > 1 {
            throw UsageError("--regions plans a single-arena model; \(path) already places its buffers in memory regions")
        }
        let report = SimulationReport(
            workload: workload, devices: devices, kernelCosts: catalog.kernelCosts, stackName: parsed.value("--stack"),
            hopSeconds: hopMilliseconds.map { $0 / 1000 }, regions: allowed, frontEnd: frontEnd)
        if let output = parsed.value("--report") {
            try writeAtomically(Data(report.html.utf8), to: URL(fileURLWithPath: output))
        }
        if parsed.flag("--json") {
            FileHandle.standardOutput.write(try report.jsonData())
            print()
            return
        }
        if report.simulations.count == 1 {
            print(report.detail(of: report.simulations[0]))
            print()
        }
        print(report.summaryTable)
        if let output = parsed.value("--report") { print("\nreport: \(output)") }
    }

    /// `--emulate`: the firmware under QEMU on one Cortex-M or Cortex-A device, checked against the host runtime.
    static func emulate(_ path: String, device name: String, parsed: Arguments) throws {
        let catalog = try DeviceCatalog.locate(explicit: parsed.value("--devices"))
        let device = try catalog.device(named: name)
        guard let target = FirmwareTarget(processor: device.processor) else {
            throw UsageError("--emulate runs Cortex-M4/M7/M33 and Cortex-A35/A53/A55/A72/A76 firmware; \(device.name) is a \(device.processor)")
        }
        let kernels = try FirmwareCommand.parseKernels(parsed.value("--kernels"), for: target)
        let loaded = try loadModel(path)
        let inference = try EmulatedInference(
            model: loaded, inputs: try FirmwareCommand.firmwareInputs(for: loaded, file: parsed.value("--inputs")), target: target,
            sources: try FirmwareSources.locate(explicit: parsed.value("--sources")), optimization: parsed.flag("--speed") ? "-O" : "-Osize", kernels: kernels)
        let report = EmulationReport(inference: inference, device: device, workload: ModelWorkload(model: loaded.model), kernelCosts: catalog.kernelCosts)
        if parsed.flag("--json") {
            FileHandle.standardOutput.write(try report.jsonData())
            print()
        } else {
            print(report.text)
        }
    }

    /// The lowercased region names of `--regions NAME[,NAME...]`, each a region of one of `devices`;
    /// nil when the flag is absent.
    static func allowedRegions(_ argument: String?, devices: [DeviceProfile]) throws -> Set<String>? {
        guard let argument else { return nil }
        let names = argument.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let known = devices.flatMap { $0.memoryRegions ?? [] }.map(\.name)
        guard !known.isEmpty else {
            throw UsageError("--regions: \(devices.map(\.name).joined(separator: ", ")) list\(devices.count == 1 ? "s" : "") no memory regions")
        }
        for name in names where !known.contains(where: { $0.lowercased() == name.lowercased() }) {
            throw UsageError("--regions: no region named '\(name)'; regions: \(Array(Set(known)).sorted().joined(separator: ", "))")
        }
        return Set(names.map { $0.lowercased() })
    }

    /// An `.edm` file, or a `.tflite` file imported and written as `.edm` in memory.
    static func loadModel(_ path: String) throws -> LoadedModel {
        let url = URL(fileURLWithPath: path)
        if url.pathExtension.lowercased() == "tflite" {
            guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read \(path)") }
            let graph = try TFLiteImporter.importGraph(from: [UInt8](data), name: url.deletingPathExtension().lastPathComponent)
            return try LoadedModel(bytes: try ModelWriter().write(graph))
        }
        return try LoadedModel(contentsOf: url)
    }

    /// The workload of an `.edm` file, or of a `.tflite` file imported and written as `.edm` in memory.
    static func loadWorkload(_ path: String) throws -> ModelWorkload {
        let loaded = try loadModel(path)
        return withExtendedLifetime(loaded) { ModelWorkload(model: loaded.model) }
    }
}
