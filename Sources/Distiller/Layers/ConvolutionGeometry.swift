import EdgeModel

/// Output size and padding of a sliding window along one dimension, with TFLite's rules:
/// `same` gives `ceil(input / stride)` outputs and puts the odd padding pixel at the end.
public struct WindowGeometry: Sendable, Equatable {
    /// Input length.
    public var input: Int
    /// Output length.
    public var output: Int
    /// Zero padding before the first input element.
    public var paddingBefore: Int

    /// Computes the geometry; `output` is 0 when the window does not fit.
    public init(input: Int, kernel: Int, stride: Int, dilation: Int, padding: Padding) {
        let effectiveKernel = (kernel - 1) * dilation + 1
        self.input = input
        switch padding {
        case .valid:
            output = input >= effectiveKernel ? (input - effectiveKernel) / stride + 1 : 0
            paddingBefore = 0
        case .same:
            output = (input + stride - 1) / stride
            let total = max((output - 1) * stride + effectiveKernel - input, 0)
            paddingBefore = total / 2
        }
    }
}
