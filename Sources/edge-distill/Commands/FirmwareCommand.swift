import EdgeModel
import EdgeRuntime
import FirmwareSim
import Foundation

/// `edge-distill firmware MODEL.edm --target TARGET -o FW.elf`: a bare-metal ELF for QEMU.
enum FirmwareCommand {
    static let usage = """
        usage: edge-distill firmware MODEL.edm --target cortex-m4|cortex-m7|cortex-a35|cortex-a53|cortex-a72|cortex-a76|cortex-a710
                                     -o FW.elf [--inputs INPUTS.npy] [--kernels K] [--speed] [--sources DIR]
          Compiles the runtime with Embedded Swift, embeds the model and input rows, and links
          startup code. Cortex-M: armv7em with the packed DSP kernels, for the QEMU board mps2-an386
          (Cortex-M4) or mps2-an500 (Cortex-M7); run it with: qemu-system-arm -M BOARD -nographic
          -monitor none -serial none -semihosting-config enable=on,target=native -kernel FW.elf.
          Cortex-A: aarch64-none-none-elf with the NEON kernels, with sdot on the Cortex-A76, with
          sdot and smmla on the Cortex-A710 (--kernels portable|neon|neon-dot|neon-i8mm: another
          family the core has), for the virt board; run it with: qemu-system-aarch64 -M virt -cpu CPU
          -m 256M (CPU max for the Cortex-A710) and the same options.
          The image prints each output row.
          --inputs: int8 rows of the model's input (default: one pseudo-random row, as bench uses).
          --speed: compile with -O instead of -Osize. --sources: the package root holding the
          runtime and firmware-sim/firmware sources (default: this checkout, or $EDGE_DISTILL_ROOT).
          Needs swiftc; Cortex-M also arm-none-eabi-gcc (gcc-arm-none-eabi, libnewlib-arm-none-eabi,
          binutils-arm-none-eabi); Cortex-A the toolchain's own clang, ld.lld and llvm-nm.
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(arguments, options: ["--target", "-o", "--inputs", "--sources", "--kernels"], flags: ["--speed"], usage: usage)
        let path = try parsed.onlyPositional("model file")
        let target = try parseTarget(parsed.value("--target"))
        guard let output = parsed.value("-o") else { throw UsageError("missing -o FW.elf") }
        let kernels = try parseKernels(parsed.value("--kernels"), for: target)
        let outputURL = URL(fileURLWithPath: output)
        var files = FilePaths()
        files.input(path, "model")
        files.input(parsed.value("--inputs"), "--inputs")
        files.output(output, "-o")
        try files.check()
        let loaded = try LoadedModel(contentsOf: URL(fileURLWithPath: path))
        let inputs = try firmwareInputs(for: loaded, file: parsed.value("--inputs"))
        let builder = try FirmwareBuilder(
            target: target, sources: try FirmwareSources.locate(explicit: parsed.value("--sources")),
            optimization: parsed.flag("--speed") ? "-O" : "-Osize", kernels: kernels)
        let rowBytes = (0..<loaded.model.inputCount).reduce(0) { $0 + loaded.model.tensor(loaded.model.inputTensorIndex($1)).byteCount }
        let image = try builder.build(
            model: Array(loaded.model.bytes), inputs: inputs, rows: inputs.count / rowBytes, to: outputURL)
        print("\(output): \(target.rawValue) (\(target.qemuMachine)), \(image.rows) input row(s)")
        print("  image   text \(image.image.text)  data \(image.image.data)  bss \(image.image.bss) bytes")
        print("  runtime text \(image.runtime.text)  data \(image.runtime.data)  bss \(image.runtime.bss) bytes")
        print("  model \(image.modelBytes) bytes, arena \(image.arenaBytes) bytes\(loaded.model.usesRegions ? " in \((0..<ModelFormat.maximumRegions).filter { loaded.model.arenaBytes(region: $0) > 0 }.count) memory regions" : "")")
        print("  kernels \(image.kernels.name), workspace \(image.workspaceBytes) bytes")
    }

    /// The target named by `--target`.
    static func parseTarget(_ name: String?) throws -> FirmwareTarget {
        guard let name else { throw UsageError("missing --target \(FirmwareTarget.allCases.map(\.rawValue).joined(separator: "|"))") }
        guard let target = FirmwareTarget(named: name) else {
            throw UsageError("unknown target '\(name)'; targets: \(FirmwareTarget.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return target
    }

    /// The kernel family `--kernels` names for `target` (default: the target's fastest).
    static func parseKernels(_ flag: String?, for target: FirmwareTarget) throws -> KernelVariant {
        guard let flag else { return target.kernels }
        let names = target.kernelFamilies.map(\.flag)
        guard let variant = KernelVariant(flag: flag), flag != "auto", target.kernelFamilies.contains(variant) else {
            throw UsageError("--kernels for \(target.rawValue) must be \(names.joined(separator: " or ")), not '\(flag)'")
        }
        return variant
    }

    /// The input rows for the firmware: the int8 rows of `file` (a model with one input), or one
    /// pseudo-random row of every input, the bytes `bench` and `profile` feed.
    static func firmwareInputs(for loaded: LoadedModel, file: String?) throws -> [UInt8] {
        let model = loaded.model
        guard let file else {
            let runner = try ModelRunner(loaded, kernels: .portable)
            runner.fillInputsWithPseudoRandomBytes()
            return (0..<model.inputCount).flatMap { Array(runner.inputBytes($0)) }
        }
        guard model.inputCount == 1 else {
            throw UsageError("--inputs holds one array, and this model has \(model.inputCount) inputs (without --inputs, one pseudo-random row is used)")
        }
        let rowBytes = model.tensor(model.inputTensorIndex(0)).byteCount
        let array = try NumPyArray.load(contentsOf: URL(fileURLWithPath: file))
        guard array.elementType == .int8, !array.bytes.isEmpty, array.bytes.count % rowBytes == 0 else {
            throw UsageError("\(file) must hold int8 rows of \(rowBytes) bytes (the model's input)")
        }
        return array.bytes
    }
}
