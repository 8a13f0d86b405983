import EdgeModel
import EdgeRuntime
import Foundation

/// A model built into firmware, run under QEMU, and checked bit for bit against the host runtime on
/// the same input rows. Creating one fails with `outputMismatch` when any output byte differs.
public struct EmulatedInference: Sendable {
    /// The firmware image that ran.
    public let image: FirmwareImage
    /// What the emulator printed and counted.
    public let run: EmulatorRun
    /// Number of operators in the model.
    public let operatorCount: Int

    /// Builds firmware for `model` with `inputs` (whole rows of input 0), runs it, and compares its
    /// outputs with the host interpreter's. The .elf is kept at `elf` when given, else in a temporary folder.
    public init(
        model: LoadedModel, inputs: [UInt8], target: FirmwareTarget, sources: FirmwareSources,
        optimization: String = "-Osize", elf: URL? = nil
    ) throws {
        let m = model.model
        guard m.inputCount == 1, m.outputCount == 1 else {
            throw FirmwareError.firmwareFailed(detail: "the firmware runs models with one input and one output (this one has \(m.inputCount) and \(m.outputCount))")
        }
        let rowBytes = m.tensor(m.inputTensorIndex(0)).byteCount
        guard rowBytes > 0, !inputs.isEmpty, inputs.count % rowBytes == 0 else { throw FirmwareError.badInputs(bytes: inputs.count, rowBytes: rowBytes) }
        let rows = inputs.count / rowBytes
        let builder = try FirmwareBuilder(target: target, sources: sources, optimization: optimization)
        let emulator = try FirmwareEmulator(sources: sources, target: target)
        let scratch = try FileManager.default.url(
            for: .itemReplacementDirectory, in: .userDomainMask, appropriateFor: URL(fileURLWithPath: NSTemporaryDirectory()), create: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = elf ?? scratch.appendingPathComponent("firmware.elf")
        image = try builder.build(model: Array(m.bytes), arenaBytes: m.arenaBytes, inputs: inputs, rows: rows, to: output)
        run = try emulator.run(image)
        operatorCount = m.operatorCount
        let expected = try Self.hostOutputs(model: m, inputs: inputs, rows: rows)
        for row in 0..<rows where run.outputs[row] != expected[row] {
            let differing = zip(run.outputs[row], expected[row]).filter { $0 != $1 }.count
            throw FirmwareError.outputMismatch(
                row: row, detail: "\(differing) of \(expected[row].count) bytes differ (sizes \(run.outputs[row].count) and \(expected[row].count))")
        }
    }

    /// The host runtime's output bytes for each row.
    static func hostOutputs(model: Model, inputs: [UInt8], rows: Int) throws -> [[UInt8]] {
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: max(model.arenaBytes, 1), alignment: ModelFormat.alignment)
        defer { arena.deallocate() }
        let interpreter = try Interpreter(model: model, arena: arena)
        let input = interpreter.inputBytes(0)
        return (0..<rows).map { row in
            inputs.withUnsafeBytes { input.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[(row * input.count)..<((row + 1) * input.count)])) }
            interpreter.invoke()
            return Array(interpreter.outputBytes(0))
        }
    }

    /// Instructions of one inference: the first row's `invoke()`.
    public var inference: InstructionMix { run.invokes[0] }

    /// Instructions of each operator in the first row's inference.
    public var perOperator: [InstructionMix] { Array(run.operators.prefix(operatorCount)) }
}
