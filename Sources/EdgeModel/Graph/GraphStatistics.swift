import EdgeRuntime

/// Work and size figures of a graph, computed from shapes alone.
extension Graph {
    /// Multiply-accumulates operator `index` performs in one inference.
    ///
    /// - CONV_2D: `N·Hout·Wout·Cout · Kh·Kw·Cin` (output elements times filter elements per output channel),
    /// - DEPTHWISE_CONV_2D: `N·Hout·Wout·Cout · Kh·Kw`,
    /// - FULLY_CONNECTED: `batches·out · in`,
    /// - every other operator: 0 (pooling, ADD and SOFTMAX do additions or lookups, not MACs).
    ///
    /// Returns 0 when the index, a tensor index or a shape does not fit the operator, and saturates at
    /// `Int.max` rather than overflowing, so any graph can be measured, validated or not.
    public func multiplyAccumulates(ofOperator index: Int) -> Int {
        guard operators.indices.contains(index) else { return 0 }
        let description = operators[index]
        guard description.inputs.count >= 2, let outputIndex = description.outputs.first,
            tensors.indices.contains(outputIndex), tensors.indices.contains(description.inputs[1])
        else { return 0 }
        let output = tensors[outputIndex].shape
        let filter = tensors[description.inputs[1]].shape

        // The filter elements that feed one output element.
        let filterElementsPerOutput: [Int]
        switch description.kind {
        case .conv2D, .fullyConnected:
            // OHWI filters and [out, in] weights: everything but the leading output-channel dimension.
            filterElementsPerOutput = Array(filter.dropFirst())
        case .depthwiseConv2D:
            // [1, H, W, C·multiplier]: one H·W window per output channel.
            filterElementsPerOutput = Array(filter.dropLast())
        default:
            return 0
        }
        guard !filter.isEmpty else { return 0 }
        return saturatingProduct(output + filterElementsPerOutput)
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

/// The product of `factors`, `Int.max` on overflow, 0 when a factor is zero or negative.
private func saturatingProduct(_ factors: [Int]) -> Int {
    if factors.contains(where: { $0 <= 0 }) { return 0 }
    var product = 1
    for factor in factors {
        let (next, overflow) = product.multipliedReportingOverflow(by: factor)
        if overflow { return Int.max }
        product = next
    }
    return product
}
