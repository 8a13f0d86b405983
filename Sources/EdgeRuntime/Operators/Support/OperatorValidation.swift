/// Checks one operator record against its kind's semantics: tensor counts, element types, storage,
/// shapes, and the ranges of its parameter words. Runs once, when the model is loaded. The checks
/// themselves live with each operator (`validate(_:)` in its folder); these are the helpers they use.
struct OperatorValidation {
    let model: Model
    let record: OperatorRecord
    let index: Int

    func validate() throws(ModelError) {
        try validateKind(record.kind)
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

    func word<Word: RawRepresentable>(_ word: Word, in range: ClosedRange<Int32>) throws(ModelError) where Word.RawValue == Int {
        try self.word(word.rawValue, in: range)
    }

    func zeroPointOffset<Word: RawRepresentable>(_ word: Word) throws(ModelError) where Word.RawValue == Int {
        try zeroPointOffset(at: word.rawValue)
    }

    func activation<Word: RawRepresentable>(_ minimum: Word) throws(ModelError) where Word.RawValue == Int {
        try activation(at: minimum.rawValue)
    }

    func multiplier<Word: RawRepresentable>(_ word: Word, shifts: ClosedRange<Int32>) throws(ModelError) where Word.RawValue == Int {
        try multiplier(at: word.rawValue, shifts: shifts)
    }

    /// A positive finite float stored as its bits (a scale).
    func positiveFloat<Word: RawRepresentable>(_ word: Word) throws(ModelError) where Word.RawValue == Int {
        let value = Float(bitPattern: UInt32(bitPattern: record.parameter(word.rawValue)))
        guard value.isFinite, value > 0 else { throw .invalidParameter(operator: index, word: word.rawValue) }
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
        // A filter side of up to Int32.max times a dilation of up to 1,024: clamp the span to a word.
        let spanHeight = try product(max(0, filterHeight - 1), dilationHeight, tensor: record.input(1))
        let spanWidth = try product(max(0, filterWidth - 1), dilationWidth, tensor: record.input(1))
        try word(padPosition, in: 0...Int32(min(spanHeight, Int(Int32.max))))
        try word(padPosition + 1, in: 0...Int32(min(spanWidth, Int(Int32.max))))
        let strideHeight = Int(record.parameter(0))
        let strideWidth = Int(record.parameter(1))
        let padTop = Int(record.parameter(padPosition))
        let padLeft = Int(record.parameter(padPosition + 1))
        try shape(try product(y.dimension(1) - 1, strideHeight, plus: -padTop, tensor: record.output(0)) < x.dimension(1), record.output(0))
        try shape(try product(y.dimension(2) - 1, strideWidth, plus: -padLeft, tensor: record.output(0)) < x.dimension(2), record.output(0))
    }

    /// `a · b + c`, or a shape mismatch of `tensor` when that overflows `Int` — 64 bits on a host but
    /// 32 on a microcontroller, where a file's dimensions and words can overflow it.
    func product(_ a: Int, _ b: Int, plus c: Int = 0, tensor: Int) throws(ModelError) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        let (sum, carry) = product.addingReportingOverflow(c)
        guard !overflow, !carry else { throw .shapeMismatch(operator: index, tensor: tensor) }
        return sum
    }
}

extension OperatorValidation {
    /// A per-channel table at word `start`: `channels` non-negative Q31 multipliers, then `channels`
    /// shifts in `-31...30`.
    func channelMultipliers(at start: Int, channels: Int) throws(ModelError) {
        for channel in 0..<channels {
            try word(start + channel, in: 0...Int32.max)
            try word(start + channels + channel, in: -31...30)
        }
    }
}

extension OperatorValidation {
    /// Tensor `t` has the element type of tensor `reference`, and for int8 also its scale and zero
    /// point (the operators that move int8 bytes unchanged require it, as TFLM does).
    func sameQuantization(_ t: Int, as reference: Int) throws(ModelError) {
        let a = model.tensor(t)
        let b = model.tensor(reference)
        guard a.elementType == b.elementType else { throw .elementTypeMismatch(operator: index, tensor: t) }
        guard a.elementType != .int8 || (a.scale == b.scale && a.zeroPoint == b.zeroPoint) else {
            throw .elementTypeMismatch(operator: index, tensor: t)
        }
    }
}

extension OperatorValidation {
    /// Input `position`, present, of element type `type`, in the arena or constant.
    func operand(_ position: Int, _ type: ElementType) throws(ModelError) -> TensorRecord {
        let t = record.input(position)
        guard t >= 0 else { throw .tensorIndexOutOfRange(operator: index, index: t) }
        let tensor = model.tensor(t)
        guard tensor.elementType == type else { throw .elementTypeMismatch(operator: index, tensor: t) }
        return tensor
    }
}

/// The tensors of a per-channel convolution (CONV_2D, DEPTHWISE_CONV_2D): input, filter, optional bias, output.
struct ConvolutionTensors {
    let input: TensorRecord
    let filter: TensorRecord
    let bias: TensorRecord?
    let output: TensorRecord
}

extension OperatorValidation {
    /// What every per-channel convolution checks first: two or three inputs and one output, an int8
    /// NHWC input in the arena, a constant int8 rank-4 filter, an optional constant int32 bias, an int8
    /// NHWC output with the input's batch.
    func convolutionTensors() throws(ModelError) -> ConvolutionTensors {
        try counts(inputs: 2...3, outputs: 1)
        let x = try input(0, .int8, constant: false)
        let filter = try input(1, .int8, constant: true)
        let bias = try optionalInput(2, .int32)
        let y = try output(0, .int8)
        try shape(x.rank == 4, record.input(0))
        try shape(filter.rank == 4, record.input(1))
        try shape(y.rank == 4 && y.dimension(0) == x.dimension(0), record.output(0))
        return ConvolutionTensors(input: x, filter: filter, bias: bias, output: y)
    }

    /// What every per-channel convolution checks last: one bias value per output channel, `fixed`
    /// words then a multiplier and a shift per channel, the window (words 0...5), the offsets and the
    /// clamp (words 6...9, the layout CONV_2D and DEPTHWISE_CONV_2D share) and the per-channel table.
    func convolutionWords(_ tensors: ConvolutionTensors, fixed: Int) throws(ModelError) {
        typealias Word = Conv2D.Parameters.Word
        let channels = tensors.output.dimension(3)
        if let bias = tensors.bias { try shape(bias.elementCount == channels, record.input(2)) }
        try parameterCount(try product(2, channels, plus: fixed, tensor: record.output(0)))
        try window(
            input: tensors.input, output: tensors.output, filterHeight: tensors.filter.dimension(1),
            filterWidth: tensors.filter.dimension(2), dilation: true)
        try zeroPointOffset(Word.inputOffset)
        try zeroPointOffset(Word.outputOffset)
        try activation(Word.activationMinimum)
        try channelMultipliers(at: fixed, channels: channels)
    }
}

extension OperatorValidation {
    /// The first of the operator's parameter words (valid once the word count is checked).
    var parameterStart: UnsafePointer<Int32> {
        (model.bytes.baseAddress! + (model.parametersStart &+ record.parameterIndex &* 4)).assumingMemoryBound(to: Int32.self)
    }
}
