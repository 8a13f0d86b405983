import Foundation
import EdgeRuntime

/// ARG_MAX, GATHER and the two resizes: index arithmetic TFLM does on every invoke, done once here.
extension OperatorParameters {
    /// ARG_MAX: a reduction layout over the one axis in constant input 1.
    func argMax(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        _ = try tensor(op, input: 0, index)  // the data input must be there
        let axes = try constantIntegers(op, input: 1, index)
        try require(axes.count == 1, op, index, "the axis must be one value")
        try require(try output(op, index).elementType == .int32, op, index, "the output must be int32 (TFLM supports no other)")
        return try reductionLayout(op, index).words
    }

    /// GATHER with constant indices, as TFLM's `Gather`: for each batch (the first `batch_dims` axes,
    /// shared with the indices), each index of that batch is one copy of the slab at that index.
    func gather(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let (input, outputs) = try movedTensors(op, data: 0, index)
        let indices = try constantIntegers(op, input: 1, index)
        let indexShape = try tensor(op, input: 1, index).shape
        let axis = try normalizedAxis(op.options.axis, rank: input.shape.count, op, index)
        let batchDimensions = op.options.batchDimensions < 0 ? op.options.batchDimensions + indexShape.count : op.options.batchDimensions
        try require(batchDimensions >= 0 && batchDimensions <= axis && batchDimensions <= indexShape.count
                    && Array(input.shape.prefix(batchDimensions)) == Array(indexShape.prefix(batchDimensions)),
                    op, index, "batch_dims \(op.options.batchDimensions) does not fit \(input.shape), indices \(indexShape), axis \(axis)")
        let expected = Array(input.shape[..<axis]) + Array(indexShape[batchDimensions...]) + Array(input.shape[(axis + 1)...])
        try require(outputs[0].shape == expected, op, index, "output shape \(outputs[0].shape) is not \(expected)")
        let batches = input.shape[..<batchDimensions].reduce(1, *)
        let outer = input.shape[batchDimensions..<axis].reduce(1, *)
        let inner = input.shape[(axis + 1)...].reduce(1, *)
        let perBatch = indexShape[batchDimensions...].reduce(1, *)
        let size = input.shape[axis]
        var copies: [CopyProgram.Copy] = []
        for batch in 0..<batches {
            for coordinate in 0..<perBatch {
                let value = indices[batch * perBatch + coordinate]
                try require(value >= 0 && value < size, op, index, "index \(value) is outside 0..<\(size)")
                copies.append(CopyProgram.Copy(
                    sourceInput: 0, destinationOutput: 0, sourceStart: (batch * outer * size + value) * inner,
                    destinationStart: (batch * outer * perBatch + coordinate) * inner, dimensions: [outer, inner],
                    sourceStrides: [size * inner, 1], destinationStrides: [perBatch * inner, 1]))
            }
        }
        return try copyProgram(fill: nil, copies: copies, op, index)
    }

    /// The most output rows or columns a resize may have: the writer stores a table entry for each.
    static let maximumResizeExtent = 1 << 16

    /// Refuses an output taller or wider than ``maximumResizeExtent`` before any table is built.
    func requireResizeExtent(_ out: TensorDescription, _ op: OperatorDescription, _ index: Int) throws(ModelWriterError) {
        try require(out.shape[1] <= Self.maximumResizeExtent && out.shape[2] <= Self.maximumResizeExtent, op, index,
                    "output \(out.shape) is taller or wider than \(Self.maximumResizeExtent), the writer's limit for its per-row and per-column tables")
    }

    /// RESIZE_NEAREST_NEIGHBOR: TFLM's `GetNearestNeighbor` (float scale and offset, rounded or
    /// floored) for every output row and column.
    func resizeNearestNeighbor(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let (input, outputs) = try movedTensors(op, data: 0, index)
        let out = outputs[0]
        try require(input.shape.count == 4 && out.shape.count == 4, op, index, "input and output must be 4-D (NHWC)")
        try require(input.shape[1] > 0 && input.shape[2] > 0 && out.shape[1] > 0 && out.shape[2] > 0, op, index,
                    "input and output height and width must be positive, got \(input.shape) and \(out.shape)")
        try requireResizeExtent(out, op, index)
        let align = op.options.alignCorners
        let half = op.options.halfPixelCenters
        func nearest(_ value: Int, _ inputSize: Int, _ outputSize: Int) -> Int32 {
            let scale = align && outputSize > 1 ? Float(inputSize - 1) / Float(outputSize - 1) : Float(inputSize) / Float(outputSize)
            let offset: Float = half ? 0.5 : 0
            let position = (Float(value) + offset) * scale
            // Clamped before narrowing: at sizes near 2³¹ a Float position can round past Int32.max.
            let rounded = align ? position.rounded(.toNearestOrAwayFromZero) : position.rounded(.down)
            var result = min(Int32(clamping: Int64(rounded)), Int32(inputSize - 1))
            if half { result = max(0, result) }
            return result
        }
        return (0..<out.shape[1]).map { nearest($0, input.shape[1], out.shape[1]) }
            + (0..<out.shape[2]).map { nearest($0, input.shape[2], out.shape[2]) }
    }

    /// RESIZE_BILINEAR: TFLM's 10-bit scales and `ComputeInterpolationValuesInteger` for every output
    /// row and column: lower neighbour, upper neighbour, position past the lower one.
    func resizeBilinear(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let (input, outputs) = try movedTensors(op, data: 0, index)
        let out = outputs[0]
        try require(input.shape.count == 4 && out.shape.count == 4, op, index, "input and output must be 4-D (NHWC)")
        try require(input.shape[1] > 0 && input.shape[2] > 0 && out.shape[1] > 0 && out.shape[2] > 0, op, index,
                    "input and output height and width must be positive, got \(input.shape) and \(out.shape)")
        try require(input.elementType == .int8, op, index, "input and output must be int8 (they are \(input.elementType))")
        try requireResizeExtent(out, op, index)
        let align = op.options.alignCorners
        let half = op.options.halfPixelCenters
        try require(!(align && half), op, index, "align_corners and half_pixel_centers cannot both be set")
        func axis(_ inputSize: Int, _ outputSize: Int) -> [Int32] {
            var scale = ((1 << 10) * inputSize + outputSize / 2) / outputSize
            if align && outputSize > 1 { scale = ((1 << 10) * (inputSize - 1) + (outputSize - 1) / 2) / (outputSize - 1) }
            var words: [Int32] = []
            for value in 0..<outputSize {
                let scaled = half ? value * scale + scale / 2 - (1 << 9) : value * scale
                let lower = max(scaled / (1 << 10), 0)
                let upper = min((scaled + (1 << 10) - 1) / (1 << 10), inputSize - 1)
                words += [Int32(lower), Int32(upper), Int32(scaled - (1 << 10) * lower)]
            }
            return words
        }
        return axis(input.shape[1], out.shape[1]) + axis(input.shape[2], out.shape[2])
    }
}
