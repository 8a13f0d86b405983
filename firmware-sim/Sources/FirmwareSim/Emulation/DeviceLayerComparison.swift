import EdgeModel
import EdgeRuntime
import Foundation

/// An `.edm` run by the host runtime and by its firmware under QEMU, operator by operator: how a
/// user finds the layer where a device's kernels stop matching the host's. The image is built to
/// report every operator's outputs after it runs; the host runs the portable kernels (the
/// reference every variant is bit-exact with) over the same input rows.
public struct DeviceLayerComparison: Sendable {
    /// One operator's agreement over all rows.
    public struct Operator: Sendable, Codable, Equatable {
        /// Its position in the model.
        public var index: Int
        /// Its kind (`CONV_2D`, …).
        public var kind: String
        /// Its first output tensor's name.
        public var tensor: String
        /// Output bytes compared (all outputs, all rows).
        public var bytes: Int
        /// Bytes that differ.
        public var differingBytes: Int
        /// The largest difference of an int8 value, in steps.
        public var largestDifference: Int
    }

    /// Input rows run.
    public var rows: Int
    /// One entry per operator, in order.
    public var operators: [Operator]
    /// The first operator whose outputs differ, or nil when the device matches the host everywhere.
    public var firstDifferingOperator: Int? { operators.firstIndex { $0.differingBytes > 0 } }

    /// Builds `model`'s firmware for `target` (its `kernels`, default the fastest), runs `inputs`
    /// (whole rows, every input's bytes in order) on it and on the host, and compares every
    /// operator's outputs.
    public init(model loaded: LoadedModel, inputs: [UInt8], target: FirmwareTarget, sources: FirmwareSources, kernels: KernelVariant? = nil) throws {
        let model = loaded.model
        let rowBytes = (0..<model.inputCount).reduce(0) { $0 + model.tensor(model.inputTensorIndex($1)).byteCount }
        guard rowBytes > 0, !inputs.isEmpty, inputs.count % rowBytes == 0 else { throw FirmwareError.badInputs(bytes: inputs.count, rowBytes: rowBytes) }
        let rows = inputs.count / rowBytes
        let folder = try FileManager.default.url(
            for: .itemReplacementDirectory, in: .userDomainMask, appropriateFor: URL(fileURLWithPath: NSTemporaryDirectory()), create: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = try FirmwareBuilder(target: target, sources: sources, kernels: kernels).build(
            model: Array(model.bytes), inputs: inputs, rows: rows, to: folder.appendingPathComponent("dump.elf"), dumpingOperatorOutputs: true)
        let device = try FirmwareEmulator(sources: sources, target: target).run(image).operatorOutputs

        // The host, operator by operator.
        let runner = try ModelRunner(loaded, kernels: .portable)
        var host: [(operator: Int, bytes: [UInt8])] = []
        var offset = 0
        for _ in 0..<rows {
            for index in 0..<model.inputCount {
                let input = runner.inputBytes(index)
                inputs.withUnsafeBytes { input.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + input.count)])) }
                offset += input.count
            }
            var capture = OutputCapture(model: model) { host.append(($0, Array(runner.bytes(ofTensor: $1)))) }
            runner.invoke(observer: &capture)
        }
        operators = try Self.operators(model: loaded, device: device, host: host)
        self.rows = rows
    }

    /// Matches each operator output the device reported with the host's, in order, and counts the
    /// differing bytes per operator.
    static func operators(model loaded: LoadedModel, device: [(operator: Int, bytes: [UInt8])], host: [(operator: Int, bytes: [UInt8])]) throws -> [Operator] {
        let model = loaded.model
        guard device.count == host.count, zip(device, host).allSatisfy({ $0.operator == $1.operator && $0.bytes.count == $1.bytes.count }) else {
            throw FirmwareError.firmwareFailed(detail: "the image reported \(device.count) operator outputs, the host computed \(host.count)")
        }
        var operators = (0..<model.operatorCount).map { index in
            let record = model.operatorRecord(index)
            return Operator(index: index, kind: "\(record.kind.name)", tensor: loaded.tensorName(record.output(0)), bytes: 0, differingBytes: 0, largestDifference: 0)
        }
        for (reported, expected) in zip(device, host) {
            operators[reported.operator].bytes += expected.bytes.count
            for (a, b) in zip(reported.bytes, expected.bytes) where a != b {
                operators[reported.operator].differingBytes += 1
                let steps = abs(Int(Int8(bitPattern: a)) - Int(Int8(bitPattern: b)))
                operators[reported.operator].largestDifference = max(operators[reported.operator].largestDifference, steps)
            }
        }
        return operators
    }
}

/// Hands each operator's outputs (operator index, tensor index) to `body` after it runs.
private struct OutputCapture: OperatorObserver {
    let model: Model
    let body: (Int, Int) -> Void
    mutating func willRun(operator index: Int, kind: OperatorKind) {}
    mutating func didRun(operator index: Int, kind: OperatorKind) {
        let record = model.operatorRecord(index)
        for position in 0..<record.outputCount { body(index, record.output(position)) }
    }
}
