import EdgeRuntime

/// The copy programs of the data-movement operators, computed from the shapes and the constant
/// shape-vector inputs exactly as TFLM's kernels walk them.
extension OperatorParameters {
    /// Row-major element strides of `shape`.
    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        return strides
    }

    /// Fails with `reason` unless `condition` holds.
    func require(_ condition: Bool, _ op: OperatorDescription, _ index: Int, _ reason: @autoclosure () -> String) throws(ModelWriterError) {
        guard condition else { throw .invalidOperator(index: index, kind: op.kind, reason: reason()) }
    }

    /// The words of a copy program, refused when a start, dimension or stride does not fit a word.
    func copyProgram(fill: Int32?, copies: [CopyProgram.Copy], _ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        guard let words = CopyProgram.words(fill: fill, copies: copies) else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "a start, dimension or stride of its copies does not fit a 32-bit word")
        }
        return words
    }

    /// The data input's and the outputs' shared element type and quantization, checked.
    func movedTensors(_ op: OperatorDescription, data position: Int, _ index: Int) throws(ModelWriterError) -> (input: TensorDescription, outputs: [TensorDescription]) {
        let input = try tensor(op, input: position, index)
        var outputs: [TensorDescription] = []
        for t in op.outputs {
            try require(graph.tensors.indices.contains(t), op, index, "output tensor \(t) does not exist")
            outputs.append(graph.tensors[t])
            try requireSameQuantization(input, graph.tensors[t], op, index)
        }
        try require(!outputs.isEmpty, op, index, "has no output")
        return (input, outputs)
    }

    /// PAD and PADV2: fill with the output zero point (or PADV2's constant), copy the input inside.
    func pad(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let (input, outputs) = try movedTensors(op, data: 0, index)
        let out = outputs[0]
        let paddings = try constantIntegers(op, input: 1, index)
        try require(paddings.count == 2 * input.shape.count && out.shape.count == input.shape.count, op, index,
                    "paddings \(paddings) do not fit shape \(input.shape)")
        for axis in input.shape.indices {
            try require(paddings[2 * axis] >= 0 && paddings[2 * axis + 1] >= 0
                        && out.shape[axis] == paddings[2 * axis] + input.shape[axis] + paddings[2 * axis + 1],
                        op, index, "paddings \(paddings) do not turn \(input.shape) into \(out.shape)")
        }
        let outStrides = Self.contiguousStrides(out.shape)
        let start = input.shape.indices.reduce(0) { $0 + paddings[2 * $1] * outStrides[$1] }
        var fill: Int32 = 0
        if op.kind == .padV2 {
            let value = try tensor(op, input: 2, index)
            try requireSameQuantization(value, out, op, index)
            try require(value.elementCount == 1 && value.constantData != nil, op, index, "the padding value must be a constant scalar")
            let bytes = value.constantData!
            fill = bytes.count == 1 ? Int32(Int8(bitPattern: bytes[0])) : Int32(bitPattern: UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
        } else if out.elementType == .int8 {
            fill = out.quantization?.zeroPoint ?? 0
        }
        let copy = CopyProgram.Copy(
            sourceInput: 0, destinationOutput: 0, sourceStart: 0, destinationStart: start, dimensions: input.shape,
            sourceStrides: Self.contiguousStrides(input.shape), destinationStrides: outStrides)
        return try copyProgram(fill: fill, copies: [copy], op, index)
    }

    /// TRANSPOSE: output axis `i` walks input axis `perm[i]`.
    func transpose(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let (input, outputs) = try movedTensors(op, data: 0, index)
        let perm = try constantIntegers(op, input: 1, index)
        let rank = input.shape.count
        try require(perm.count == rank && Set(perm) == Set(0..<rank), op, index, "permutation \(perm) does not fit rank \(rank)")
        try require(outputs[0].shape == perm.map { input.shape[$0] }, op, index, "output shape \(outputs[0].shape) does not follow permutation \(perm)")
        let inStrides = Self.contiguousStrides(input.shape)
        let copy = CopyProgram.Copy(
            sourceInput: 0, destinationOutput: 0, sourceStart: 0, destinationStart: 0, dimensions: outputs[0].shape,
            sourceStrides: perm.map { inStrides[$0] }, destinationStrides: Self.contiguousStrides(outputs[0].shape))
        return try copyProgram(fill: nil, copies: [copy], op, index)
    }

    /// SLICE: `size` elements from `begin` on each axis (`-1`: to the end).
    func slice(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let (input, outputs) = try movedTensors(op, data: 0, index)
        let begin = try constantIntegers(op, input: 1, index)
        let size = try constantIntegers(op, input: 2, index)
        let shape = input.shape
        try require(begin.count == shape.count && size.count == shape.count, op, index, "begin \(begin) and size \(size) do not fit shape \(shape)")
        var counts: [Int] = []
        for axis in shape.indices {
            let count = size[axis] == -1 ? shape[axis] - begin[axis] : size[axis]
            try require(begin[axis] >= 0 && count >= 1 && begin[axis] + count <= shape[axis], op, index,
                        "begin \(begin) and size \(size) reach outside shape \(shape)")
            counts.append(count)
        }
        try require(counts.reduce(1, *) == outputs[0].elementCount, op, index, "output shape \(outputs[0].shape) is not the slice's \(counts)")
        let inStrides = Self.contiguousStrides(shape)
        let copy = CopyProgram.Copy(
            sourceInput: 0, destinationOutput: 0, sourceStart: shape.indices.reduce(0) { $0 + begin[$1] * inStrides[$1] },
            destinationStart: 0, dimensions: counts, sourceStrides: inStrides, destinationStrides: Self.contiguousStrides(counts))
        return try copyProgram(fill: nil, copies: [copy], op, index)
    }

    /// STRIDED_SLICE as TFLM computes it: indices padded to five axes, each axis's start and stop from
    /// `StridedSliceStartForAxis` / `StridedSliceEndForAxis`, then every `stride`-th element in between.
    func stridedSlice(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let (input, outputs) = try movedTensors(op, data: 0, index)
        var begin = try constantIntegers(op, input: 1, index)
        var end = try constantIntegers(op, input: 2, index)
        var strides = try constantIntegers(op, input: 3, index)
        var masks = op.options.sliceMasks
        try require(masks.ellipsis == 0 && masks.newAxis == 0, op, index, "ellipsis and new-axis masks are not supported (TFLM ignores them)")
        try require(input.shape.count <= 5, op, index, "rank \(input.shape.count) is above 5, TFLM's limit")
        try require(begin.count == end.count && end.count == strides.count && begin.count <= input.shape.count, op, index,
                    "begin, end and strides have \(begin.count), \(end.count) and \(strides.count) values for rank \(input.shape.count)")
        try require(strides.allSatisfy { $0 != 0 }, op, index, "a stride is zero")
        let shape = [Int](repeating: 1, count: 5 - input.shape.count) + input.shape
        let pad = 5 - begin.count
        begin = [Int](repeating: 0, count: pad) + begin
        end = [Int](repeating: 1, count: pad) + end
        strides = [Int](repeating: 1, count: pad) + strides
        masks.begin = (masks.begin << pad) | ((1 << pad) - 1)
        masks.end = (masks.end << pad) | ((1 << pad) - 1)
        masks.shrinkAxis <<= pad
        func clamp(_ v: Int, _ lo: Int, _ hi: Int) -> Int { min(max(v, lo), hi) }
        var starts: [Int] = []
        var counts: [Int] = []
        for axis in 0..<5 {
            let size = shape[axis]
            let step = strides[axis]
            var start = begin[axis]
            if start < 0 { start += size }
            start = step > 0 ? clamp(start, 0, size) : clamp(start, -1, size - 1)
            if masks.begin & (1 << axis) != 0 { start = step > 0 ? 0 : size - 1 }
            var stop: Int
            if masks.shrinkAxis & (1 << axis) != 0 {
                stop = start >= size ? start : start + 1
            } else {
                stop = end[axis] + (masks.offset ? start : 0)
                if stop < 0 { stop += size }
                stop = step > 0 ? clamp(stop, 0, size) : clamp(stop, -1, size - 1)
                if masks.end & (1 << axis) != 0 { stop = step > 0 ? size : -1 }
            }
            let count = step > 0 ? max(0, (stop - start + step - 1) / step) : max(0, (start - stop - step - 1) / -step)
            starts.append(start)
            counts.append(count)
        }
        try require(counts.allSatisfy { $0 >= 1 }, op, index, "the slice is empty")
        // TFLM's Prepare checks the whole shape: the input's axes, less the shrunk ones.
        let kept: [Int] = ((5 - input.shape.count)..<5).filter { masks.shrinkAxis & (1 << $0) == 0 }.map { counts[$0] }
        try require(kept == outputs[0].shape, op, index, "output shape \(outputs[0].shape) is not the slice's \(kept)")
        let inStrides = Self.contiguousStrides(shape)
        let copy = CopyProgram.Copy(
            sourceInput: 0, destinationOutput: 0, sourceStart: (0..<5).reduce(0) { $0 + starts[$1] * inStrides[$1] },
            destinationStart: 0, dimensions: counts,
            // An axis walked once has no stride to take (and a step past the axis must not overflow).
            sourceStrides: (0..<5).map { counts[$0] == 1 ? 0 : strides[$0] * inStrides[$0] },
            destinationStrides: Self.contiguousStrides(counts))
        return try copyProgram(fill: nil, copies: [copy], op, index)
    }

    /// SPLIT (axis in input 0, data in input 1) and SPLIT_V (data in input 0, axis in input 2): each
    /// output is the next slice of its own size along the axis.
    func split(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let data = op.kind == .split ? 1 : 0
        let (input, outputs) = try movedTensors(op, data: data, index)
        let axisValues = try constantIntegers(op, input: op.kind == .split ? 0 : 2, index)
        try require(axisValues.count == 1, op, index, "the axis must be one value")
        let axis = try normalizedAxis(axisValues[0], rank: input.shape.count, op, index)
        let outer = input.shape[..<axis].reduce(1, *)
        let inner = input.shape[(axis + 1)...].reduce(1, *)
        var offset = 0
        var copies: [CopyProgram.Copy] = []
        for (position, out) in outputs.enumerated() {
            try require(out.shape.count == input.shape.count && out.shape.indices.allSatisfy { $0 == axis || out.shape[$0] == input.shape[$0] },
                        op, index, "output \(position) shape \(out.shape) does not fit input \(input.shape) along axis \(axis)")
            let row = out.shape[axis] * inner
            copies.append(CopyProgram.Copy(
                sourceInput: data, destinationOutput: position, sourceStart: offset * inner, destinationStart: 0,
                dimensions: [outer, row], sourceStrides: [input.shape[axis] * inner, 1], destinationStrides: [row, 1]))
            offset += out.shape[axis]
        }
        try require(offset == input.shape[axis], op, index, "the outputs add up to \(offset) along axis \(axis), the input has \(input.shape[axis])")
        return try copyProgram(fill: nil, copies: copies, op, index)
    }

    /// PACK (inputs stacked along a new axis) and UNPACK (the input cut along an axis): one copy per
    /// packed input or unpacked output, between a slab and its place in the stacked tensor.
    func packOrUnpack(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let pack = op.kind == .pack
        let (first, outputs) = try movedTensors(op, data: 0, index)
        let stacked = pack ? outputs[0] : first
        let parts = pack ? op.inputs.count : outputs.count
        let axis = try normalizedAxis(op.options.axis, rank: stacked.shape.count, op, index)
        try require(stacked.shape.count >= 1 && stacked.shape[axis] == parts, op, index, "axis \(axis) of \(stacked.shape) is not \(parts)")
        let outer = stacked.shape[..<axis].reduce(1, *)
        let inner = stacked.shape[(axis + 1)...].reduce(1, *)
        var copies: [CopyProgram.Copy] = []
        for part in 0..<parts {
            let slab = pack ? try tensor(op, input: part, index) : outputs[part]
            if pack { try requireSameQuantization(slab, stacked, op, index) }
            var expected = stacked.shape
            expected.remove(at: axis)
            try require(slab.shape == expected, op, index, "part \(part) has shape \(slab.shape), expected \(expected)")
            let stackedSide = (start: part * inner, strides: [parts * inner, 1])
            let slabSide = (start: 0, strides: [inner, 1])
            copies.append(CopyProgram.Copy(
                sourceInput: pack ? part : 0, destinationOutput: pack ? 0 : part,
                sourceStart: pack ? slabSide.start : stackedSide.start, destinationStart: pack ? stackedSide.start : slabSide.start,
                dimensions: [outer, inner], sourceStrides: pack ? slabSide.strides : stackedSide.strides,
                destinationStrides: pack ? stackedSide.strides : slabSide.strides))
        }
        return try copyProgram(fill: nil, copies: copies, op, index)
    }
}
