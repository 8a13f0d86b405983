/// Reads TensorFlow Lite flatbuffers (`.tflite`, schema version 3) into the graph IR.
///
/// The reader is written from the public schema (`tensorflow/lite/schema/schema.fbs`) and needs
/// neither FlatBuffers nor TensorFlow. It checks every offset and length against the file, so a
/// truncated or hostile file is rejected with a `TFLiteImportError` and never crashes the host.
///
/// Only subgraph 0 (TFLite's main graph) is imported; further subgraphs (bodies of WHILE/IF, or
/// signatures) are ignored. Supported operators: ADD, AVERAGE_POOL_2D, CONV_2D, DEPTHWISE_CONV_2D,
/// DEQUANTIZE, FULLY_CONNECTED, MAX_POOL_2D, QUANTIZE, RESHAPE and SOFTMAX, with fused NONE, RELU,
/// RELU_N1_TO_1 or RELU6 activations; supported tensor types: FLOAT32, INT32 and INT8 with
/// per-tensor or per-channel affine quantization.
public enum TFLiteImporter {
    /// Parses a `.tflite` file (subgraph 0) into a `Graph` called `name`.
    ///
    /// Tensor indices are preserved exactly (`graph.tensors[i]` is TFLite tensor `i`), except that
    /// empty tensors no operator uses are dropped (see `droppingEmptyTensors`), and so is the
    /// operator order. A tensor is constant when its buffer holds data (inside the FlatBuffer, or
    /// past it through the buffer's `offset`/`size` fields of large models); its bytes must be
    /// exactly its element count times its element size.
    ///
    /// - Throws: `TFLiteImportError` naming the byte of a malformed structure, or the operator or
    ///   tensor (index and name) that the runtime cannot execute.
    public static func importGraph(from bytes: [UInt8], name: String) throws(TFLiteImportError) -> Graph {
        var converter = try TFLiteModelConverter(bytes: bytes)
        return try converter.convertMainSubgraph(named: name)
    }
}

/// The state of one import: the file, the root tables, and the constant buffers already read.
struct TFLiteModelConverter {
    /// The schema version the importer reads (TFLite's `TFLITE_SCHEMA_VERSION`).
    static let schemaVersion: UInt32 = 3
    /// The largest element count a tensor may have (TFLite sizes are 32-bit on devices).
    static let maximumElementCount = Int(Int32.max)

    /// The file.
    let reader: FlatBufferReader
    /// `Model.operator_codes`; `nil` when absent.
    let operatorCodes: FlatBufferVector?
    /// `Model.buffers`; `nil` when absent.
    let buffers: FlatBufferVector?
    /// `Model.subgraphs[0]`.
    let subgraph: FlatBufferTable
    /// `SubGraph.tensors`; `nil` when absent.
    let tensorTable: FlatBufferVector?
    /// Tensors converted so far, in index order (operators look up shapes here).
    var tensors: [TensorDescription] = []
    /// Buffer contents already read, by buffer index, so that tensors sharing a buffer share storage.
    var bufferCache: [Int: [UInt8]] = [:]
    /// Bytes the import may still allocate for decoded arrays, strings and descriptions.
    ///
    /// FlatBuffer offsets may point many tables at the same vector, so a small hostile file could
    /// otherwise decode into gigabytes. A converter-written file decodes into about twice its size;
    /// the budget is eight times the file plus 1 MiB.
    var remainingDecodeBudget: Int

    /// Checks the header and locates the root tables.
    init(bytes: [UInt8]) throws(TFLiteImportError) {
        let reader = FlatBufferReader(bytes: bytes)
        guard bytes.count >= 8 else {
            throw .malformed("the file has \(bytes.count) bytes, fewer than the 8-byte header", at: 0)
        }
        let identifier = Array(bytes[4..<8])
        guard identifier == tfliteFileIdentifier else {
            let shown = identifier.map { (32..<127).contains($0) ? String(UnicodeScalar($0)) : "." }.joined()
            throw .malformed("file identifier is '\(shown)', not 'TFL3'", at: 4)
        }
        let model = try reader.table(referencedAt: 0, reading: "Model")
        let version = try model.uint32(ModelField.version)
        guard version == Self.schemaVersion else {
            throw .unsupportedModel("TFLite schema version \(version) is not supported (expected \(Self.schemaVersion))")
        }
        guard let subgraphs = try model.vector(ModelField.subgraphs, elementWidth: 4), subgraphs.count > 0 else {
            throw .invalid("the model has no subgraph")
        }
        self.reader = reader
        self.remainingDecodeBudget = 8 * bytes.count + (1 << 20)
        self.operatorCodes = try model.vector(ModelField.operatorCodes, elementWidth: 4)
        self.buffers = try model.vector(ModelField.buffers, elementWidth: 4)
        self.subgraph = try subgraphs.table(at: 0)
        self.tensorTable = try subgraph.vector(SubgraphField.tensors, elementWidth: 4)
    }

    /// Converts subgraph 0: tensors first, then graph inputs and outputs, then operators.
    ///
    /// A damaged file stops the import at once. What the runtime cannot execute (an operator, an
    /// option, a tensor type) does not: every such problem is collected and all are named in one error.
    mutating func convertMainSubgraph(named name: String) throws(TFLiteImportError) -> Graph {
        var problems = UnsupportedFeatures()
        let tensorCount = tensorTable?.count ?? 0
        tensors.reserveCapacity(tensorCount)
        for index in 0..<tensorCount {
            try charge(MemoryLayout<TensorDescription>.stride, decoding: "tensor \(index)")
            do {
                tensors.append(try convertTensor(at: index))
            } catch where error.isUnsupportedFeature {
                problems.append(error)
                tensors.append(TensorDescription(name: "", shape: [], elementType: .int8))
            }
        }
        let inputs = try graphEndpoints(SubgraphField.inputs, describing: "graph input")
        let outputs = try graphEndpoints(SubgraphField.outputs, describing: "graph output")

        var operators: [OperatorDescription] = []
        if let operatorTables = try subgraph.vector(SubgraphField.operators, elementWidth: 4) {
            operators.reserveCapacity(operatorTables.count)
            for index in 0..<operatorTables.count {
                try charge(MemoryLayout<OperatorDescription>.stride, decoding: "operator \(index)")
                do {
                    operators.append(try convertOperator(try operatorTables.table(at: index), index: index))
                } catch where error.isUnsupportedFeature {
                    problems.append(error)
                }
            }
        }
        try problems.throwIfAny()
        return Self.droppingEmptyTensors(
            Graph(name: name, tensors: tensors, operators: operators, inputs: inputs, outputs: outputs))
    }

    /// RESHAPE keeps only its data input (the output tensor holds the new shape, so the shape vector
    /// is never read); then tensors with no elements that nothing reads or writes (an empty shape
    /// vector, for a reshape to a scalar) are removed and the indices above them move down by one.
    static func droppingEmptyTensors(_ graph: Graph) -> Graph {
        var graph = graph
        for index in graph.operators.indices where graph.operators[index].kind == .reshape {
            graph.operators[index].inputs = Array(graph.operators[index].inputs.prefix(1))
        }
        var used = Set(graph.inputs + graph.outputs)
        for op in graph.operators { used.formUnion(op.inputs + op.outputs) }
        let removed = graph.tensors.indices.filter { graph.tensors[$0].elementCount == 0 && !used.contains($0) }
        guard !removed.isEmpty else { return graph }
        var newIndex = [Int](repeating: -1, count: graph.tensors.count)
        var next = 0
        for index in graph.tensors.indices where !removed.contains(index) {
            newIndex[index] = next
            next += 1
        }
        func renumber(_ t: Int) -> Int { t < 0 ? t : newIndex[t] }
        graph.tensors = graph.tensors.indices.filter { newIndex[$0] >= 0 }.map { graph.tensors[$0] }
        graph.inputs = graph.inputs.map(renumber)
        graph.outputs = graph.outputs.map(renumber)
        for index in graph.operators.indices {
            graph.operators[index].inputs = graph.operators[index].inputs.map(renumber)
            graph.operators[index].outputs = graph.operators[index].outputs.map(renumber)
        }
        return graph
    }

    /// Takes `byteCount` bytes from the decode budget, or throws when it is spent.
    mutating func charge(_ byteCount: Int, decoding what: @autoclosure () -> String) throws(TFLiteImportError) {
        guard byteCount <= remainingDecodeBudget else {
            throw .invalid(
                "decoding \(what()) exceeds \(8 * reader.count + (1 << 20)) bytes, eight times the file; "
                    + "its tables share data far more than any converter writes")
        }
        remainingDecodeBudget -= byteCount
    }

    /// A vector of signed 32-bit integers as `Int`s (empty when absent), charged to the decode budget.
    mutating func decodeInt32Array<Field: FlatBufferField>(_ field: Field, of table: FlatBufferTable, _ what: String)
        throws(TFLiteImportError) -> [Int]
    {
        if let vector = try table.vector(field, elementWidth: 4) {
            try charge(vector.count * MemoryLayout<Int>.stride, decoding: what)
        }
        return try table.int32Array(field)
    }

    /// A string (nil when absent), charged to the decode budget.
    mutating func decodeString<Field: FlatBufferField>(_ field: Field, of table: FlatBufferTable, _ what: String)
        throws(TFLiteImportError) -> String?
    {
        guard let vector = try table.vector(field, elementWidth: 1) else { return nil }
        try charge(vector.count, decoding: what)
        return try table.string(field)
    }

    /// `SubGraph.inputs` or `SubGraph.outputs`, each checked to be a tensor index.
    private mutating func graphEndpoints(_ field: SubgraphField, describing what: String) throws(TFLiteImportError) -> [Int] {
        let indices = try decodeInt32Array(field, of: subgraph, "the \(what)s")
        for (position, index) in indices.enumerated() where !tensors.indices.contains(index) {
            throw .invalid("\(what) \(position) refers to tensor \(index); the subgraph has \(tensors.count) tensors")
        }
        return indices
    }
}
