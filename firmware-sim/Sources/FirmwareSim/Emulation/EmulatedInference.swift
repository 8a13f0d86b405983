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

    /// Builds firmware for `model` with `inputs` (whole rows: every input tensor's bytes, in input
    /// order), runs it with `kernels` (default: the target's fastest), and compares its outputs with
    /// the host's portable kernels. The .elf is kept at `elf` when given, else in a temporary folder.
    public init(
        model: LoadedModel, inputs: [UInt8], target: FirmwareTarget, sources: FirmwareSources,
        optimization: String = "-Osize", kernels: KernelVariant? = nil, elf: URL? = nil
    ) throws {
        let m = model.model
        let rowBytes = (0..<m.inputCount).reduce(0) { $0 + m.tensor(m.inputTensorIndex($1)).byteCount }
        guard rowBytes > 0, !inputs.isEmpty, inputs.count % rowBytes == 0 else { throw FirmwareError.badInputs(bytes: inputs.count, rowBytes: rowBytes) }
        let rows = inputs.count / rowBytes
        let builder = try FirmwareBuilder(target: target, sources: sources, optimization: optimization, kernels: kernels)
        let emulator = try FirmwareEmulator(sources: sources, target: target)
        let scratch = try FileManager.default.url(
            for: .itemReplacementDirectory, in: .userDomainMask, appropriateFor: URL(fileURLWithPath: NSTemporaryDirectory()), create: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = elf ?? scratch.appendingPathComponent("firmware.elf")
        image = try builder.build(model: Array(m.bytes), inputs: inputs, rows: rows, to: output)
        run = try emulator.run(image)
        operatorCount = m.operatorCount
        let expected = try Self.hostOutputs(model: model, inputs: inputs, rows: rows)
        for row in 0..<rows where run.outputs[row] != expected[row] {
            let differing = zip(run.outputs[row], expected[row]).filter { $0 != $1 }.count
            throw FirmwareError.outputMismatch(
                row: row, detail: "\(differing) of \(expected[row].count) bytes differ (sizes \(run.outputs[row].count) and \(expected[row].count))")
        }
    }

    /// The host runtime's output bytes for each row (every output, concatenated), portable kernels.
    static func hostOutputs(model loaded: LoadedModel, inputs: [UInt8], rows: Int) throws -> [[UInt8]] {
        let interpreter = try ModelRunner(loaded, kernels: .portable)
        let model = loaded.model
        var offset = 0
        return inputs.withUnsafeBytes { bytes in
            (0..<rows).map { _ in
                for index in 0..<model.inputCount {
                    let input = interpreter.inputBytes(index)
                    input.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + input.count)]))
                    offset += input.count
                }
                interpreter.invoke()
                return (0..<model.outputCount).flatMap { Array(interpreter.outputBytes($0)) }
            }
        }
    }

    /// Instructions of one inference: the first row's `invoke()`.
    public var inference: InstructionMix { run.invokes[0] }

    /// Instructions of each operator in the first row's inference.
    public var perOperator: [InstructionMix] { Array(run.operators.prefix(operatorCount)) }
}
