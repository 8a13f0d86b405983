#if arch(x86_64)
import EdgeAVX512Kernels

extension MaxPool2D {
    /// The same result as ``runOptimized(_:input:inputShape:output:outputShape:)`` with AVX-512:
    /// per output pixel the window is clipped once and its taps' channel rows meet in
    /// ``VectorMaxPoolAVX512``.
    static func runAVX512(
        _ p: PoolingParameters, input: UnsafePointer<Int8>, inputShape: Shape4, output: UnsafeMutablePointer<Int8>, outputShape: Shape4
    ) {
        let depth = outputShape.channels
        let low = Int8(truncatingIfNeeded: max(-128, p.activation.minimum))
        let high = Int8(truncatingIfNeeded: min(127, p.activation.maximum))
        for b in 0..<outputShape.batches {
            for outY in 0..<outputShape.height {
                for outX in 0..<outputShape.width {
                    let window = p.clippedWindow(outY: outY, outX: outX, inputShape: inputShape)
                    let rows = max(0, window.endY &- window.startY), columns = max(0, window.endX &- window.startX)
                    VectorMaxPoolAVX512.maximum(
                        input + inputShape.offset(b, rows > 0 ? window.startY : 0, columns > 0 ? window.startX : 0, 0),
                        rowStride: inputShape.width &* depth, columnStride: depth, rows: rows, columns: columns, depth: depth,
                        minimum: low, maximum: high, output: output + outputShape.offset(b, outY, outX, 0))
                }
            }
        }
    }
}
#endif
