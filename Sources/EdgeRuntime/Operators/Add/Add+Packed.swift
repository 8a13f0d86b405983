extension Add {
    /// The same result as ``run(_:first:second:output:count:)``, bit for bit, for Cortex-M firmware:
    /// the three requantizations use the branch-free form (validation keeps multipliers non-negative
    /// and shifts at most zero), whose per-layer constants the compiler lifts out of the loop.
    @_optimize(speed)
    public static func runPacked(
        _ p: Parameters, first: UnsafePointer<Int8>, second: UnsafePointer<Int8>,
        output: UnsafeMutablePointer<Int8>, count: Int
    ) {
        var i = 0
        while i < count {
            let shifted1 = (p.input1Offset &+ Int32(first[i])) &<< p.leftShift
            let shifted2 = (p.input2Offset &+ Int32(second[i])) &<< p.leftShift
            let scaled1 = FixedPoint.multiplyByNonNegativeSmallerThanOne(shifted1, p.input1Multiplier, p.input1Shift)
            let scaled2 = FixedPoint.multiplyByNonNegativeSmallerThanOne(shifted2, p.input2Multiplier, p.input2Shift)
            let sum = FixedPoint.multiplyByNonNegativeSmallerThanOne(scaled1 &+ scaled2, p.outputMultiplier, p.outputShift)
            output[i] = Int8(truncatingIfNeeded: p.activation.clamp(sum &+ p.outputOffset))
            i &+= 1
        }
    }
}
