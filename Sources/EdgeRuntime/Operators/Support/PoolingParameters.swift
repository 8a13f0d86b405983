/// Window and clamp of an int8 pooling operator, shared by AVERAGE_POOL_2D and MAX_POOL_2D.
public struct PoolingParameters: Equatable, Sendable {
    /// Stride and padding (dilation is always one).
    public var window: WindowGeometry
    /// Window rows.
    public var filterHeight: Int
    /// Window columns.
    public var filterWidth: Int
    /// Output clamp.
    public var activation: ActivationRange

    /// Creates parameters.
    public init(window: WindowGeometry, filterHeight: Int, filterWidth: Int, activation: ActivationRange) {
        self.window = window
        self.filterHeight = filterHeight
        self.filterWidth = filterWidth
        self.activation = activation
    }

    /// Words these parameters take in a model file.
    public static let parameterWords = 8

    /// The clipped window `[startY, endY) × [startX, endX)` of output position `(outY, outX)`.
    @inline(__always)
    func clippedWindow(outY: Int, outX: Int, inputShape: Shape4) -> (startY: Int, endY: Int, startX: Int, endX: Int) {
        let originY = outY * window.strideHeight - window.padTop
        let originX = outX * window.strideWidth - window.padLeft
        return (
            max(0, -originY) + originY, min(filterHeight, inputShape.height - originY) + originY,
            max(0, -originX) + originX, min(filterWidth, inputShape.width - originX) + originX
        )
    }
}

extension PoolingParameters {
    /// The parameter words, by name.
    public enum Word: Int {
        case strideHeight, strideWidth, filterHeight, filterWidth, padTop, padLeft, activationMinimum, activationMaximum
    }

    /// Reads the parameters from an operator's words.
    @inline(__always)
    public init(_ words: ParameterWords) {
        self.init(
            window: WindowGeometry(
                strideHeight: Int(words[Word.strideHeight]), strideWidth: Int(words[Word.strideWidth]),
                padTop: Int(words[Word.padTop]), padLeft: Int(words[Word.padLeft])),
            filterHeight: Int(words[Word.filterHeight]), filterWidth: Int(words[Word.filterWidth]),
            activation: ActivationRange(words, at: Word.activationMinimum.rawValue))
    }

    /// The words the model writer stores.
    public var words: [Int32] {
        [Int32(window.strideHeight), Int32(window.strideWidth), Int32(filterHeight), Int32(filterWidth),
         Int32(window.padTop), Int32(window.padLeft)] + activation.words
    }

    /// The checks AVERAGE_POOL_2D and MAX_POOL_2D share: one int8 NHWC input and output with the same
    /// batch and channels, a window that starts inside the padded input, an int8 clamp.
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        let record = check.record
        try check.counts(inputs: 1...1, outputs: 1)
        let x = try check.input(0, .int8, constant: false)
        let y = try check.output(0, .int8)
        try check.shape(x.rank == 4, record.input(0))
        try check.shape(y.rank == 4 && y.dimension(0) == x.dimension(0) && y.dimension(3) == x.dimension(3), record.output(0))
        try check.parameterCount(parameterWords)
        try check.word(Word.filterHeight, in: 1...65536)
        try check.word(Word.filterWidth, in: 1...65536)
        try check.window(
            input: x, output: y, filterHeight: Int(record.parameter(Word.filterHeight.rawValue)),
            filterWidth: Int(record.parameter(Word.filterWidth.rawValue)), dilation: false)
        try check.activation(Word.activationMinimum)
    }

    /// A pooling's work: every input value is read once per window it lies in, counted once.
    static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.inputElementCount(0), costClass: .pooling)
    }
}
