/// Int8 SUB with TFLite broadcasting, bit-exact with TFLM's `reference_ops::BroadcastQuantSubSlow`
/// (and `SubElementwise`): ADD's arithmetic with the second scaled input subtracted, with ADD's words.
///
/// Words: ADD's twelve (``Add/Parameters``), then a ``BroadcastLayout``.
public enum Sub: OperatorImplementation {
    /// The same twelve words as ADD's, by the same names.
    public typealias Parameters = Add.Parameters

    /// Words of a SUB record: the parameters, then the layout.
    public static let parameterWords = Add.parameterWords + BroadcastLayout.wordCount

    /// The element function: ADD's scaling, a difference instead of a sum.
    public struct Difference: BinaryElementFunction {
        /// The quantization constants.
        public var parameters: Parameters

        /// Wraps the constants.
        @inline(__always)
        public init(_ parameters: Parameters) { self.parameters = parameters }

        @inline(__always)
        func prepareFirst(_ x: Int8) -> Int32 { parameters.prepareFirst(x) }

        @inline(__always)
        func prepareSecond(_ y: Int8) -> Int32 { parameters.prepareSecond(y) }

        @inline(__always)
        func combine(_ a: Int32, _ b: Int32) -> Int8 {
            let p = parameters
            return Int8(truncatingIfNeeded: p.activation.clamp(
                FixedPoint.multiplyByNonNegativeSmallerThanOne(a &- b, p.outputMultiplier, p.outputShift) &+ p.outputOffset))
        }
    }

    /// Subtracts `second` from `first` over the validated layout at `layout` into `output`.
    public static func run(
        _ p: Parameters, layout: UnsafePointer<Int32>, first: UnsafePointer<Int8>, second: UnsafePointer<Int8>,
        output: UnsafeMutablePointer<Int8>
    ) {
        BinaryElementwise.run(Difference(p), layout: layout, first: first, second: second, output: output)
    }

    static func validate(_ check: OperatorValidation) throws(ModelError) {
        try check.binaryElementwise(parameters: parameterWords, layoutWord: Add.parameterWords)
        try check.additive(Parameters.self)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        BinaryElementwise.run(Difference(Parameters(interpreter.parameters(op))), op, in: interpreter, layoutWord: Add.parameterWords)
    }

    /// Two scaled inputs per output value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        BinaryElementwise.work(of: operands, operationsPerElement: 2)
    }
}
