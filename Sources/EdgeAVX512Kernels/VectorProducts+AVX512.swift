#if arch(x86_64)
import Builtin

/// MUL and SQUARED_DIFFERENCE rows sixteen elements at a time (AVX-512 F), with TFLM's arithmetic
/// bit for bit: each operand's offset (and SQUARED_DIFFERENCE's scaling), a 32-bit product, one
/// requantization (``Int32x16/Scaling``), the output offset and clamp. An operand may be one element
/// broadcast along the row (a step of 0). Each function does the first `count / 16 · 16` elements of
/// the row and returns how many; the caller does the rest.
public enum VectorProductsAVX512 {
    /// MUL's constants (TFLite's `MulParams` for int8).
    public struct MulConstants {
        public var input1Offset: Int32, input2Offset: Int32, outputOffset: Int32
        public var outputMultiplier: Int32, outputShift: Int32
        public var minimum: Int32, maximum: Int32

        /// Creates the constants.
        public init(
            input1Offset: Int32, input2Offset: Int32, outputOffset: Int32, outputMultiplier: Int32, outputShift: Int32,
            minimum: Int32, maximum: Int32
        ) {
            (self.input1Offset, self.input2Offset, self.outputOffset) = (input1Offset, input2Offset, outputOffset)
            (self.outputMultiplier, self.outputShift, self.minimum, self.maximum) = (outputMultiplier, outputShift, minimum, maximum)
        }
    }

    /// SQUARED_DIFFERENCE's constants (TFLM's `OpData` for int8): input shifts `≤ 0`.
    public struct SquaredDifferenceConstants {
        public var input1Offset: Int32, input2Offset: Int32, outputOffset: Int32, leftShift: Int32
        public var input1Multiplier: Int32, input1Shift: Int32, input2Multiplier: Int32, input2Shift: Int32
        public var outputMultiplier: Int32, outputShift: Int32

        /// Creates the constants.
        public init(
            input1Offset: Int32, input2Offset: Int32, outputOffset: Int32, leftShift: Int32, input1Multiplier: Int32, input1Shift: Int32,
            input2Multiplier: Int32, input2Shift: Int32, outputMultiplier: Int32, outputShift: Int32
        ) {
            (self.input1Offset, self.input2Offset, self.outputOffset, self.leftShift) = (input1Offset, input2Offset, outputOffset, leftShift)
            (self.input1Multiplier, self.input1Shift, self.input2Multiplier, self.input2Shift) = (input1Multiplier, input1Shift, input2Multiplier, input2Shift)
            (self.outputMultiplier, self.outputShift) = (outputMultiplier, outputShift)
        }
    }

    /// `clamp(outputOffset + requantize((x + offset1)·(y + offset2)))` over the row.
    @inline(never)
    public static func mul(
        _ c: MulConstants, first: UnsafePointer<Int8>, second: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>, count: Int,
        firstStep: Int, secondStep: Int
    ) -> Int {
        let scaling = Int32x16.Scaling(multiplier: c.outputMultiplier, shift: c.outputShift)
        let offset1 = Int32x16(repeating: c.input1Offset), offset2 = Int32x16(repeating: c.input2Offset)
        let offset = Int32x16(repeating: c.outputOffset), low = Int32x16(repeating: c.minimum), high = Int32x16(repeating: c.maximum)
        return forEachVector(first: first, second: second, output: output, count: count, firstStep: firstStep, secondStep: secondStep,
            prepareFirst: { $0 &+ offset1 }, prepareSecond: { $0 &+ offset2 }
        ) { a, b in
            Int32x16.minimum(Int32x16.maximum(scaling.apply(a &* b) &+ offset, low), high)
        }
    }

    /// `clamp(outputOffset + requantize((scale₁(x) − scale₂(y))²))` over the row.
    @inline(never)
    public static func squaredDifference(
        _ c: SquaredDifferenceConstants, first: UnsafePointer<Int8>, second: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>,
        count: Int, firstStep: Int, secondStep: Int
    ) -> Int {
        let scaling1 = Int32x16.Scaling(multiplier: c.input1Multiplier, rightShift: -c.input1Shift)
        let scaling2 = Int32x16.Scaling(multiplier: c.input2Multiplier, rightShift: -c.input2Shift)
        let scalingOut = Int32x16.Scaling(multiplier: c.outputMultiplier, shift: c.outputShift)
        let offset1 = Int32x16(repeating: c.input1Offset), offset2 = Int32x16(repeating: c.input2Offset)
        let left = Int32x16(repeating: c.leftShift), offset = Int32x16(repeating: c.outputOffset)
        let low = Int32x16(repeating: -128), high = Int32x16(repeating: 127)
        return forEachVector(first: first, second: second, output: output, count: count, firstStep: firstStep, secondStep: secondStep,
            prepareFirst: { scaling1.apply(Int32x16.shiftedLeft($0 &+ offset1, by: left)) },
            prepareSecond: { scaling2.apply(Int32x16.shiftedLeft($0 &+ offset2, by: left)) }
        ) { a, b in
            let difference = a &- b
            return Int32x16.minimum(Int32x16.maximum(scalingOut.apply(difference &* difference) &+ offset, low), high)
        }
    }

    /// The row's whole vectors: each operand's sixteen elements (or its one element, prepared once
    /// where its step is 0) prepared, combined, stored as bytes. Returns the elements done.
    @inline(__always)
    static func forEachVector(
        first: UnsafePointer<Int8>, second: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>, count: Int,
        firstStep: Int, secondStep: Int, prepareFirst: (Int32x16) -> Int32x16, prepareSecond: (Int32x16) -> Int32x16,
        combine: (Int32x16, Int32x16) -> Int32x16
    ) -> Int {
        let whole = count / 16 * 16
        guard whole > 0 else { return 0 }
        var i = 0
        if firstStep != 0 && secondStep != 0 {
            while i < whole {
                combine(prepareFirst(Int32x16(widening: first + i)), prepareSecond(Int32x16(widening: second + i))).storeBytes(to: output + i)
                i &+= 16
            }
        } else if firstStep != 0 {
            let b = prepareSecond(Int32x16(repeating: Int32(second[0])))
            while i < whole {
                combine(prepareFirst(Int32x16(widening: first + i)), b).storeBytes(to: output + i)
                i &+= 16
            }
        } else if secondStep != 0 {
            let a = prepareFirst(Int32x16(repeating: Int32(first[0])))
            while i < whole {
                combine(a, prepareSecond(Int32x16(widening: second + i))).storeBytes(to: output + i)
                i &+= 16
            }
        } else {
            return 0
        }
        return whole
    }
}
#endif
