/// Int8 MINIMUM with TFLite broadcasting, as TFLM's `MaximumMinimumBroadcastSlow` with its `MinimumOp`:
/// the smaller of the two int8 values, compared as stored. TFLM does not requantize (the converter
/// gives both inputs and the output one scale and zero point), so neither does this kernel.
///
/// Words: a ``BroadcastLayout`` only.
public enum Minimum: OperatorImplementation {
    /// Words of a MINIMUM record: the layout.
    public static let parameterWords = BroadcastLayout.wordCount

    /// The element function: `a < b ? a : b`.
    struct Smaller: BinaryElementFunction {
        @inline(__always)
        func prepareFirst(_ x: Int8) -> Int32 { Int32(x) }

        @inline(__always)
        func prepareSecond(_ y: Int8) -> Int32 { Int32(y) }

        @inline(__always)
        func combine(_ a: Int32, _ b: Int32) -> Int8 { Int8(truncatingIfNeeded: a < b ? a : b) }
    }

    /// The element-wise minimum of `first` and `second` over the validated layout at `layout`.
    public static func run(
        layout: UnsafePointer<Int32>, first: UnsafePointer<Int8>, second: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>
    ) {
        BinaryElementwise.run(Smaller(), layout: layout, first: first, second: second, output: output)
    }

    static func validate(_ check: OperatorValidation) throws(ModelError) {
        try check.binaryElementwise(parameters: parameterWords, layoutWord: 0)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        BinaryElementwise.run(Smaller(), op, in: interpreter, layoutWord: 0)
    }

    /// One comparison per output value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        BinaryElementwise.work(of: operands, operationsPerElement: 1)
    }
}
