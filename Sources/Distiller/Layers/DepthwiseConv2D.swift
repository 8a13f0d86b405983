import EdgeModel

/// A depthwise 2-D convolution (depth multiplier 1): each channel has its own `k × k` filter.
///
/// Filters are stored `[1, kernel, kernel, channels]`, like the runtime.
public final class DepthwiseConv2D: Layer {
    /// Filters `[1, kernelSize, kernelSize, channels]`.
    public let weight: Parameter
    /// Biases `[channels]`.
    public let bias: Parameter
    /// Window step.
    public let stride: Int
    /// Spacing between filter taps.
    public let dilation: Int
    /// Border handling.
    public let padding: Padding
    private var lastInput = Tensor(shape: [0])

    /// Channels in and out.
    public var channels: Int { weight.value.shape[3] }
    /// Filter height and width.
    public var kernelSize: Int { weight.value.shape[1] }

    /// Creates the layer with He-uniform filters and zero biases.
    public init<G: RandomNumberGenerator>(
        channels: Int, kernelSize: Int, stride: Int = 1, dilation: Int = 1, padding: Padding = .same,
        name: String = "depthwise", using generator: inout G
    ) {
        precondition(kernelSize > 0 && stride > 0 && dilation > 0, "kernel, stride and dilation must be positive")
        let limit = (6 / Float(kernelSize * kernelSize)).squareRoot()
        weight = Parameter(name: "\(name).weight", value: .uniform(shape: [1, kernelSize, kernelSize, channels], in: -limit...limit, using: &generator))
        bias = Parameter(name: "\(name).bias", value: Tensor(shape: [channels]), isDecayed: false)
        self.stride = stride
        self.dilation = dilation
        self.padding = padding
    }

    /// `depthwise 3×3×16 s1 d1 same`.
    public var description: String { "depthwise \(kernelSize)×\(kernelSize)×\(channels) s\(stride) d\(dilation) \(padding.rawValue)" }
    /// Filters and biases.
    public var parameters: [Parameter] { [weight, bias] }

    func geometry(height: Int, width: Int) -> (WindowGeometry, WindowGeometry) {
        (WindowGeometry(input: height, kernel: kernelSize, stride: stride, dilation: dilation, padding: padding),
         WindowGeometry(input: width, kernel: kernelSize, stride: stride, dilation: dilation, padding: padding))
    }

    /// `[N, H, W, C]` to `[N, OH, OW, C]`.
    public func outputShape(for inputShape: [Int]) -> [Int]? {
        guard inputShape.count == 4, inputShape[3] == channels else { return nil }
        let (rows, cols) = geometry(height: inputShape[1], width: inputShape[2])
        guard rows.output > 0, cols.output > 0 else { return nil }
        return [inputShape[0], rows.output, cols.output, channels]
    }

    /// Visits every (output position, tap) pair whose input position is inside the image.
    private func forEachTap(_ inputShape: [Int], _ body: (_ outputIndex: Int, _ inputIndex: Int, _ tapIndex: Int) -> Void) {
        let (rows, cols) = geometry(height: inputShape[1], width: inputShape[2])
        let c = channels
        for item in 0..<inputShape[0] {
            for outY in 0..<rows.output {
                for outX in 0..<cols.output {
                    let outputBase = ((item * rows.output + outY) * cols.output + outX) * c
                    for ky in 0..<kernelSize {
                        let y = outY * stride - rows.paddingBefore + ky * dilation
                        guard y >= 0 && y < rows.input else { continue }
                        for kx in 0..<kernelSize {
                            let x = outX * stride - cols.paddingBefore + kx * dilation
                            guard x >= 0 && x < cols.input else { continue }
                            body(outputBase, ((item * rows.input + y) * cols.input + x) * c, (ky * kernelSize + kx) * c)
                        }
                    }
                }
            }
        }
    }

    /// Per-channel sliding window.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard let shape = outputShape(for: input.shape) else { preconditionFailure("\(description) cannot take input \(input.shape)") }
        lastInput = input
        var output = Tensor(shape: shape)
        let c = channels
        output.scalars.withUnsafeMutableBufferPointer { out in
            input.scalars.withUnsafeBufferPointer { x in
                weight.value.scalars.withUnsafeBufferPointer { w in
                    forEachTap(input.shape) { o, i, t in
                        for channel in 0..<c { out[o + channel] += x[i + channel] * w[t + channel] }
                    }
                    bias.value.scalars.withUnsafeBufferPointer { b in
                        for position in Swift.stride(from: 0, to: out.count, by: c) {
                            for channel in 0..<c { out[position + channel] += b[channel] }
                        }
                    }
                }
            }
        }
        return output
    }

    /// Gradients of filters, biases and input.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        var inputGradient = Tensor(shape: lastInput.shape)
        let c = channels
        outputGradient.scalars.withUnsafeBufferPointer { dy in
            lastInput.scalars.withUnsafeBufferPointer { x in
                weight.value.scalars.withUnsafeBufferPointer { w in
                    weight.gradient.scalars.withUnsafeMutableBufferPointer { dw in
                        inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
                            forEachTap(lastInput.shape) { o, i, t in
                                for channel in 0..<c {
                                    dw[t + channel] += dy[o + channel] * x[i + channel]
                                    dx[i + channel] += dy[o + channel] * w[t + channel]
                                }
                            }
                        }
                    }
                }
            }
            bias.gradient.scalars.withUnsafeMutableBufferPointer { db in
                for position in Swift.stride(from: 0, to: dy.count, by: c) {
                    for channel in 0..<c { db[channel] += dy[position + channel] }
                }
            }
        }
        return inputGradient
    }
}
