import EdgeRuntime
import Foundation

/// What `edge-distill inspect` shows about a model: operators with their work, tensors with their
/// quantization, and the totals. Encodes to JSON with top-level keys `name`, `ops`, `tensors`,
/// `macs`, `weightBytes`, `arenaBytes`, `kernels`, `workspaceBytes`, and `regionArenaBytes` for a file
/// placed across memory regions.
public struct ModelSummary: Codable, Equatable, Sendable {
    /// One operator.
    public struct Operator: Codable, Equatable, Sendable {
        /// Position in execution order.
        public var index: Int
        /// TFLite name of the operator kind.
        public var kind: String
        /// Input tensor indices (-1 for an omitted input).
        public var inputs: [Int]
        /// Output tensor indices.
        public var outputs: [Int]
        /// Multiply-accumulates.
        public var macs: Int
        /// Bytes read, including weights.
        public var bytesRead: Int
        /// Bytes written.
        public var bytesWritten: Int
    }

    /// One tensor.
    public struct Tensor: Codable, Equatable, Sendable {
        /// Index in the model.
        public var index: Int
        /// Name.
        public var name: String
        /// Dimensions.
        public var shape: [Int]
        /// `int8`, `int32` or `float32`.
        public var dtype: String
        /// Per-tensor scale, or the first channel's.
        public var scale: Float
        /// Per-tensor zero point.
        public var zeroPoint: Int
        /// Number of per-channel scales (0 for per-tensor).
        public var channelScales: Int
        /// `arena` or `constant`.
        public var storage: String
        /// The memory region of an arena tensor (0 for constants and single-arena files).
        public var region: Int
        /// Offset in its region's arena, or in the constants.
        public var offset: Int
        /// Size in bytes.
        public var bytes: Int
    }

    /// The model's name.
    public var name: String
    /// Operators in execution order.
    public var ops: [Operator]
    /// All tensors.
    public var tensors: [Tensor]
    /// Total multiply-accumulates per inference.
    public var macs: Int
    /// Bytes of constant tensors (weights, biases, shape vectors).
    public var weightBytes: Int
    /// Exact arena size, all memory regions together.
    public var arenaBytes: Int
    /// Each region's arena size, for a file placed across memory regions (`edge-distill place`);
    /// nil for a single-arena file.
    public var regionArenaBytes: [Int]?
    /// The kernels this machine runs the model with (``KernelVariant/host``).
    public var kernels: String
    /// Bytes of kernel workspace beside the arena with those kernels (packed weights, tables).
    public var workspaceBytes: Int

    /// Summarises a loaded model.
    public init(_ loaded: LoadedModel) {
        let model = loaded.model
        name = loaded.name
        ops = (0..<model.operatorCount).map { index in
            let record = model.operatorRecord(index)
            let cost = model.cost(ofOperator: index)
            return Operator(
                index: index, kind: "\(record.kind.name)", inputs: (0..<record.inputCount).map(record.input),
                outputs: (0..<record.outputCount).map(record.output), macs: cost.multiplyAccumulates,
                bytesRead: cost.bytesRead, bytesWritten: cost.bytesWritten)
        }
        tensors = (0..<model.tensorCount).map { index in
            let t = model.tensor(index)
            return Tensor(
                index: index, name: loaded.tensorName(index), shape: (0..<t.rank).map(t.dimension),
                dtype: "\(t.elementType)", scale: t.scale, zeroPoint: t.zeroPoint, channelScales: t.quantizationCount,
                storage: t.storage == .arena ? "arena" : "constant", region: t.region, offset: t.dataOffset, bytes: t.byteCount)
        }
        macs = ops.reduce(0) { $0 + $1.macs }
        weightBytes = tensors.filter { $0.storage == "constant" }.reduce(0) { $0 + $1.bytes }
        let regions = (0..<ModelFormat.maximumRegions).map { model.arenaBytes(region: $0) }
        arenaBytes = regions.reduce(0, +)
        regionArenaBytes = model.usesRegions ? regions : nil
        kernels = KernelVariant.host.description
        workspaceBytes = Interpreter.workspaceBytes(for: model, kernels: .host)
    }

    /// Pretty-printed JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// A human-readable report: an operator table, a tensor table and the totals.
    public var text: String {
        var lines = ["model \(name): \(ops.count) operators, \(tensors.count) tensors", ""]
        lines.append(row(["#", "operator", "inputs", "outputs", "MACs"], widths: [4, -18, -16, -8, 12]))
        for op in ops {
            let inputs = op.inputs.map(String.init).joined(separator: ",")
            let outputs = op.outputs.map(String.init).joined(separator: ",")
            lines.append(row(["\(op.index)", op.kind, inputs, outputs, "\(op.macs)"], widths: [4, -18, -16, -8, 12]))
        }
        lines.append("")
        // The name and shape columns are as wide as their longest entry: names are never cut.
        let nameWidth = max(4, tensors.map(\.name.count).max() ?? 0)
        let shapeWidth = max(14, tensors.map { $0.shape.map(String.init).joined(separator: "x").count }.max() ?? 0)
        let widths = [4, -nameWidth, -shapeWidth, -7, -12, 5, -8, 8]
        lines.append(row(["t", "name", "shape", "dtype", "scale", "zp", "storage", "bytes"], widths: widths))
        for t in tensors {
            let scale = t.channelScales > 1 ? "\(t.channelScales) ch" : (t.scale == 0 ? "-" : String(format: "%.6g", t.scale))
            let shape = t.shape.map(String.init).joined(separator: "x")
            let storage = t.storage == "arena" && regionArenaBytes != nil ? "arena \(t.region)" : t.storage
            lines.append(row(["\(t.index)", t.name, shape, t.dtype, scale, "\(t.zeroPoint)", storage, "\(t.bytes)"], widths: widths))
        }
        lines.append("")
        lines.append("MACs per inference: \(macs)")
        lines.append("weight bytes:       \(weightBytes)")
        lines.append("arena bytes:        \(arenaBytes)" + (regionArenaBytes.map { regions in
            " in memory regions " + regions.enumerated().filter { $0.element > 0 }.map { "\($0.offset): \($0.element)" }.joined(separator: ", ")
        } ?? ""))
        lines.append("kernels here:       \(kernels) (workspace \(workspaceBytes) bytes)")
        return lines.joined(separator: "\n")
    }

    /// Pads cells to `widths`: positive right-aligns, negative left-aligns.
    private func row(_ cells: [String], widths: [Int]) -> String {
        zip(cells, widths).map { cell, width in
            let padding = String(repeating: " ", count: max(0, abs(width) - cell.count))
            return width < 0 ? cell + padding : padding + cell
        }.joined(separator: "  ")
    }
}
