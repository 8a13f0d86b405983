/// Int8 SUM over any axes: TFLM's `QuantizedMeanOrSum` with `compute_sum`, the same arithmetic as
/// ``Mean`` with the plain `inputScale / outputScale` multiplier.
public enum Sum: OperatorImplementation {
    /// The same record as MEAN's.
    public typealias Parameters = Mean.Parameters

    static func validate(_ check: OperatorValidation) throws(ModelError) {
        try Parameters.validate(check)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        Mean.run(op, in: interpreter)
    }

    /// One addition per input value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        Mean.work(of: operands)
    }
}
