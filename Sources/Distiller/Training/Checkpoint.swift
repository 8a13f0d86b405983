import EdgeRuntime
import Foundation

/// Why a checkpoint could not be read or used; prints as one line.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    /// The bytes are not a checkpoint of a version this code reads.
    case malformed(path: String, reason: String)
    /// The checkpoint holds another network than the one requested.
    case architectureMismatch(path: String, checkpoint: String, requested: String)

    /// One line for the user.
    public var description: String {
        switch self {
        case .malformed(let path, let reason): "\(path): not a usable checkpoint: \(reason)"
        case .architectureMismatch(let path, let checkpoint, let requested):
            "\(path) holds a network of architecture '\(checkpoint)', not '\(requested)'"
        }
    }
}

/// A training snapshot: architecture, weights, optimizer state, history; enough to resume exactly.
///
/// File format (little-endian): magic `EDCK`, `u32` version (1, or 2 once weights are being averaged),
/// `u32` CRC-32 of everything after it, then: the architecture string, `u32` completed epochs, `u64`
/// seed, `u32` optimizer step count, named tensors (parameters then buffers), optimizer tensors, and
/// one record per finished epoch. Version 2 then adds `u32` averaged epochs and the named tensors the
/// optimizer is training (the first list then holds their average, the weights to use).
/// Strings are `u32` length + UTF-8; tensors are `u32` rank, `u32` dimensions, then `f32` values.
public struct Checkpoint: Sendable, Equatable {
    /// The `--arch` string the network was built from.
    public var architecture: String
    /// Epochs finished.
    public var epoch: Int
    /// The run's seed.
    public var seed: UInt64
    /// Parameters then buffers, with their names: the weights to evaluate, export or distill from
    /// (the average over `averagedEpochs` epochs when weights are being averaged).
    public var tensors: [NamedTensor]
    /// How many epochs' weights `tensors` averages (0: no averaging, `tensors` are the trained weights).
    public var averagedEpochs: Int
    /// The weights the optimizer is training, when they differ from `tensors` (while averaging); a
    /// resumed run continues from these.
    public var trainingTensors: [NamedTensor]
    /// The optimizer's state tensors.
    public var optimizerState: [Tensor]
    /// The optimizer's step count.
    public var optimizerStepCount: Int
    /// One record per finished epoch.
    public var history: [EpochRecord]

    /// A tensor with its parameter name.
    public struct NamedTensor: Sendable, Equatable {
        /// The parameter's name, such as `dense0.weight`.
        public var name: String
        /// Its value.
        public var value: Tensor

        /// Creates a named tensor.
        public init(name: String, value: Tensor) {
            self.name = name
            self.value = value
        }
    }

    static let magic: [UInt8] = Array("EDCK".utf8)
    static let version: UInt32 = 1
    static let averagingVersion: UInt32 = 2

    /// Creates a checkpoint from its parts.
    public init(
        architecture: String, epoch: Int, seed: UInt64, tensors: [NamedTensor], optimizerState: [Tensor],
        optimizerStepCount: Int, history: [EpochRecord], averagedEpochs: Int = 0, trainingTensors: [NamedTensor] = []
    ) {
        self.architecture = architecture
        self.epoch = epoch
        self.seed = seed
        self.tensors = tensors
        self.optimizerState = optimizerState
        self.optimizerStepCount = optimizerStepCount
        self.history = history
        self.averagedEpochs = averagedEpochs
        self.trainingTensors = trainingTensors
    }

    /// Snapshots a network (parameters and buffers) and, optionally, an optimizer.
    public init(architecture: String, network: Sequential, optimizer: (any Optimizer)?, epoch: Int, seed: UInt64, history: [EpochRecord]) {
        self.init(
            architecture: architecture, epoch: epoch, seed: seed,
            tensors: (network.parameters + network.buffers).map { NamedTensor(name: $0.name, value: $0.value) },
            optimizerState: optimizer?.state ?? [], optimizerStepCount: optimizer?.stepCount ?? 0, history: history)
    }

    /// Copies the weights (`tensors`, or `trainingTensors` for `training: true` when weights are being
    /// averaged) into `network`, which must have been built from the same architecture.
    public func restore(into network: Sequential, path: String = "checkpoint", training: Bool = false) throws(CheckpointError) {
        let source = training && averagedEpochs > 0 ? trainingTensors : tensors
        let targets = network.parameters + network.buffers
        guard targets.count == source.count else {
            throw .malformed(path: path, reason: "\(source.count) tensors for a network with \(targets.count)")
        }
        for (target, stored) in zip(targets, source) {
            guard target.value.shape == stored.value.shape else {
                throw .malformed(path: path, reason: "\(stored.name) has shape \(stored.value.shape), the network expects \(target.value.shape)")
            }
        }
        for (target, stored) in zip(targets, source) { target.value = stored.value }
    }

    /// The file's bytes.
    public func serialized() -> [UInt8] {
        var body = ByteWriter()
        body.string(architecture)
        body.u32(UInt32(epoch))
        body.u64(seed)
        body.u32(UInt32(optimizerStepCount))
        body.namedTensors(tensors)
        body.u32(UInt32(optimizerState.count))
        for tensor in optimizerState { body.tensor(tensor) }
        body.u32(UInt32(history.count))
        for record in history {
            body.u32(UInt32(record.epoch))
            for value in [record.loss, record.trainAccuracy, record.testAccuracy, record.samplesPerSecond, record.seconds, record.learningRate] {
                body.f32(value)
            }
        }
        if averagedEpochs > 0 {
            body.u32(UInt32(averagedEpochs))
            body.namedTensors(trainingTensors)
        }
        var header = ByteWriter()
        header.bytes += Checkpoint.magic
        header.u32(averagedEpochs > 0 ? Checkpoint.averagingVersion : Checkpoint.version)
        header.u32(body.bytes.withUnsafeBytes { Checksum.crc32($0) })
        return header.bytes + body.bytes
    }

    /// Parses checkpoint bytes; `path` appears in errors.
    public init(bytes: [UInt8], path: String = "checkpoint") throws(CheckpointError) {
        func fail(_ reason: String) -> CheckpointError { .malformed(path: path, reason: reason) }
        guard bytes.count >= 12, Array(bytes[0..<4]) == Checkpoint.magic else { throw fail("missing EDCK magic") }
        var reader = ByteReader(bytes: bytes, offset: 4)
        guard let version = reader.u32(), version == Checkpoint.version || version == Checkpoint.averagingVersion else {
            throw fail("unsupported version")
        }
        guard let crc = reader.u32(), crc == bytes[12...].withUnsafeBytes({ Checksum.crc32($0) }) else {
            throw fail("CRC mismatch (truncated or corrupted file)")
        }
        guard let architecture = reader.string(), let epoch = reader.u32(), let seed = reader.u64(),
              let steps = reader.u32(), let tensorCount = reader.u32()
        else { throw fail("truncated header") }
        guard let tensors = reader.namedTensors(count: tensorCount) else { throw fail("truncated tensor") }
        guard let stateCount = reader.u32() else { throw fail("truncated optimizer state") }
        var state: [Tensor] = []
        for _ in 0..<stateCount {
            guard let value = reader.tensor() else { throw fail("truncated optimizer tensor") }
            state.append(value)
        }
        guard let recordCount = reader.u32() else { throw fail("truncated history") }
        var history: [EpochRecord] = []
        for _ in 0..<recordCount {
            guard let number = reader.u32() else { throw fail("truncated history") }
            var values: [Float] = []
            for _ in 0..<6 {
                guard let value = reader.f32() else { throw fail("truncated history") }
                values.append(value)
            }
            history.append(EpochRecord(
                epoch: Int(number), loss: values[0], trainAccuracy: values[1], testAccuracy: values[2],
                samplesPerSecond: values[3], seconds: values[4], learningRate: values[5]))
        }
        var averagedEpochs = 0
        var trainingTensors: [NamedTensor] = []
        if version == Checkpoint.averagingVersion {
            guard let averaged = reader.u32(), averaged > 0, let count = reader.u32(), count == tensorCount,
                  let trained = reader.namedTensors(count: count)
            else { throw fail("truncated or inconsistent averaged weights") }
            (averagedEpochs, trainingTensors) = (Int(averaged), trained)
        }
        guard reader.offset == bytes.count else { throw fail("\(bytes.count - reader.offset) unexpected trailing bytes") }
        self.init(
            architecture: architecture, epoch: Int(epoch), seed: seed, tensors: tensors, optimizerState: state,
            optimizerStepCount: Int(steps), history: history, averagedEpochs: averagedEpochs, trainingTensors: trainingTensors)
    }

    /// Writes the checkpoint atomically: a temporary file in the same folder, then a rename, so a
    /// run killed mid-write leaves the previous checkpoint intact.
    public func write(to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        try Data(serialized()).write(to: temporary)
        if rename(temporary.path, url.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw CheckpointError.malformed(path: url.path, reason: "cannot rename the temporary file into place (errno \(errno))")
        }
    }

    /// Reads a checkpoint file.
    public static func load(from url: URL) throws -> Checkpoint {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CheckpointError.malformed(path: url.path, reason: "cannot read the file")
        }
        return try Checkpoint(bytes: [UInt8](data), path: url.path)
    }
}

struct ByteWriter {
    var bytes: [UInt8] = []
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func f32(_ value: Float) { u32(value.bitPattern) }
    mutating func string(_ value: String) {
        u32(UInt32(value.utf8.count))
        bytes += value.utf8
    }
    mutating func namedTensors(_ tensors: [Checkpoint.NamedTensor]) {
        u32(UInt32(tensors.count))
        for tensor in tensors {
            string(tensor.name)
            self.tensor(tensor.value)
        }
    }
    mutating func tensor(_ value: Tensor) {
        u32(UInt32(value.rank))
        for dimension in value.shape { u32(UInt32(dimension)) }
        bytes.reserveCapacity(bytes.count + 4 * value.count)
        for scalar in value.scalars { u32(scalar.bitPattern) }
    }
}

struct ByteReader {
    let bytes: [UInt8]
    var offset: Int

    mutating func u32() -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        defer { offset += 4 }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
    mutating func u64() -> UInt64? {
        guard let low = u32(), let high = u32() else { return nil }
        return UInt64(low) | UInt64(high) << 32
    }
    mutating func f32() -> Float? { u32().map { Float(bitPattern: $0) } }
    mutating func string() -> String? {
        guard let length = u32(), offset + Int(length) <= bytes.count else { return nil }
        defer { offset += Int(length) }
        return String(decoding: bytes[offset..<(offset + Int(length))], as: UTF8.self)
    }
    mutating func namedTensors(count: UInt32) -> [Checkpoint.NamedTensor]? {
        var tensors: [Checkpoint.NamedTensor] = []
        for _ in 0..<count {
            guard let name = string(), let value = tensor() else { return nil }
            tensors.append(Checkpoint.NamedTensor(name: name, value: value))
        }
        return tensors
    }
    mutating func tensor() -> Tensor? {
        guard let rank = u32(), rank <= 8 else { return nil }
        var shape: [Int] = []
        for _ in 0..<rank {
            guard let dimension = u32() else { return nil }
            shape.append(Int(dimension))
        }
        // The dimensions come from the file: their product may overflow, and must fit what is left.
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            count = product
        }
        guard count <= (bytes.count - offset) / 4 else { return nil }
        var scalars = [Float](repeating: 0, count: count)
        for index in 0..<count { scalars[index] = f32()! }
        return Tensor(shape: shape, scalars: scalars)
    }
}
