/// Reference int8 AVERAGE_POOL_2D, bit-exact with TFLM's `reference_integer_ops::AveragePool`:
/// the sum over the clipped window divided by its element count, rounded half away from zero.
public enum AveragePool2D {
    /// Averages every window of `input` into `output` (same scale and zero point).
    public static func run(
        _ p: PoolingParameters, input: UnsafePointer<Int8>, inputShape: Shape4,
        output: UnsafeMutablePointer<Int8>, outputShape: Shape4
    ) {
        for b in 0..<outputShape.batches {
            for outY in 0..<outputShape.height {
                for outX in 0..<outputShape.width {
                    let window = p.clippedWindow(outY: outY, outX: outX, inputShape: inputShape)
                    let count = Int32((window.endY - window.startY) * (window.endX - window.startX))
                    for c in 0..<outputShape.channels {
                        var sum: Int32 = 0
                        for y in window.startY..<window.endY {
                            for x in window.startX..<window.endX {
                                sum &+= Int32(input[inputShape.offset(b, y, x, c)])
                            }
                        }
                        let average = count == 0 ? 0 : (sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count)
                        output[outputShape.offset(b, outY, outX, c)] = Int8(truncatingIfNeeded: p.activation.clamp(average))
                    }
                }
            }
        }
    }
}
