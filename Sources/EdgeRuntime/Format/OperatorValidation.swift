/// Checks one operator record against its kind's semantics: tensor counts, element types, storage,
/// shapes, and the ranges of its parameter words. Runs once, when the model is loaded.
struct OperatorValidation {
    let model: Model
    let record: OperatorRecord
    let index: Int

    func validate() throws(ModelError) {
        switch record.kind {
        case .fullyConnected: try validateFullyConnected()
        case .conv2D: try validateConvolution(depthwise: false)
        case .depthwiseConv2D: try validateConvolution(depthwise: true)
        case .averagePool2D, .maxPool2D: try validatePooling()
        case .add: try validateAdd()
        case .reshape: try validateReshape()
        case .softmax: try validateSoftmax()
        case .quantize: try validateQuantize()
        case .dequantize: try validateDequantize()
        }
    }

    // MARK: Helpers

    func counts(inputs: ClosedRange<Int>, outputs: Int) throws(ModelError) {
        guard inputs.contains(record.inputCount), record.outputCount == outputs else {
            throw .wrongTensorCount(operator: index)
        }
    }

    func parameterCount(_ expected: Int) throws(ModelError) {
        guard record.parameterCount == expected else {
            throw .wrongParameterCount(operator: index, expected: expected, found: record.parameterCount)
        }
    }

    /// The input at `position`, checked for element type and storage.
    func input(_ position: Int, _ type: ElementType, constant: Bool) throws(ModelError) -> TensorRecord {
        let t = record.input(position)
        guard t >= 0 else { throw .tensorIndexOutOfRange(operator: index, index: t) }
        return try check(t, type, constant: constant)
    }

    /// An optional input: `nil` when omitted.
    func optionalInput(_ position: Int, _ type: ElementType) throws(ModelError) -> TensorRecord? {
        guard position < record.inputCount, record.input(position) >= 0 else { return nil }
        return try check(record.input(position), type, constant: true)
    }

    func output(_ position: Int, _ type: ElementType) throws(ModelError) -> TensorRecord {
        try check(record.output(position), type, constant: false)
    }

    func check(_ t: Int, _ type: ElementType, constant: Bool) throws(ModelError) -> TensorRecord {
        let tensor = model.tensor(t)
        guard tensor.elementType == type, (tensor.storage == .constant) == constant else {
            throw .elementTypeMismatch(operator: index, tensor: t)
        }
        return tensor
    }

    func shape(_ condition: Bool, _ tensor: Int) throws(ModelError) {
        guard condition else { throw .shapeMismatch(operator: index, tensor: tensor) }
    }

    func word(_ position: Int, in range: ClosedRange<Int32>) throws(ModelError) {
        guard range.contains(record.parameter(position)) else {
            throw .invalidParameter(operator: index, word: position)
        }
    }

    func zeroPointOffset(at position: Int) throws(ModelError) {
        try word(position, in: -255...255)
    }

    func activation(at position: Int) throws(ModelError) {
        try word(position, in: -128...127)
        try word(position + 1, in: -128...127)
        guard record.parameter(position) <= record.parameter(position + 1) else {
            throw .invalidParameter(operator: index, word: position)
        }
    }

    func multiplier(at position: Int, shifts: ClosedRange<Int32>) throws(ModelError) {
        try word(position, in: 0...Int32.max)
        try word(position + 1, in: shifts)
    }

    // MARK: Kinds

    func validateFullyConnected() throws(ModelError) {
        try counts(inputs: 2...3, outputs: 1)
        let x = try input(0, .int8, constant: false)
        let weights = try input(1, .int8, constant: true)
        let bias = try optionalInput(2, .int32)
        let y = try output(0, .int8)
        try shape(weights.rank == 2, record.input(1))
        let outputDepth = weights.dimension(0)
        let inputDepth = weights.dimension(1)
        try shape(x.elementCount % inputDepth == 0, record.input(0))
        try shape(y.elementCount == x.elementCount / inputDepth * outputDepth && y.innermostDimension == outputDepth, record.output(0))
        if let bias { try shape(bias.elementCount == outputDepth, record.input(2)) }
        try parameterCount(FullyConnected.parameterWords)
        try zeroPointOffset(at: 0)
        try zeroPointOffset(at: 1)
        try zeroPointOffset(at: 2)
        try multiplier(at: 3, shifts: -31...30)
        try activation(at: 5)
    }

    func validateConvolution(depthwise: Bool) throws(ModelError) {
        try counts(inputs: 2...3, outputs: 1)
        let x = try input(0, .int8, constant: false)
        let filter = try input(1, .int8, constant: true)
        let bias = try optionalInput(2, .int32)
        let y = try output(0, .int8)
        try shape(x.rank == 4, record.input(0))
        try shape(filter.rank == 4, record.input(1))
        try shape(y.rank == 4 && y.dimension(0) == x.dimension(0), record.output(0))
        let outputDepth = y.dimension(3)
        let fixed = depthwise ? DepthwiseConv2D.fixedParameterWords : Conv2D.fixedParameterWords
        if depthwise {
            let multiplier = Int(record.parameter(10))
            try word(10, in: 1...4096)
            try shape(filter.dimension(0) == 1 && filter.dimension(3) == outputDepth, record.input(1))
            try shape(outputDepth == x.dimension(3) * multiplier, record.output(0))
        } else {
            try shape(filter.dimension(0) == outputDepth && filter.dimension(3) == x.dimension(3), record.input(1))
        }
        if let bias { try shape(bias.elementCount == outputDepth, record.input(2)) }
        try parameterCount(fixed + 2 * outputDepth)
        try window(input: x, output: y, filterHeight: filter.dimension(1), filterWidth: filter.dimension(2), dilation: true)
        try zeroPointOffset(at: 6)
        try zeroPointOffset(at: 7)
        try activation(at: 8)
        for channel in 0..<outputDepth {
            try word(fixed + channel, in: 0...Int32.max)
            try word(fixed + outputDepth + channel, in: -31...30)
        }
    }

    /// Checks stride, dilation and padding words 0...5 and that every output position's window
    /// starts inside the padded input.
    func window(input x: TensorRecord, output y: TensorRecord, filterHeight: Int, filterWidth: Int, dilation: Bool) throws(ModelError) {
        try word(0, in: 1...1024)
        try word(1, in: 1...1024)
        let dilationHeight = dilation ? Int(record.parameter(2)) : 1
        let dilationWidth = dilation ? Int(record.parameter(3)) : 1
        if dilation {
            try word(2, in: 1...1024)
            try word(3, in: 1...1024)
        }
        let padPosition = 4
        try word(padPosition, in: 0...Int32(max(0, (filterHeight - 1) * dilationHeight)))
        try word(padPosition + 1, in: 0...Int32(max(0, (filterWidth - 1) * dilationWidth)))
        let strideHeight = Int(record.parameter(0))
        let strideWidth = Int(record.parameter(1))
        let padTop = Int(record.parameter(padPosition))
        let padLeft = Int(record.parameter(padPosition + 1))
        try shape((y.dimension(1) - 1) * strideHeight - padTop < x.dimension(1), record.output(0))
        try shape((y.dimension(2) - 1) * strideWidth - padLeft < x.dimension(2), record.output(0))
    }

    func validatePooling() throws(ModelError) {
        try counts(inputs: 1...1, outputs: 1)
        let x = try input(0, .int8, constant: false)
        let y = try output(0, .int8)
        try shape(x.rank == 4, record.input(0))
        try shape(y.rank == 4 && y.dimension(0) == x.dimension(0) && y.dimension(3) == x.dimension(3), record.output(0))
        try parameterCount(PoolingParameters.parameterWords)
        try word(2, in: 1...65536)
        try word(3, in: 1...65536)
        try window(input: x, output: y, filterHeight: Int(record.parameter(2)), filterWidth: Int(record.parameter(3)), dilation: false)
        try activation(at: 6)
    }

    func validateAdd() throws(ModelError) {
        try counts(inputs: 2...2, outputs: 1)
        let a = try input(0, .int8, constant: false)
        let b = try input(1, .int8, constant: false)
        let y = try output(0, .int8)
        try shape(b.elementCount == a.elementCount, record.input(1))
        try shape(y.elementCount == a.elementCount, record.output(0))
        try parameterCount(Add.parameterWords)
        try zeroPointOffset(at: 0)
        try zeroPointOffset(at: 1)
        try zeroPointOffset(at: 2)
        try word(3, in: 0...24)
        try multiplier(at: 4, shifts: -31...0)
        try multiplier(at: 6, shifts: -31...0)
        try multiplier(at: 8, shifts: -31...0)
        try activation(at: 10)
    }

    func validateReshape() throws(ModelError) {
        try counts(inputs: 1...2, outputs: 1)
        let source = model.tensor(record.input(0))
        let y = model.tensor(record.output(0))
        guard source.storage == .arena, y.elementType == source.elementType else {
            throw .elementTypeMismatch(operator: index, tensor: record.output(0))
        }
        try shape(y.byteCount == source.byteCount, record.output(0))
        try parameterCount(0)
    }

    func validateSoftmax() throws(ModelError) {
        try counts(inputs: 1...1, outputs: 1)
        let x = try input(0, .int8, constant: false)
        let y = try output(0, .int8)
        try shape(y.elementCount == x.elementCount && y.innermostDimension == x.innermostDimension, record.output(0))
        guard y.zeroPoint == -128 else { throw .elementTypeMismatch(operator: index, tensor: record.output(0)) }
        try parameterCount(Softmax.parameterWords)
        try multiplier(at: 0, shifts: 0...30)
        try word(2, in: Int32.min...0)
    }

    func validateQuantize() throws(ModelError) {
        try counts(inputs: 1...1, outputs: 1)
        let source = model.tensor(record.input(0))
        let y = try output(0, .int8)
        guard source.storage == .arena else { throw .elementTypeMismatch(operator: index, tensor: record.input(0)) }
        try shape(y.elementCount == source.elementCount, record.output(0))
        switch source.elementType {
        case .float32:
            try parameterCount(Quantize.floatParameterWords)
            let scale = Float(bitPattern: UInt32(bitPattern: record.parameter(0)))
            guard scale.isFinite, scale > 0 else { throw .invalidParameter(operator: index, word: 0) }
            try word(1, in: -128...127)
        case .int8:
            try parameterCount(Quantize.requantizeParameterWords)
            try word(0, in: -128...127)
            try word(1, in: -128...127)
            try multiplier(at: 2, shifts: -31...30)
        case .int32:
            throw .elementTypeMismatch(operator: index, tensor: record.input(0))
        }
    }

    func validateDequantize() throws(ModelError) {
        try counts(inputs: 1...1, outputs: 1)
        let x = try input(0, .int8, constant: false)
        let y = try output(0, .float32)
        try shape(y.elementCount == x.elementCount, record.output(0))
        try parameterCount(Dequantize.parameterWords)
        let scale = Float(bitPattern: UInt32(bitPattern: record.parameter(0)))
        guard scale.isFinite, scale > 0 else { throw .invalidParameter(operator: index, word: 0) }
        try word(1, in: -128...127)
    }
}
