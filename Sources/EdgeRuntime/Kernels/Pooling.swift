/// Window and clamp of an int8 pooling operator, shared by AVERAGE_POOL_2D and MAX_POOL_2D.
public struct PoolingParameters: Equatable, Sendable {
    /// Stride and padding (dilation is always one).
    public var window: WindowGeometry
    /// Window rows.
    public var filterHeight: Int
    /// Window columns.
    public var filterWidth: Int
    /// Output clamp.
    public var activation: ActivationRange

    /// Creates parameters.
    public init(window: WindowGeometry, filterHeight: Int, filterWidth: Int, activation: ActivationRange) {
        self.window = window
        self.filterHeight = filterHeight
        self.filterWidth = filterWidth
        self.activation = activation
    }

    /// Words these parameters take in a model file.
    public static let parameterWords = 8

    /// The clipped window `[startY, endY) × [startX, endX)` of output position `(outY, outX)`.
    @inline(__always)
    func clippedWindow(outY: Int, outX: Int, inputShape: Shape4) -> (startY: Int, endY: Int, startX: Int, endX: Int) {
        let originY = outY * window.strideHeight - window.padTop
        let originX = outX * window.strideWidth - window.padLeft
        return (
            max(0, -originY) + originY, min(filterHeight, inputShape.height - originY) + originY,
            max(0, -originX) + originX, min(filterWidth, inputShape.width - originX) + originX
        )
    }
}
