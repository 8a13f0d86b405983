extension MaxPool2D {
    /// The same result as ``run(_:input:inputShape:output:outputShape:)``, bit for bit, for 64-bit
    /// hosts: per output pixel the window is clipped once and each tap's channel row is folded into
    /// the output row with a contiguous maximum that LLVM vectorizes.
    public static func runOptimized(
        _ p: PoolingParameters, input: UnsafePointer<Int8>, inputShape: Shape4,
        output: UnsafeMutablePointer<Int8>, outputShape: Shape4
    ) {
        let depth = outputShape.channels
        let low = Int8(truncatingIfNeeded: max(-128, p.activation.minimum))
        let high = Int8(truncatingIfNeeded: min(127, p.activation.maximum))
        for b in 0..<outputShape.batches {
            for outY in 0..<outputShape.height {
                for outX in 0..<outputShape.width {
                    let window = p.clippedWindow(outY: outY, outX: outX, inputShape: inputShape)
                    let row = output + outputShape.offset(b, outY, outX, 0)
                    row.update(repeating: -128, count: depth)
                    for y in window.startY..<window.endY {
                        for x in window.startX..<window.endX {
                            let tap = input + inputShape.offset(b, y, x, 0)
                            for c in 0..<depth { row[c] = max(row[c], tap[c]) }
                        }
                    }
                    for c in 0..<depth { row[c] = min(max(row[c], low), high) }
                }
            }
        }
    }
}
