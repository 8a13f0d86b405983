/// A TFLite file with one subgraph, built field by field for the activation tests: tensors with
/// per-tensor quantization and no data, and a chain of builtin operators.
struct SingleOperatorTFLite {
    /// One tensor: shape, `TensorType` code (9 INT8, 0 FLOAT32), and optionally scale and zero point.
    struct Tensor {
        var name: String
        var shape: [Int32]
        var type: Int8
        var quantization: (scale: Float, zeroPoint: Int64)?
    }

    /// One operator: builtin code, tensors, and the options union's type and table.
    struct Operator {
        var code: Int32
        var inputs: [Int32]
        var outputs: [Int32]
        var optionsType: UInt8 = 0
        var options: [Int: Node]? = nil
    }

    var tensors: [Tensor]
    var operators: [Operator]
    var inputs: [Int32] = [0]
    var outputs: [Int32]

    /// The file bytes.
    func serialized() -> [UInt8] {
        var codes: [Int32] = []
        for op in operators where !codes.contains(op.code) { codes.append(op.code) }
        let tensorTables: [Node] = tensors.map { tensor in
            var fields: [Int: Node] = [0: .int32Vector(tensor.shape), 1: .int8(tensor.type), 2: .uint32(0), 3: .string(tensor.name)]
            if let q = tensor.quantization { fields[4] = .table([2: .floatVector([q.scale]), 3: .int64Vector([q.zeroPoint])]) }
            return .table(fields)
        }
        let operatorTables: [Node] = operators.map { op in
            var fields: [Int: Node] = [
                0: .uint32(UInt32(codes.firstIndex(of: op.code)!)), 1: .int32Vector(op.inputs), 2: .int32Vector(op.outputs),
            ]
            if let options = op.options {
                fields[3] = .uint8(op.optionsType)
                fields[4] = .table(options)
            }
            return .table(fields)
        }
        let subgraph: Node = .table([0: .tableVector(tensorTables), 1: .int32Vector(inputs), 2: .int32Vector(outputs), 3: .tableVector(operatorTables)])
        let operatorCodes: [Node] = codes.map { .table([0: .int8(Int8(min($0, 127))), 2: .int32(1), 3: .int32($0)]) }
        return Node.table([0: .uint32(3), 1: .tableVector(operatorCodes), 2: .tableVector([subgraph]), 4: .tableVector([.table([:])])])
            .file()
    }

    /// A FlatBuffer value: scalars inline in their table, everything else after it behind a forward offset.
    indirect enum Node {
        case uint8(UInt8), int8(Int8), int32(Int32), uint32(UInt32), float32(Float)
        case table([Int: Node]), tableVector([Node]), int32Vector([Int32]), int64Vector([Int64]), floatVector([Float])
        case string(String)

        /// The file: root offset, `TFL3`, then this node.
        func file() -> [UInt8] {
            var output: [UInt8] = [0, 0, 0, 0] + Array("TFL3".utf8)
            let root = write(into: &output)
            Self.patch(&output, at: 0, UInt32(root))
            return output
        }

        private var scalar: [UInt8]? {
            switch self {
            case .uint8(let v): return [v]
            case .int8(let v): return [UInt8(bitPattern: v)]
            case .int32(let v): return Self.bytes(UInt64(UInt32(bitPattern: v)), 4)
            case .uint32(let v): return Self.bytes(UInt64(v), 4)
            case .float32(let v): return Self.bytes(UInt64(v.bitPattern), 4)
            default: return nil
            }
        }

        private static func bytes(_ value: UInt64, _ width: Int) -> [UInt8] {
            (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
        }

        private static func patch(_ output: inout [UInt8], at position: Int, _ value: UInt32) {
            for i in 0..<4 { output[position + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
        }

        private static func vector(_ elements: [[UInt8]], into output: inout [UInt8]) -> Int {
            let start = output.count
            output += bytes(UInt64(elements.count), 4) + elements.flatMap { $0 }
            return start
        }

        /// Appends the node and what it refers to; returns where the node starts.
        private func write(into output: inout [UInt8]) -> Int {
            switch self {
            case .table(let fields):
                let identifiers = fields.keys.sorted()
                var slots = Array(repeating: 0, count: (identifiers.last ?? -1) + 1)
                var size = 4
                for id in identifiers {
                    slots[id] = size
                    size += fields[id]!.scalar?.count ?? 4
                }
                let vtable = output.count
                output += Self.bytes(UInt64(4 + 2 * slots.count), 2) + Self.bytes(UInt64(size), 2)
                for slot in slots { output += Self.bytes(UInt64(slot), 2) }
                let table = output.count
                output += Self.bytes(UInt64(table - vtable), 4)
                var references: [(Int, Node)] = []
                for id in identifiers {
                    if let bytes = fields[id]!.scalar {
                        output += bytes
                    } else {
                        references.append((output.count, fields[id]!))
                        output += [0, 0, 0, 0]
                    }
                }
                for (position, node) in references { Self.patch(&output, at: position, UInt32(node.write(into: &output) - position)) }
                return table
            case .tableVector(let elements):
                let start = Self.vector(Array(repeating: [0, 0, 0, 0], count: elements.count), into: &output)
                for (i, element) in elements.enumerated() {
                    let slot = start + 4 + 4 * i
                    Self.patch(&output, at: slot, UInt32(element.write(into: &output) - slot))
                }
                return start
            case .int32Vector(let values): return Self.vector(values.map { Self.bytes(UInt64(UInt32(bitPattern: $0)), 4) }, into: &output)
            case .int64Vector(let values): return Self.vector(values.map { Self.bytes(UInt64(bitPattern: $0), 8) }, into: &output)
            case .floatVector(let values): return Self.vector(values.map { Self.bytes(UInt64($0.bitPattern), 4) }, into: &output)
            case .string(let text):
                let start = Self.vector(text.utf8.map { [$0] }, into: &output)
                output.append(0)
                return start
            case .uint8, .int8, .int32, .uint32, .float32:
                return Self.vector([scalar!], into: &output)
            }
        }
    }
}
