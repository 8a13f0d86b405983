import EdgeRuntime

/// Work and size figures of a graph, computed from shapes alone.
extension Graph {
    /// The work operator `index` does (its kind's `work(of:)` on the graph's shapes), or `nil` when
    /// the index does not exist. Hostile shapes saturate at `Int.max` rather than overflow, so any
    /// graph can be measured, validated or not.
    public func work(ofOperator index: Int) -> OperatorWork? {
        guard operators.indices.contains(index) else { return nil }
        return operators[index].kind.work(of: GraphOperands(graph: self, operator: index))
    }

    /// Multiply-accumulates operator `index` performs in one inference (0 for an unknown index).
    public func multiplyAccumulates(ofOperator index: Int) -> Int {
        work(ofOperator: index)?.multiplyAccumulates ?? 0
    }

    /// Multiply-accumulates of one inference: the sum over all operators.
    public var totalMultiplyAccumulates: Int {
        var total = 0
        for index in operators.indices {
            let (sum, overflow) = total.addingReportingOverflow(multiplyAccumulates(ofOperator: index))
            total = overflow ? Int.max : sum
        }
        return total
    }

    /// Bytes of constant data (weights, biases, shape vectors) the graph carries.
    public var constantByteCount: Int {
        var total = 0
        for tensor in tensors {
            let (sum, overflow) = total.addingReportingOverflow(tensor.constantData?.count ?? 0)
            total = overflow ? Int.max : sum
        }
        return total
    }
}

/// The operand shapes of one operator of a graph; omitted or out-of-range tensors have rank 0.
public struct GraphOperands: OperandShapes {
    /// The graph.
    public let graph: Graph
    /// The operator.
    public let description: OperatorDescription

    /// The operands of operator `index` of `graph` (which must exist).
    public init(graph: Graph, operator index: Int) {
        self.graph = graph
        self.description = graph.operators[index]
    }

    func tensor(_ index: Int) -> TensorDescription? {
        graph.tensors.indices.contains(index) ? graph.tensors[index] : nil
    }

    public var inputCount: Int { description.inputs.count }

    public func inputRank(_ position: Int) -> Int {
        guard description.inputs.indices.contains(position), let t = tensor(description.inputs[position]) else { return 0 }
        return t.shape.count
    }

    public func inputDimension(_ position: Int, _ axis: Int) -> Int {
        guard axis >= 0, axis < inputRank(position) else { return 0 }
        return graph.tensors[description.inputs[position]].shape[axis]
    }

    public func outputElementCount(_ position: Int) -> Int {
        guard description.outputs.indices.contains(position), let t = tensor(description.outputs[position]) else { return 0 }
        var product = 1
        for dimension in t.shape { product = OperatorWork.product(product, dimension) }
        return product
    }
}
