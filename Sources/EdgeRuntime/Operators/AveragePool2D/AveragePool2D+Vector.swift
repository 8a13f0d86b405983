#if arch(x86_64) || arch(arm64)
extension AveragePool2D {
    /// The vector families' workspace: while running, one Int32 sum per channel.
    static func vectorNeed(_ op: OperatorRecord, in model: Model) -> WorkspaceLayout.Need? {
        WorkspaceLayout.Need(prepared: 0, transient: 4 * model.tensor(op.output(0)).dimension(3))
    }

    /// The same result as ``run(_:input:inputShape:output:outputShape:)``, bit for bit: per output
    /// pixel the window is clipped once and each tap's channel row is added into a row of Int32 sums
    /// (a contiguous loop LLVM vectorizes), then each sum is divided as the reference does.
    static func runVector(
        _ p: PoolingParameters, input: UnsafePointer<Int8>, inputShape: Shape4, output: UnsafeMutablePointer<Int8>,
        outputShape: Shape4, sums: UnsafeMutablePointer<Int32>
    ) {
        let depth = outputShape.channels
        for b in 0..<outputShape.batches {
            for outY in 0..<outputShape.height {
                for outX in 0..<outputShape.width {
                    let window = p.clippedWindow(outY: outY, outX: outX, inputShape: inputShape)
                    sums.update(repeating: 0, count: depth)
                    var y = window.startY
                    while y < window.endY {
                        var tap = input + inputShape.offset(b, y, window.startX, 0)
                        var x = window.startX
                        while x < window.endX {
                            for c in 0..<depth { sums[c] &+= Int32(tap[c]) }
                            tap += depth
                            x &+= 1
                        }
                        y &+= 1
                    }
                    let count = Int32(max(0, window.endY &- window.startY) &* max(0, window.endX &- window.startX))
                    let row = output + outputShape.offset(b, outY, outX, 0)
                    for c in 0..<depth {
                        let sum = sums[c]
                        let average = count == 0 ? 0 : (sum > 0 ? (sum &+ count / 2) / count : (sum &- count / 2) / count)
                        row[c] = Int8(truncatingIfNeeded: p.activation.clamp(average))
                    }
                }
            }
        }
    }
}
#endif
