import EdgeModel
import EdgeRuntime
import Foundation

/// Builds a bare-metal ELF for a QEMU board (Cortex-M on MPS2, Cortex-A on virt): the runtime compiled with Embedded Swift,
/// the model and input rows embedded as 16-byte aligned constants, static arenas of exactly the
/// model's arena bytes in each memory region, startup code and a linker script (see docs/SIMULATOR.md).
public struct FirmwareBuilder: Sendable {
    /// The core and board.
    public let target: FirmwareTarget
    /// Where the runtime and firmware sources are.
    public let sources: FirmwareSources
    /// The Swift optimisation flag (`-Osize` or `-O`).
    public let optimization: String
    /// The kernel family the image runs: the vector kernels on Cortex-A (``KernelVariant/arm64NEON``),
    /// the build's own (packed DSP on Cortex-M) otherwise.
    public let kernels: KernelVariant

    let swiftc: ExternalTool
    let clang: ExternalTool
    /// Armv7E-M: the GNU toolchain links with newlib (`gcc`) and reports sizes (`size`).
    /// AArch64: the Swift toolchain's `ld.lld` links (`linker`) and `llvm-nm` reads the layout symbols.
    let linker: ExternalTool
    let size: ExternalTool

    /// A builder; throws `missingTool` when swiftc or the target's toolchain is not there (Armv7E-M:
    /// the Arm GNU toolchain on PATH; AArch64: clang, ld.lld and llvm-nm beside swiftc).
    /// `kernels` defaults to the fastest family the target has; on Cortex-A, `.portable` builds the
    /// image with the portable kernels for comparison.
    public init(
        target: FirmwareTarget, sources: FirmwareSources, optimization: String = "-Osize", kernels: KernelVariant? = nil
    ) throws(FirmwareError) {
        self.target = target
        self.sources = sources
        self.optimization = optimization
        self.kernels = kernels ?? target.kernels
        guard target.kernelFamilies.contains(self.kernels) else { throw .unsupportedKernels(target: target.rawValue, kernels: "\(self.kernels.name)") }
        swiftc = try ExternalTool("swiftc", package: "a Swift 6 toolchain")
        clang = try swiftc.sibling("clang", package: "a Swift 6 toolchain (its own clang reads the IR swiftc writes)")
        switch target.architecture {
        case .armv7em:
            linker = try ExternalTool("arm-none-eabi-gcc", package: "gcc-arm-none-eabi libnewlib-arm-none-eabi")
            size = try ExternalTool("arm-none-eabi-size", package: "binutils-arm-none-eabi")
        case .aarch64:
            linker = try swiftc.sibling("ld.lld", package: "a Swift 6 toolchain (it ships ld.lld)")
            size = try swiftc.sibling("llvm-nm", package: "a Swift 6 toolchain (it ships llvm-nm)")
        }
    }

    /// Builds the firmware for `model` (a whole .edm file) running `rows` input rows laid end to
    /// end in `inputs`, and writes it atomically to `output`. Returns the image's description.
    /// With `dumpingOperatorOutputs` the image also reports every operator's outputs after it ran
    /// (``EmulatorRun/operatorOutputs``; its invoke counts then include the reporting).
    public func build(model: [UInt8], inputs: [UInt8], rows: Int, to output: URL, dumpingOperatorOutputs: Bool = false) throws -> FirmwareImage {
        let loaded = try LoadedModel(bytes: model)
        return try build(
            Payload(model: model, frontEnd: [], inputs: inputs, rows: rows,
                    arenas: (0..<ModelFormat.maximumRegions).map { loaded.model.arenaBytes(region: $0) },
                    workspaceBytes: Interpreter.workspaceBytes(for: loaded.model, kernels: kernels),
                    operatorFlags: try Self.operatorFlags(model: model) + (dumpingOperatorOutputs ? ["-D", "EDGE_DUMP_OPERATORS"] : [])),
            to: output)
    }

    /// Builds firmware that runs a speech front-end file (``AudioFrontEndFile``) over `samples`, one
    /// hop per row (each bracketed like an `invoke()`, reporting the hop's int8 features), and no
    /// model: region 0's arena is the front-end's scratch, the workspace its output.
    public func build(frontEnd file: [UInt8], samples: [Int16], to output: URL) throws -> FirmwareImage {
        let parsed: Result<(AudioFrontEndShape, Int), AudioFrontEndError> = file.withUnsafeBytes { bytes in
            do throws(AudioFrontEndError) {
                let parsed = try AudioFrontEndFile(bytes: bytes)
                return .success((parsed.shape, parsed.hopSamples))
            } catch { return .failure(error) }
        }
        guard case .success(let (shape, hop)) = parsed else { throw FirmwareError.badFrontEnd(detail: "the file is not a valid front-end (\(parsed))") }
        guard samples.count >= shape.frameSamples else {
            throw FirmwareError.badFrontEnd(detail: "\(samples.count) samples are fewer than one \(shape.frameSamples)-sample frame")
        }
        let rows = 1 + (samples.count - shape.frameSamples) / hop
        let inputs = samples.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
        return try build(
            Payload(model: [], frontEnd: file, inputs: inputs, rows: rows, arenas: [shape.scratchBytes, 0, 0, 0],
                    workspaceBytes: shape.coefficients, operatorFlags: ["-D", "EDGE_OPERATOR_SUBSET"]),
            to: output)
    }

    /// What an image embeds and reserves.
    struct Payload {
        var model: [UInt8]
        var frontEnd: [UInt8]
        var inputs: [UInt8]
        var rows: Int
        var arenas: [Int]
        var workspaceBytes: Int
        var operatorFlags: [String]
    }

    func build(_ payload: Payload, to output: URL) throws -> FirmwareImage {
        let work = try FileManager.default.url(
            for: .itemReplacementDirectory, in: .userDomainMask, appropriateFor: output.deletingLastPathComponent(), create: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let (model, rows, workspaceBytes, arenas) = (payload.model, payload.rows, payload.workspaceBytes, payload.arenas)
        try Data(model).write(to: work.appendingPathComponent("model.edm"))
        try Data(payload.inputs).write(to: work.appendingPathComponent("inputs.bin"))
        try Data(payload.frontEnd).write(to: work.appendingPathComponent("frontend.bin"))
        let arenaBytes = arenas.reduce(0, +)
        try Self.dataAssembly(
            modelBytes: model.count, rows: rows, arenas: arenas, workspaceBytes: workspaceBytes, kernels: kernels, frontEndBytes: payload.frontEnd.count)
            .write(to: work.appendingPathComponent("model_data.S"), atomically: false, encoding: .utf8)

        let swiftFiles = sources.runtimeSwiftFiles().map(\.path) + [sources.firmwareFile("FirmwareMain.swift").path]
        if target.architecture == .aarch64 {
            return try buildAArch64(
                model: model, arenaBytes: arenaBytes, workspaceBytes: workspaceBytes, rows: rows, swiftFiles: swiftFiles,
                operatorFlags: payload.operatorFlags, in: work, to: output)
        }
        let gcc = linker
        // Through textual LLVM IR: re-reading it makes the DSP intrinsics of `HalfwordPairs` pure again,
        // which instruction selection needs (swiftc -c stops with "Cannot select: intrinsic").
        let targetFlags = [
            "-target", "armv7em-none-none-eabi", "-target-cpu", target.cpu, "-enable-experimental-feature", "Embedded",
            "-enable-experimental-feature", "Extern", "-D", "EDGE_ARM_DSP",
        ]
        let compileFlags = [
            "-wmo", "-parse-as-library", optimization, "-Xfrontend", "-disable-stack-protector",
            "-module-name", "EdgeRuntime", "-emit-ir",
        ]
        try swiftc.run(targetFlags + payload.operatorFlags + compileFlags + swiftFiles + ["-o", "EdgeRuntime.ll"], in: work)
        // Loads stay where the source puts them: hoisting all of a loop's loads to its top (to pair them,
        // or for latency) made the packed convolution's inner loop spill (docs/PERFORMANCE.md).
        try clang.run(
            ["--target=thumbv7em-none-eabi", "-mcpu=\(target.cpu)", "-mfloat-abi=softfp", optimization == "-O" ? "-O2" : "-Oz",
             "-mllvm", "-arm-prera-ldst-opt-reorder-limit=0", "-mllvm", "-enable-misched=false",
             "-ffunction-sections", "-Wno-override-module", "-c", "EdgeRuntime.ll", "-o", "EdgeRuntime.o"],
            in: work)
        let cpuFlags = ["-mcpu=\(target.cpu)", "-mthumb", "-mfloat-abi=softfp", "-mfpu=fpv4-sp-d16"]
        try gcc.run(cpuFlags + ["-O2", "-ffunction-sections", "-fdata-sections", "-c", sources.firmwareFile("startup.c").path, "-o", "startup.o"], in: work)
        try gcc.run(cpuFlags + ["-c", "model_data.S", "-o", "model_data.o"], in: work)
        try gcc.run(
            cpuFlags + ["-nostartfiles", "-T", sources.firmwareFile("mps2.ld").path, "-Wl,--gc-sections", "-Wl,--no-enum-size-warning",
                        "-Wl,-Map=firmware.map", "--specs=nano.specs", "--specs=nosys.specs",
                        "startup.o", "model_data.o", "EdgeRuntime.o", "-lm", "-o", "firmware.elf"],
            in: work)
        guard let image = SectionSizes(berkeleyOutput: try size.run(["firmware.elf"], in: work)) else {
            throw FirmwareError.toolFailed(tool: size.name, status: 0, detail: "unreadable output")
        }
        let map = try String(contentsOf: work.appendingPathComponent("firmware.map"), encoding: .utf8)
        let elf = try Data(contentsOf: work.appendingPathComponent("firmware.elf"))
        try elf.write(to: output, options: .atomic)
        return FirmwareImage(
            url: output, target: target, image: image, runtime: SectionSizes(linkMap: map, object: "EdgeRuntime.o"),
            modelBytes: model.count, arenaBytes: arenaBytes, kernels: kernels, workspaceBytes: workspaceBytes, rows: rows)
    }

    /// The assembly file that embeds model.edm, inputs.bin and frontend.bin (either may be empty)
    /// and reserves the arenas, each memory region's in its own section (`.bss.edge_arena`,
    /// `.bss.edge_arena1` …) for a board's linker script to map to its memory (under QEMU all are RAM).
    static func dataAssembly(modelBytes: Int, rows: Int, arenas: [Int], workspaceBytes: Int, kernels: KernelVariant, frontEndBytes: Int = 0) -> String {
        let regionArenas = (1..<arenas.count).map { region in
            """
                .section .rodata.edge_model, "a"
                .balign 4
                .global edge_arena\(region)_bytes
            edge_arena\(region)_bytes: .word \(arenas[region])
                .section .bss.edge_arena\(region), "aw", %nobits
                .balign 16
                .global edge_arena\(region)
            edge_arena\(region):
                .space \(max(arenas[region], 1))

            """
        }.joined()
        let arenaBytes = arenas[0]
        return """
            .section .rodata.edge_model, "a"
            .balign 16
            .global edge_model
        edge_model:
            .incbin "model.edm"
            .balign 16
            .global edge_inputs
        edge_inputs:
            .incbin "inputs.bin"
            .balign 16
            .global edge_frontend
        edge_frontend:
            .incbin "frontend.bin"
            .balign 4
            .global edge_frontend_bytes
        edge_frontend_bytes: .word \(frontEndBytes)
            .global edge_model_bytes
        edge_model_bytes: .word \(modelBytes)
            .global edge_input_rows
        edge_input_rows: .word \(rows)
            .global edge_arena_bytes
        edge_arena_bytes: .word \(arenaBytes)
            .global edge_workspace_bytes
        edge_workspace_bytes: .word \(workspaceBytes)
            .global edge_kernels
        edge_kernels: .word \(kernels.rawValue)
            .section .bss.edge_arena, "aw", %nobits
            .balign 16
            .global edge_arena
        edge_arena:
            .space \(max(arenaBytes, 1))
            .balign 64
            .global edge_workspace
        edge_workspace:
            .space \(max(workspaceBytes, 1))

        """ + regionArenas
    }
}

extension FirmwareBuilder {
    /// The AArch64 image for the virt board: the vector kernels (Sources/EdgeVectorKernels, through the
    /// `Builtin` module) and then the runtime compiled straight to objects by swiftc (no IR round trip:
    /// the NEON intrinsics select as they are), startup and model data by the toolchain's clang, linked
    /// by its ld.lld without a C library (startup-aarch64.c defines the few functions Embedded Swift calls).
    func buildAArch64(
        model: [UInt8], arenaBytes: Int, workspaceBytes: Int, rows: Int, swiftFiles: [String], operatorFlags: [String],
        in work: URL, to output: URL
    ) throws -> FirmwareImage {
        let flags = [
            "-target", target.swiftTarget, "-target-cpu", target.cpu, "-enable-experimental-feature", "Embedded",
            "-enable-experimental-feature", "Extern", "-wmo", "-parse-as-library", optimization,
            "-Xfrontend", "-disable-stack-protector", "-Xfrontend", "-function-sections",
        ] + kernelFlags
        try swiftc.run(
            flags + ["-enable-builtin-module", "-module-name", "EdgeVectorKernels", "-emit-module", "-emit-module-path",
                     "modules/EdgeVectorKernels.swiftmodule", "-c"] + sources.vectorKernelSwiftFiles().map(\.path)
                + ["-o", "EdgeVectorKernels.o"], in: work)
        try swiftc.run(
            flags + ["-module-name", "EdgeRuntime", "-I", "modules"] + operatorFlags + ["-c"] + swiftFiles
                + ["-o", "EdgeRuntime.o"], in: work)
        let cpuFlags = ["--target=aarch64-none-elf", "-mcpu=\(target.cpu)"]
        try clang.run(
            cpuFlags + ["-O2", "-ffreestanding", "-ffunction-sections", "-fdata-sections", "-c",
                        sources.firmwareFile(target.startupFile).path, "-o", "startup.o"], in: work)
        try clang.run(cpuFlags + ["-c", "model_data.S", "-o", "model_data.o"], in: work)
        try linker.run(
            ["-T", sources.firmwareFile(target.linkerScript).path, "--gc-sections", "-static", "-Map=firmware.map",
             "startup.o", "model_data.o", "EdgeRuntime.o", "EdgeVectorKernels.o", "-o", "firmware.elf"], in: work)
        let symbols = try size.run(["firmware.elf"], in: work)
        guard let image = SectionSizes(layoutSymbols: symbols) else {
            throw FirmwareError.toolFailed(tool: size.name, status: 0, detail: "the image's layout symbols are missing")
        }
        let map = try String(contentsOf: work.appendingPathComponent("firmware.map"), encoding: .utf8)
        let elf = try Data(contentsOf: work.appendingPathComponent("firmware.elf"))
        try elf.write(to: output, options: .atomic)
        return FirmwareImage(
            url: output, target: target, image: image, runtime: SectionSizes(lldMap: map, objects: ["EdgeRuntime.o", "EdgeVectorKernels.o"]),
            modelBytes: model.count, arenaBytes: arenaBytes, kernels: kernels, workspaceBytes: workspaceBytes, rows: rows)
    }
}

extension FirmwareBuilder {
    /// The compilation conditions of the AArch64 kernel family: `EDGE_AARCH64_DOT` for `sdot`, and
    /// `EDGE_AARCH64_I8MM` too for `smmla` (every core with the matrix multiply has the dot product).
    var kernelFlags: [String] {
        switch kernels {
        case .arm64DotProduct: ["-D", "EDGE_AARCH64_DOT"]
        case .arm64MatrixMultiply: ["-D", "EDGE_AARCH64_DOT", "-D", "EDGE_AARCH64_I8MM"]
        case .portable, .x86AVX2, .arm64NEON, .x86AVX512VNNI: []
        }
    }
}

extension FirmwareBuilder {
    /// `-D EDGE_OPERATOR_SUBSET` and one `-D EDGE_OPERATOR_<NAME>` per operator kind the model uses, so
    /// the image links only those operators' kernels (Sources/EdgeRuntime/Operators/OperatorKind.swift).
    static func operatorFlags(model bytes: [UInt8]) throws -> [String] {
        let model = try LoadedModel(bytes: bytes).model
        var names = Set<String>()
        for index in 0..<model.operatorCount { names.insert("\(model.operatorRecord(index).kind.name)") }
        return ["-D", "EDGE_OPERATOR_SUBSET"] + names.sorted().flatMap { ["-D", "EDGE_OPERATOR_\($0)"] }
    }
}

/// A built firmware image: where it is and what it holds.
public struct FirmwareImage: Sendable {
    /// The ELF file.
    public let url: URL
    /// The core it was built for.
    public let target: FirmwareTarget
    /// Sections of the whole image (text includes the embedded model and inputs; bss the arena and stack).
    public let image: SectionSizes
    /// What the linker kept of the Swift runtime objects (interpreter, kernels, vector kernels on Cortex-A, validation, firmware main).
    public let runtime: SectionSizes
    /// Bytes of the embedded model.
    public let modelBytes: Int
    /// Bytes of the static arenas, all regions together.
    public let arenaBytes: Int
    /// The kernel family the image runs.
    public let kernels: KernelVariant
    /// Bytes of the static workspace the kernels prepare at init (0 for the portable kernels).
    public let workspaceBytes: Int
    /// Number of embedded input rows.
    public let rows: Int

}
