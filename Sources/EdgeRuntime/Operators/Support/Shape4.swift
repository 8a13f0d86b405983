/// A 4-D NHWC shape: batch, height, width, channels.
public struct Shape4: Equatable, Sendable {
    /// Batch count.
    public var batches: Int
    /// Rows.
    public var height: Int
    /// Columns.
    public var width: Int
    /// Channels (innermost).
    public var channels: Int

    /// Creates a shape.
    @inline(__always)
    public init(batches: Int, height: Int, width: Int, channels: Int) {
        self.batches = batches
        self.height = height
        self.width = width
        self.channels = channels
    }

    /// Number of elements.
    public var elementCount: Int { batches * height * width * channels }

    /// Flat index of element `(b, y, x, c)`.
    @inline(__always)
    public func offset(_ b: Int, _ y: Int, _ x: Int, _ c: Int) -> Int {
        ((b &* height &+ y) &* width &+ x) &* channels &+ c
    }
}

/// The clamp applied to a kernel's int8 output (the fused activation, folded by the writer).
public struct ActivationRange: Equatable, Sendable {
    /// Smallest output value.
    public var minimum: Int32
    /// Largest output value.
    public var maximum: Int32

    /// Creates a clamp range.
    @inline(__always)
    public init(minimum: Int32, maximum: Int32) {
        self.minimum = minimum
        self.maximum = maximum
    }

    /// The full int8 range.
    public static let int8 = ActivationRange(minimum: -128, maximum: 127)

    /// Clamps `value` into the range.
    @inline(__always)
    public func clamp(_ value: Int32) -> Int32 { min(max(value, minimum), maximum) }
}

/// Stride, dilation and top/left padding of a sliding window.
public struct WindowGeometry: Equatable, Sendable {
    /// Vertical stride.
    public var strideHeight: Int
    /// Horizontal stride.
    public var strideWidth: Int
    /// Vertical dilation.
    public var dilationHeight: Int
    /// Horizontal dilation.
    public var dilationWidth: Int
    /// Rows of padding above the input.
    public var padTop: Int
    /// Columns of padding left of the input.
    public var padLeft: Int

    /// Creates a window geometry.
    public init(strideHeight: Int, strideWidth: Int, dilationHeight: Int = 1, dilationWidth: Int = 1, padTop: Int, padLeft: Int) {
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.dilationHeight = dilationHeight
        self.dilationWidth = dilationWidth
        self.padTop = padTop
        self.padLeft = padLeft
    }
}
