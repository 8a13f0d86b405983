extension AveragePool2D {
    /// The same result as ``run(_:input:inputShape:output:outputShape:)``, bit for bit, for Cortex-M
    /// firmware: four channels at a time, each window element read as one word whose four bytes are
    /// sign-extended into four sums (one `SXTAB` each); the last `depth % 4` channels one by one.
    @_optimize(speed)
    public static func runPacked(
        _ p: PoolingParameters, input: UnsafePointer<Int8>, inputShape: Shape4,
        output: UnsafeMutablePointer<Int8>, outputShape: Shape4
    ) {
        let depth = outputShape.channels
        let rowStep = inputShape.width &* depth
        for b in 0..<outputShape.batches {
            for outY in 0..<outputShape.height {
                for outX in 0..<outputShape.width {
                    let window = p.clippedWindow(outY: outY, outX: outX, inputShape: inputShape)
                    let rows = max(0, window.endY &- window.startY), columns = max(0, window.endX &- window.startX)
                    let count = Int32(rows &* columns)
                    let first = input + inputShape.offset(b, max(0, window.startY), max(0, window.startX), 0)
                    let outputPixel = output + outputShape.offset(b, outY, outX, 0)
                    var c = 0
                    while c < depth {
                        // Four channels from one word where four are left, else one.
                        let lanes = c &+ 4 <= depth ? 4 : 1
                        var sums: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
                        var xRow = first + c
                        var row = 0
                        while row < rows {
                            var x = xRow
                            var column = 0
                            while column < columns {
                                if lanes == 4 {
                                    let word = UInt32(bitPattern: HalfwordPairs.load(x))
                                    sums.0 &+= Int32(Int8(truncatingIfNeeded: word))
                                    sums.1 &+= Int32(Int8(truncatingIfNeeded: word &>> 8))
                                    sums.2 &+= Int32(Int8(truncatingIfNeeded: word &>> 16))
                                    sums.3 &+= Int32(Int8(truncatingIfNeeded: word &>> 24))
                                } else {
                                    sums.0 &+= Int32(x[0])
                                }
                                x += depth
                                column &+= 1
                            }
                            xRow += rowStep
                            row &+= 1
                        }
                        outputPixel[c] = average(sums.0, count, p.activation)
                        if lanes == 4 {
                            outputPixel[c &+ 1] = average(sums.1, count, p.activation)
                            outputPixel[c &+ 2] = average(sums.2, count, p.activation)
                            outputPixel[c &+ 3] = average(sums.3, count, p.activation)
                        }
                        c &+= lanes
                    }
                }
            }
        }
    }

    /// The sum divided by the element count, rounded half away from zero, clamped (as the reference).
    @inline(__always)
    static func average(_ sum: Int32, _ count: Int32, _ activation: ActivationRange) -> Int8 {
        let value = count == 0 ? 0 : (sum > 0 ? (sum &+ count / 2) / count : (sum &- count / 2) / count)
        return Int8(truncatingIfNeeded: activation.clamp(value))
    }
}
