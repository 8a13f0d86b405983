import EdgeRuntime

/// Turns a ``Graph`` into the bytes of an `.edm` model file (docs/FORMAT.md): tensor and operator
/// records, precomputed kernel parameters, 16-byte aligned constants, and the arena plan.
///
/// The written bytes are validated by the runtime's own `Model(bytes:)` before they are returned,
/// so a writer bug can never produce a file the runtime would run incorrectly.
public struct ModelWriter: Sendable {
    /// The planner that places activation tensors in the arena.
    public var planner: ArenaPlanner

    /// The most bytes one tensor, and the whole arena, may take: sizes, offsets and strides in the
    /// file are 32-bit words.
    public static let maximumTensorBytes = Int(Int32.max)

    /// Creates a writer.
    public init(planner: ArenaPlanner = ArenaPlanner()) {
        self.planner = planner
    }

    /// The arena plan for `graph`: an offset per tensor (`nil` for constants and unused tensors) and
    /// each operator's scratch buffer (``scratchBytes(forOperator:in:)``; zero bytes for none), placed
    /// like a tensor alive during that operator only.
    public func arenaPlan(for graph: Graph) -> (offsets: [Int?], scratch: [(offset: Int, byteCount: Int)], plan: ArenaPlanner.Plan) {
        let lifetimes = TensorLifetimes(graph: graph)
        var bufferOfRoot: [Int: Int] = [:]
        var buffers: [ArenaPlanner.Buffer] = []
        for index in graph.tensors.indices {
            guard let interval = lifetimes.intervals[index] else { continue }
            let root = lifetimes.aliasRoot[index]
            let size = graph.tensors[index].byteCount
            if let existing = bufferOfRoot[root] {
                buffers[existing].firstOperator = min(buffers[existing].firstOperator, interval.first)
                buffers[existing].lastOperator = max(buffers[existing].lastOperator, interval.last)
                buffers[existing].byteCount = max(buffers[existing].byteCount, size)
            } else {
                bufferOfRoot[root] = buffers.count
                buffers.append(ArenaPlanner.Buffer(byteCount: size, firstOperator: interval.first, lastOperator: interval.last))
            }
        }
        var bufferOfScratch: [Int: Int] = [:]
        for index in graph.operators.indices {
            let bytes = Self.scratchBytes(forOperator: index, in: graph)
            guard bytes > 0 else { continue }
            bufferOfScratch[index] = buffers.count
            buffers.append(ArenaPlanner.Buffer(byteCount: bytes, firstOperator: index, lastOperator: index))
        }
        let plan = planner.plan(buffers)
        let offsets: [Int?] = graph.tensors.indices.map { index in
            guard lifetimes.intervals[index] != nil, let buffer = bufferOfRoot[lifetimes.aliasRoot[index]] else { return nil }
            return plan.offsets[buffer]
        }
        let scratch = graph.operators.indices.map { index in
            bufferOfScratch[index].map { (offset: plan.offsets[$0], byteCount: buffers[$0].byteCount) } ?? (offset: 0, byteCount: 0)
        }
        return (offsets, scratch, plan)
    }

    /// The arena scratch bytes operator `index` gets: what the packed Cortex-M kernels gather their
    /// inputs into (the windows of CONV_2D and TRANSPOSE_CONV, FULLY_CONNECTED's input row,
    /// BATCH_MATMUL's right-hand columns); zero for the other kinds.
    public static func scratchBytes(forOperator index: Int, in graph: Graph) -> Int {
        let op = graph.operators[index]
        let filter = op.inputs.count > 1 && graph.tensors.indices.contains(op.inputs[1]) ? graph.tensors[op.inputs[1]].shape : []
        switch op.kind {
        case .conv2D:
            guard filter.count == 4 else { return 0 }
            return Conv2D.packedScratchBytes(filterHeight: filter[1], filterWidth: filter[2], inputDepth: filter[3], outputDepth: filter[0])
        case .fullyConnected:
            guard filter.count == 2 else { return 0 }
            return FullyConnected.packedScratchBytes(inputDepth: filter[1])
        case .transposeConv2D:
            guard filter.count == 4 else { return 0 }
            return TransposeConv2D.packedScratchBytes(
                filterHeight: filter[1], filterWidth: filter[2], strideHeight: max(1, op.options.strideHeight),
                strideWidth: max(1, op.options.strideWidth), inputDepth: filter[3])
        case .batchMatMul:
            let lhs = op.inputs.first.flatMap { graph.tensors.indices.contains($0) ? graph.tensors[$0].shape : nil } ?? []
            guard lhs.count >= 2 else { return 0 }
            return BatchMatMul.packedScratchBytes(depth: op.options.adjointLeft ? lhs[lhs.count - 2] : lhs[lhs.count - 1])
        case .depthwiseConv2D, .averagePool2D, .maxPool2D, .add, .reshape, .softmax, .quantize, .dequantize, .concatenation,
            .mean, .sum, .reduceMax, .pad, .padV2, .transpose, .slice, .stridedSlice, .split, .splitV, .pack, .unpack,
            .argMax, .gather, .resizeNearestNeighbor, .resizeBilinear:
            return 0
        case .logistic, .tanh, .hardSwish, .leakyRelu, .relu, .relu6, .rsqrt, .neg:
            return 0
        case .sub, .mul, .squaredDifference, .maximum, .minimum, .prelu:
            return 0
        }
    }

    /// Writes `graph` as model-file bytes.
    public func write(_ graph: Graph) throws(ModelWriterError) -> [UInt8] {
        try checkIndices(graph)
        let parameters = OperatorParameters(graph: graph)
        var parameterWords: [Int32] = []
        var parameterRanges: [(start: Int, count: Int)] = []
        var problems: [ModelWriterError] = []
        for index in graph.operators.indices {
            do {
                let words = try parameters.words(forOperator: index)
                parameterRanges.append((parameterWords.count, words.count))
                parameterWords += words
            } catch {
                problems.append(error)
            }
        }
        // Every operator the runtime cannot take is named, not only the first.
        if problems.count == 1 { throw problems[0] }
        if problems.count > 1 { throw .operators(problems) }
        let (offsets, scratch, plan) = arenaPlan(for: graph)
        guard plan.arenaBytes <= Self.maximumTensorBytes else {
            throw .tooLarge(reason: "its arena needs \(plan.arenaBytes) bytes, more than \(Self.maximumTensorBytes)")
        }

        // Constants, names and per-channel quantization.
        var constants = ByteBuffer()
        var names = ByteBuffer()
        names.append(contentsOf: Array(graph.name.utf8))
        let modelNameBytes = names.count
        var quantization = ByteBuffer()
        var tensorRecords = ByteBuffer()
        for (index, tensor) in graph.tensors.enumerated() {
            let storage: TensorStorage
            let dataOffset: Int
            if let data = tensor.constantData {
                guard data.count == tensor.byteCount else {
                    throw .invalidTensor(index: index, reason: "constant data has \(data.count) bytes, shape needs \(tensor.byteCount)")
                }
                constants.align(to: ModelFormat.alignment)
                storage = .constant
                dataOffset = constants.count
                constants.append(contentsOf: data)
            } else {
                storage = .arena
                dataOffset = offsets[index] ?? 0
            }
            let nameStart = names.count
            names.append(contentsOf: Array(tensor.name.utf8))
            let q = tensor.quantization
            let quantizationStart = quantization.count / ModelFormat.quantizationEntryBytes
            var quantizationCount = 0
            if let q, q.isPerChannel {
                guard q.scales.count == q.zeroPoints.count, q.channelAxis >= 0, q.channelAxis < tensor.shape.count,
                    tensor.shape[q.channelAxis] == q.scales.count
                else {
                    throw .invalidTensor(index: index, reason: "\(q.scales.count) per-channel scales do not match axis \(q.channelAxis) of shape \(tensor.shape)")
                }
                for (scale, zeroPoint) in zip(q.scales, q.zeroPoints) {
                    quantization.append(scale.bitPattern)
                    quantization.append(UInt32(bitPattern: zeroPoint))
                }
                quantizationCount = q.scales.count
            }
            var record = ByteBuffer()
            record.append(tensor.elementType.rawValue)
            record.append(UInt8(tensor.shape.count))
            record.append(storage.rawValue)
            record.append(UInt8(0))
            for axis in 0..<ModelFormat.maximumRank {
                record.append(UInt32(axis < tensor.shape.count ? tensor.shape[axis] : 0))
            }
            record.append(UInt32(dataOffset))
            record.append(UInt32(tensor.byteCount))
            record.append((q?.scale ?? 0).bitPattern)
            record.append(UInt32(bitPattern: q?.zeroPoint ?? 0))
            record.append(UInt32(quantizationStart))
            record.append(UInt32(quantizationCount))
            record.append(UInt32(q?.channelAxis ?? 0))
            record.append(UInt32(nameStart))
            record.append(UInt32(names.count - nameStart))
            precondition(record.count == ModelFormat.tensorRecordBytes)
            tensorRecords.append(contentsOf: record.bytes)
        }

        var operatorRecords = ByteBuffer()
        var operatorTensors = ByteBuffer()
        for (index, op) in graph.operators.enumerated() {
            let listStart = operatorTensors.count / 4
            for tensor in op.inputs + op.outputs { operatorTensors.append(UInt32(bitPattern: Int32(tensor))) }
            operatorRecords.append(op.kind.rawValue)
            operatorRecords.append(UInt16(0))
            operatorRecords.append(UInt32(listStart))
            operatorRecords.append(UInt16(op.inputs.count))
            operatorRecords.append(UInt16(op.outputs.count))
            operatorRecords.append(UInt32(parameterRanges[index].start))
            operatorRecords.append(UInt32(parameterRanges[index].count))
            operatorRecords.append(UInt32(scratch[index].offset))
            operatorRecords.append(UInt32(scratch[index].byteCount))
            operatorRecords.append(UInt32(0))
        }
        var parameterBytes = ByteBuffer()
        for word in parameterWords { parameterBytes.append(UInt32(bitPattern: word)) }
        var graphIO = ByteBuffer()
        for tensor in graph.inputs + graph.outputs { graphIO.append(UInt32(bitPattern: Int32(tensor))) }

        // Layout: header, section table, then each section 16-byte aligned.
        let sections: [(SectionKind, [UInt8])] = [
            (.tensors, tensorRecords.bytes), (.operators, operatorRecords.bytes),
            (.operatorTensors, operatorTensors.bytes), (.parameters, parameterBytes.bytes),
            (.constants, constants.bytes), (.graphIO, graphIO.bytes),
            (.quantization, quantization.bytes), (.names, names.bytes),
        ]
        var body = ByteBuffer()
        let tableBytes = sections.count * ModelFormat.sectionEntryBytes
        let sectionBytes = sections.reduce(0) { $0 + $1.1.count + ModelFormat.alignment }
        guard ModelFormat.headerBytes + tableBytes + sectionBytes <= Int(UInt32.max) else {
            throw .tooLarge(reason: "the file would have more than \(UInt32.max) bytes")
        }
        var table = ByteBuffer()
        var cursor = ModelFormat.headerBytes + tableBytes
        for (kind, bytes) in sections {
            cursor = (cursor + ModelFormat.alignment - 1) / ModelFormat.alignment * ModelFormat.alignment
            table.append(kind.rawValue)
            table.append(UInt32(cursor))
            table.append(UInt32(bytes.count))
            table.append(UInt32(0))
            cursor += bytes.count
        }
        body.append(contentsOf: table.bytes)
        for (_, bytes) in sections {
            body.align(to: ModelFormat.alignment, base: ModelFormat.headerBytes)
            body.append(contentsOf: bytes)
        }
        let fileBytes = ModelFormat.headerBytes + body.count
        var header = ByteBuffer()
        header.append(ModelFormat.magic)
        header.append(ModelFormat.majorVersion)
        header.append(ModelFormat.minorVersion)
        header.append(UInt32(0))
        header.append(UInt32(ModelFormat.headerBytes))
        header.append(UInt32(fileBytes))
        let checksum = body.bytes.withUnsafeBytes { Checksum.crc32($0) }
        header.append(checksum)
        header.append(UInt32(plan.arenaBytes))
        header.append(UInt32(sections.count))
        header.append(UInt32(graph.tensors.count))
        header.append(UInt32(graph.operators.count))
        header.append(UInt32(graph.inputs.count))
        header.append(UInt32(graph.outputs.count))
        header.append(UInt32(modelNameBytes))
        while header.count < ModelFormat.headerBytes { header.append(UInt8(0)) }
        let file = header.bytes + body.bytes
        do {
            _ = try LoadedModel(bytes: file)
        } catch {
            throw .rejectedByRuntime(error)
        }
        return file
    }

    func checkIndices(_ graph: Graph) throws(ModelWriterError) {
        for (index, op) in graph.operators.enumerated() {
            for tensor in op.inputs where tensor < -1 || tensor >= graph.tensors.count {
                throw .invalidTensorIndex(operator: index, index: tensor)
            }
            for tensor in op.outputs where tensor < 0 || tensor >= graph.tensors.count {
                throw .invalidTensorIndex(operator: index, index: tensor)
            }
        }
        for (index, tensor) in graph.tensors.enumerated() {
            guard tensor.shape.count <= ModelFormat.maximumRank else {
                throw .invalidTensor(index: index, reason: "rank \(tensor.shape.count) is above \(ModelFormat.maximumRank)")
            }
            guard tensor.shape.allSatisfy({ $0 >= 1 }) else {
                throw .invalidTensor(index: index, reason: "shape \(tensor.shape) has a dimension below 1")
            }
            // Every size, offset and stride the file holds is a 32-bit word; bounding each tensor's
            // bytes by Int32.max bounds every element count and every stride derived from a shape.
            var bytes = tensor.elementType.byteWidth
            for dimension in tensor.shape {
                let (product, overflow) = bytes.multipliedReportingOverflow(by: dimension)
                guard !overflow, product <= Self.maximumTensorBytes else {
                    throw .invalidTensor(index: index, reason: "shape \(tensor.shape) needs more than \(Self.maximumTensorBytes) bytes")
                }
                bytes = product
            }
            if let q = tensor.quantization {
                guard q.scales.count == q.zeroPoints.count, !q.scales.isEmpty else {
                    throw .invalidTensor(index: index, reason: "\(q.scales.count) scales and \(q.zeroPoints.count) zero points")
                }
                guard q.scales.count == 1 || (tensor.shape.indices.contains(q.channelAxis) && tensor.shape[q.channelAxis] == q.scales.count) else {
                    throw .invalidTensor(index: index, reason: "\(q.scales.count) per-channel scales along axis \(q.channelAxis) of shape \(tensor.shape)")
                }
            }
        }
        guard !graph.inputs.isEmpty, !graph.outputs.isEmpty else { throw .invalidGraphIO(reason: "the graph needs at least one input and one output") }
        for tensor in graph.inputs + graph.outputs {
            guard tensor >= 0, tensor < graph.tensors.count else { throw .invalidGraphIO(reason: "tensor \(tensor) does not exist") }
            guard !graph.tensors[tensor].isConstant else { throw .invalidGraphIO(reason: "tensor \(tensor) is a constant") }
        }
    }
}

/// A growable little-endian byte buffer for writing records.
struct ByteBuffer {
    private(set) var bytes: [UInt8] = []

    var count: Int { bytes.count }

    mutating func append<Integer: FixedWidthInteger>(_ value: Integer) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(contentsOf data: [UInt8]) { bytes.append(contentsOf: data) }

    /// Pads with zeros until `(base + count)` is a multiple of `alignment`.
    mutating func align(to alignment: Int, base: Int = 0) {
        while (base + bytes.count) % alignment != 0 { bytes.append(0) }
    }
}
