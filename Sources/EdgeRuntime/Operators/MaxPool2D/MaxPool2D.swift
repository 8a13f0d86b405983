/// Reference int8 MAX_POOL_2D, bit-exact with TFLM's `reference_integer_ops::MaxPool`.
public enum MaxPool2D {
    /// Takes the maximum of every window of `input` (same scale and zero point as `output`).
    public static func run(
        _ p: PoolingParameters, input: UnsafePointer<Int8>, inputShape: Shape4,
        output: UnsafeMutablePointer<Int8>, outputShape: Shape4
    ) {
        for b in 0..<outputShape.batches {
            for outY in 0..<outputShape.height {
                for outX in 0..<outputShape.width {
                    let window = p.clippedWindow(outY: outY, outX: outX, inputShape: inputShape)
                    for c in 0..<outputShape.channels {
                        var largest: Int32 = -128
                        for y in window.startY..<window.endY {
                            for x in window.startX..<window.endX {
                                largest = max(largest, Int32(input[inputShape.offset(b, y, x, c)]))
                            }
                        }
                        output[outputShape.offset(b, outY, outX, c)] = Int8(truncatingIfNeeded: p.activation.clamp(largest))
                    }
                }
            }
        }
    }
}
