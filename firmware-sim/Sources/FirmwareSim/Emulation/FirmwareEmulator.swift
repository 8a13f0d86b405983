import Foundation

/// Runs a firmware image under QEMU (`qemu-system-arm` for Cortex-M, `qemu-system-aarch64` for
/// Cortex-A) with semihosting and the project's instruction-counting plugin
/// (firmware-sim/firmware/instruction_counter.c, compiled with the host C compiler into a temporary folder).
public struct FirmwareEmulator: Sendable {
    let qemu: ExternalTool
    let nm: ExternalTool
    let compiler: ExternalTool
    let sources: FirmwareSources
    /// The core whose images this emulator runs.
    public let target: FirmwareTarget

    /// An emulator for `target`'s images; throws `missingTool` when its QEMU, nm (arm-none-eabi-nm
    /// for Cortex-M, the Swift toolchain's llvm-nm for Cortex-A) or a host C compiler is not there.
    public init(sources: FirmwareSources, target: FirmwareTarget) throws(FirmwareError) {
        self.sources = sources
        self.target = target
        // Debian's qemu-system-arm package provides both qemu-system-arm and qemu-system-aarch64.
        qemu = try ExternalTool(target.qemuSystem, package: "qemu-system-arm")
        switch target.architecture {
        case .armv7em: nm = try ExternalTool("arm-none-eabi-nm", package: "binutils-arm-none-eabi")
        case .aarch64: nm = try ExternalTool("swiftc", package: "a Swift 6 toolchain").sibling("llvm-nm", package: "a Swift 6 toolchain (it ships llvm-nm)")
        }
        if ExternalTool.find("cc") != nil {
            compiler = try ExternalTool("cc", package: "gcc")
        } else {
            compiler = try ExternalTool("clang", package: "clang")
        }
    }

    /// Runs `image` to completion and returns what it printed and what the plugin counted.
    public func run(_ image: FirmwareImage) throws -> EmulatorRun {
        guard image.target.architecture == target.architecture else {
            throw FirmwareError.firmwareFailed(detail: "a \(image.target.rawValue) image given to the \(target.qemuSystem) emulator")
        }
        let work = try FileManager.default.url(
            for: .itemReplacementDirectory, in: .userDomainMask, appropriateFor: image.url.deletingLastPathComponent(), create: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let plugin = work.appendingPathComponent("instruction_counter.so")
        try compiler.run(["-O2", "-shared", "-fPIC", "-fvisibility=hidden", sources.firmwareFile("instruction_counter.c").path, "-o", plugin.path])
        let symbols = try nm.run([image.url.path])
        var pluginArguments = [plugin.path, "isa=\(image.target.pluginInstructionSet)"]
        for (argument, symbol) in [("invoke_begin", "edge_marker_invoke_begin"), ("invoke_end", "edge_marker_invoke_end"),
                                   ("operator_begin", "edge_marker_operator_begin"), ("operator_end", "edge_marker_operator_end")] {
            guard let address = Self.address(of: symbol, inSymbols: symbols) else {
                throw FirmwareError.firmwareFailed(detail: "symbol \(symbol) missing from \(image.url.lastPathComponent)")
            }
            pluginArguments.append("\(argument)=\(address)")
        }
        let report = work.appendingPathComponent("instructions.txt")
        pluginArguments.append("out=\(report.path)")
        let result = try qemu.runAllowingFailure(image.target.qemuBoardArguments + [
            "-nographic", "-monitor", "none", "-serial", "none",
            "-semihosting-config", "enable=on,target=native", "-kernel", image.url.path,
            "-plugin", pluginArguments.joined(separator: ","),
        ])
        let counts = (try? String(contentsOf: report, encoding: .utf8)) ?? ""
        // QEMU 7.2 writes the semihosting console to standard error.
        let console = result.error + result.output
        guard result.status == 0 else {
            let detail = console.split(separator: "\n").first(where: { !$0.hasPrefix("EDGE OUTPUT") }).map(String.init)
            throw FirmwareError.firmwareFailed(detail: detail ?? "\(qemu.name) exit status \(result.status)")
        }
        return try EmulatorRun(console: console, pluginReport: counts, rows: image.rows)
    }

    /// The hexadecimal address of `symbol` in `nm` output, or nil.
    static func address(of symbol: String, inSymbols symbols: String) -> String? {
        for line in symbols.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 3, fields[2] == symbol { return String(fields[0]) }
        }
        return nil
    }
}

/// What one emulated firmware run printed and executed.
public struct EmulatorRun: Sendable {
    /// The output bytes of each input row: every output tensor's, concatenated in output order.
    public let outputs: [[UInt8]]
    /// Peak stack use in bytes (the painted stack's high-water mark).
    public let peakStackBytes: Int
    /// Instructions executed by the whole run, reset to exit.
    public let total: InstructionMix
    /// Instructions inside each `invoke()` (between its markers), one entry per row.
    public let invokes: [InstructionMix]
    /// Instructions inside each operator, in execution order (rows × operators entries).
    public let operators: [InstructionMix]
    /// In an image built to dump them: each operator's output bytes as it ran, in execution order
    /// (rows × operators × outputs entries); empty otherwise.
    public let operatorOutputs: [(operator: Int, bytes: [UInt8])]

    /// Parses the firmware's semihosting console and the plugin's report; throws
    /// `firmwareFailed` when the firmware reported an error or printed fewer than `rows` outputs.
    public init(console: String, pluginReport: String, rows: Int) throws(FirmwareError) {
        var outputs: [Int: [UInt8]] = [:]
        var operatorOutputs: [(operator: Int, bytes: [UInt8])] = []
        var stack: Int?
        // Long outputs arrive in several semihosting writes that join into one console line.
        for line in console.replacingOccurrences(of: "\r", with: "").split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3, fields[0] == "EDGE" else { continue }
            switch fields[1] {
            case "OUTPUT":
                guard fields.count == 4, let row = Int(fields[2]), let bytes = Self.bytes(hex: fields[3]) else {
                    throw .firmwareFailed(detail: "malformed line '\(line.prefix(60))'")
                }
                // One line per output tensor, in output order.
                outputs[row, default: []] += bytes
            case "TENSOR":
                guard fields.count == 4, let index = Int(fields[2]), let bytes = Self.bytes(hex: fields[3]) else {
                    throw .firmwareFailed(detail: "malformed line '\(line.prefix(60))'")
                }
                operatorOutputs.append((index, bytes))
            case "STACK": stack = Int(fields[2])
            case "ERROR": throw .firmwareFailed(detail: "the firmware reported error \(fields[2])")
            default: continue
            }
        }
        guard outputs.count == rows, let stack else {
            throw .firmwareFailed(detail: "expected \(rows) outputs and a stack report, got \(outputs.count) outputs")
        }
        self.outputs = (0..<rows).map { outputs[$0] ?? [] }
        self.operatorOutputs = operatorOutputs
        peakStackBytes = stack
        var total: InstructionMix?
        var invokes: [InstructionMix] = []
        var operators: [InstructionMix] = []
        for line in pluginReport.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let first = fields.first, let mix = InstructionMix(fields: fields.dropFirst()) else { continue }
            switch first {
            case "total": total = mix
            case "invoke": invokes.append(mix)
            case "operator": operators.append(mix)
            default: continue
            }
        }
        guard let total, invokes.count == rows else {
            throw .firmwareFailed(detail: "the instruction counter reported \(invokes.count) invokes for \(rows) rows")
        }
        self.total = total
        self.invokes = invokes
        self.operators = operators
    }

    static func bytes(hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[i...i + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
