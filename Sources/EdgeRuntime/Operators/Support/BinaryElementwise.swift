/// The int8 function of a binary element-wise operator (ADD, SUB, MUL, SQUARED_DIFFERENCE, MAXIMUM,
/// MINIMUM, PRELU), split in three so that an operand broadcast along a row is prepared once for the
/// row: the output is `combine(prepareFirst(x), prepareSecond(y))`. Each operand's preparation depends
/// on that operand alone (its offset, its scaling), so hoisting it changes no bit.
///
/// The functions requantize with `FixedPoint`'s branch-free forms for non-negative multipliers
/// (`multiplyByNonNegative…`), equal to TFLM's `MultiplyByQuantizedMultiplier…` over the ranges each
/// operator's validation admits (multipliers ≥ 0, shifts in `-31...30`, or `-31...0` for the
/// multipliers below one), and cheaper on Cortex-M (no saturation test, shifts for multiplies).
protocol BinaryElementFunction {
    /// The first operand's value as the combination takes it.
    func prepareFirst(_ x: Int8) -> Int32
    /// The second operand's value as the combination takes it.
    func prepareSecond(_ y: Int8) -> Int32
    /// The output element from the two prepared operands.
    func combine(_ a: Int32, _ b: Int32) -> Int8
}

/// Runs binary element-wise operators over a ``BroadcastLayout``.
enum BinaryElementwise {
    /// Applies `function` over the validated layout at `layout`: per row, both operands contiguous,
    /// or one of them a single element prepared once. Compiled for speed (firmware is built for size)
    /// like the other packed loops: one contiguous run costs what ADD's packed loop costs.
    @_optimize(speed)
    static func run<Function: BinaryElementFunction>(
        _ function: Function, layout: UnsafePointer<Int32>, first: UnsafePointer<Int8>, second: UnsafePointer<Int8>,
        output: UnsafeMutablePointer<Int8>
    ) {
        BroadcastLayout.forEachRow(layout) { o, a, b, count, firstStep, secondStep in
            runRow(function, first: first + a, second: second + b, output: output + o, count: count, firstStep: firstStep, secondStep: secondStep)
        }
    }

    /// As ``run(_:layout:first:second:output:)``, each row's first elements by `vector` (a vector
    /// kernel that does whole vectors of the row, either operand possibly one element broadcast, and
    /// returns how many it did) and the rest by ``runRow(_:first:second:output:count:firstStep:secondStep:)``.
    @inline(__always)
    static func run<Function: BinaryElementFunction>(
        _ function: Function, _ op: OperatorRecord, in interpreter: Interpreter, layoutWord: Int,
        vector: (UnsafePointer<Int8>, UnsafePointer<Int8>, UnsafeMutablePointer<Int8>, Int, Int, Int) -> Int
    ) {
        let (first, second, output) = (interpreter.int8(op.input(0)), interpreter.int8(op.input(1)), interpreter.mutableInt8(op.output(0)))
        BroadcastLayout.forEachRow(interpreter.parameters(op).address(layoutWord)) { o, a, b, count, firstStep, secondStep in
            let done = vector(first + a, second + b, output + o, count, firstStep, secondStep)
            runRow(
                function, first: first + a + done * firstStep, second: second + b + done * secondStep, output: output + o + done,
                count: count - done, firstStep: firstStep, secondStep: secondStep)
        }
    }

    /// One row of ``run(_:layout:first:second:output:)``: `count` outputs from both operands
    /// contiguous (a step of 1), or from one of them a single element (a step of 0) prepared once.
    @_optimize(speed) @inline(__always)
    static func runRow<Function: BinaryElementFunction>(
        _ function: Function, first x: UnsafePointer<Int8>, second y: UnsafePointer<Int8>, output z: UnsafeMutablePointer<Int8>,
        count: Int, firstStep: Int, secondStep: Int
    ) {
        if firstStep != 0 && secondStep != 0 {
            var i = 0
            while i < count {
                z[i] = function.combine(function.prepareFirst(x[i]), function.prepareSecond(y[i]))
                i &+= 1
            }
        } else if secondStep != 0 {
            let prepared = function.prepareFirst(x[0])
            var i = 0
            while i < count {
                z[i] = function.combine(prepared, function.prepareSecond(y[i]))
                i &+= 1
            }
        } else if firstStep != 0 {
            let prepared = function.prepareSecond(y[0])
            var i = 0
            while i < count {
                z[i] = function.combine(function.prepareFirst(x[i]), prepared)
                i &+= 1
            }
        } else {
            z.update(repeating: function.combine(function.prepareFirst(x[0]), function.prepareSecond(y[0])), count: count)
        }
    }

    /// Runs `function` over operator `op`'s two inputs and its output with the layout at word `layoutWord`.
    @inline(__always)
    static func run<Function: BinaryElementFunction>(
        _ function: Function, _ op: OperatorRecord, in interpreter: Interpreter, layoutWord: Int
    ) {
        run(
            function, layout: interpreter.parameters(op).address(layoutWord), first: interpreter.int8(op.input(0)),
            second: interpreter.int8(op.input(1)), output: interpreter.mutableInt8(op.output(0)))
    }

    /// One element operation per output value (MAXIMUM, MINIMUM); requantizing operators count more.
    static func work<Operands: OperandShapes>(of operands: Operands, operationsPerElement: Int) -> OperatorWork {
        OperatorWork(
            elementwiseOperations: OperatorWork.product(operationsPerElement, operands.outputElementCount(0)),
            costClass: .elementwise)
    }
}

extension OperatorValidation {
    /// The checks every binary element-wise operator shares: two int8 inputs (in the arena or
    /// constant), one int8 output in the arena, `parameters` words, and a ``BroadcastLayout`` at
    /// word `layoutWord` that keeps every index inside both inputs and covers the output.
    func binaryElementwise(parameters: Int, layoutWord: Int) throws(ModelError) {
        try counts(inputs: 2...2, outputs: 1)
        let a = try anyStorageInput(0, .int8)
        let b = try anyStorageInput(1, .int8)
        let y = try output(0, .int8)
        try parameterCount(parameters)
        try BroadcastLayout.validate(self, at: layoutWord, output: y, first: a, second: b)
    }

    /// The input at `position`, of element type `type`, in the arena or constant.
    func anyStorageInput(_ position: Int, _ type: ElementType) throws(ModelError) -> TensorRecord {
        let t = record.input(position)
        guard t >= 0 else { throw .tensorIndexOutOfRange(operator: index, index: t) }
        let tensor = model.tensor(t)
        guard tensor.elementType == type else { throw .elementTypeMismatch(operator: index, tensor: t) }
        return tensor
    }
}
