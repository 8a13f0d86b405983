import EdgeRuntime

/// When each activation tensor of a graph must keep its bytes, and which tensors share bytes.
///
/// A tensor is alive from the operator that writes it (or the first operator, for graph inputs)
/// to the last operator that reads it (or the last operator, for graph outputs), inclusive. This
/// is the same rule the runtime checks when it validates a plan. A RESHAPE output shares its
/// input's bytes: both belong to one alias group whose lifetime is the union of theirs.
public struct TensorLifetimes: Sendable {
    /// `(first, last)` operator per tensor; `nil` for constants and tensors no operator touches.
    public var intervals: [(first: Int, last: Int)?]
    /// For each tensor, the tensor whose bytes it uses (itself unless it is a RESHAPE output).
    public var aliasRoot: [Int]

    /// Computes lifetimes for `graph`.
    public init(graph: Graph) {
        let count = graph.tensors.count
        var first = [Int?](repeating: nil, count: count)
        var last = [Int?](repeating: nil, count: count)
        let finalOperator = max(graph.operators.count - 1, 0)
        for input in graph.inputs where input >= 0 && input < count {
            first[input] = 0
            last[input] = 0
        }
        for (index, op) in graph.operators.enumerated() {
            for output in op.outputs where output >= 0 && output < count {
                if first[output] == nil { first[output] = index }
                last[output] = max(last[output] ?? index, index)
            }
            for input in op.inputs where input >= 0 && input < count {
                last[input] = max(last[input] ?? index, index)
                if first[input] == nil { first[input] = index }
            }
        }
        for output in graph.outputs where output >= 0 && output < count {
            last[output] = finalOperator
            if first[output] == nil { first[output] = 0 }
        }
        var root = Array(0..<count)
        for op in graph.operators where op.kind == .reshape {
            guard let source = op.inputs.first, source >= 0, source < count, let target = op.outputs.first,
                target >= 0, target < count, !graph.tensors[source].isConstant
            else { continue }
            root[target] = root[source]
        }
        intervals = (0..<count).map { index in
            guard !graph.tensors[index].isConstant, let start = first[index], let end = last[index] else { return nil }
            return (start, end)
        }
        aliasRoot = root
    }

    /// Whether tensor `index` is in the arena at operator `op`.
    public func isAlive(_ index: Int, at op: Int) -> Bool {
        guard let interval = intervals[index] else { return false }
        return interval.first <= op && op <= interval.last
    }
}
