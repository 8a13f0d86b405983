/// The window of a pooling layer: a `height × width` rectangle moved by `strideHeight` rows and
/// `strideWidth` columns, with valid padding (TFLite's `filter_height`, `filter_width` and strides).
public struct PoolWindow: Sendable, Equatable {
    /// Window rows.
    public var height: Int
    /// Window columns.
    public var width: Int
    /// Step between windows down the rows.
    public var strideHeight: Int
    /// Step between windows across the columns.
    public var strideWidth: Int

    /// A window with strides that default to its size (windows side by side, no overlap).
    public init(height: Int, width: Int, strideHeight: Int? = nil, strideWidth: Int? = nil) {
        precondition(height > 0 && width > 0 && (strideHeight ?? 1) > 0 && (strideWidth ?? 1) > 0,
                     "pool window and strides must be positive")
        (self.height, self.width) = (height, width)
        (self.strideHeight, self.strideWidth) = (strideHeight ?? height, strideWidth ?? width)
    }

    /// A square window, stride `stride` (default: the size) both ways.
    public init(size: Int, stride: Int? = nil) {
        self.init(height: size, width: size, strideHeight: stride ?? size, strideWidth: stride ?? size)
    }

    /// The number of values in one window.
    public var area: Int { height * width }

    /// `2×2 s2`, `5×1 s1×1`.
    public var description: String {
        let stride = strideHeight == strideWidth ? "s\(strideHeight)" : "s\(strideHeight)×\(strideWidth)"
        return "\(height)×\(width) \(stride)"
    }

    /// `[N, H, W, C]` to `[N, (H − height) / strideHeight + 1, (W − width) / strideWidth + 1, C]`,
    /// or `nil` when the window is larger than the input.
    public func outputShape(for inputShape: [Int]) -> [Int]? {
        guard inputShape.count == 4, inputShape[1] >= height, inputShape[2] >= width else { return nil }
        return [inputShape[0], (inputShape[1] - height) / strideHeight + 1, (inputShape[2] - width) / strideWidth + 1, inputShape[3]]
    }

    /// Calls `body` with each output index and every input index of its window, for `[N, H, W, C]`
    /// inputs and the matching output shape.
    func forEachTap(inputShape: [Int], outputShape: [Int], _ body: (_ outputIndex: Int, _ inputIndex: Int) -> Void) {
        let (height, width, channels) = (inputShape[1], inputShape[2], inputShape[3])
        for item in 0..<outputShape[0] {
            for outY in 0..<outputShape[1] {
                for outX in 0..<outputShape[2] {
                    let outputBase = ((item * outputShape[1] + outY) * outputShape[2] + outX) * channels
                    for ky in 0..<self.height {
                        for kx in 0..<self.width {
                            let inputBase = ((item * height + outY * strideHeight + ky) * width + outX * strideWidth + kx) * channels
                            for channel in 0..<channels { body(outputBase + channel, inputBase + channel) }
                        }
                    }
                }
            }
        }
    }
}
