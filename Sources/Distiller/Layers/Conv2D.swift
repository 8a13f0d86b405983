import EdgeModel

/// A 2-D convolution on NHWC images through im2col and the blocked GEMM.
///
/// Filters are stored OHWI, `[outputChannels, kernel, kernel, inputChannels]`, like the runtime.
/// Supports stride, dilation, and `same` or `valid` padding.
public final class Conv2D: Layer {
    /// Filters `[outputChannels, kernelSize, kernelSize, inputChannels]`.
    public let weight: Parameter
    /// Biases `[outputChannels]`.
    public let bias: Parameter
    /// Window step.
    public let stride: Int
    /// Spacing between filter taps.
    public let dilation: Int
    /// Border handling.
    public let padding: Padding
    private var lastInputShape: [Int] = []
    private var columns: [Float] = []
    private var columnGradient: [Float] = []
    private var geometry: (WindowGeometry, WindowGeometry)?

    /// Input channels.
    public var inputChannels: Int { weight.value.shape[3] }
    /// Output channels.
    public var outputChannels: Int { weight.value.shape[0] }
    /// Filter height and width.
    public var kernelSize: Int { weight.value.shape[1] }

    /// Creates a convolution with He-uniform filters and zero biases.
    public init<G: RandomNumberGenerator>(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, dilation: Int = 1,
        padding: Padding = .same, name: String = "conv", using generator: inout G
    ) {
        precondition(kernelSize > 0 && stride > 0 && dilation > 0, "kernel, stride and dilation must be positive")
        let fanIn = kernelSize * kernelSize * inputChannels
        let limit = (6 / Float(fanIn)).squareRoot()
        weight = Parameter(
            name: "\(name).weight",
            value: .uniform(shape: [outputChannels, kernelSize, kernelSize, inputChannels], in: -limit...limit, using: &generator))
        bias = Parameter(name: "\(name).bias", value: Tensor(shape: [outputChannels]), isDecayed: false)
        self.stride = stride
        self.dilation = dilation
        self.padding = padding
    }

    /// `conv 5×5×1→32 s1 d1 same`.
    public var description: String {
        "conv \(kernelSize)×\(kernelSize)×\(inputChannels)→\(outputChannels) s\(stride) d\(dilation) \(padding.rawValue)"
    }
    /// Filters and biases.
    public var parameters: [Parameter] { [weight, bias] }

    func geometry(height: Int, width: Int) -> (WindowGeometry, WindowGeometry) {
        (WindowGeometry(input: height, kernel: kernelSize, stride: stride, dilation: dilation, padding: padding),
         WindowGeometry(input: width, kernel: kernelSize, stride: stride, dilation: dilation, padding: padding))
    }

    /// `[N, H, W, inputChannels]` to `[N, OH, OW, outputChannels]`.
    public func outputShape(for inputShape: [Int]) -> [Int]? {
        guard inputShape.count == 4, inputShape[3] == inputChannels else { return nil }
        let (rows, cols) = geometry(height: inputShape[1], width: inputShape[2])
        guard rows.output > 0, cols.output > 0 else { return nil }
        return [inputShape[0], rows.output, cols.output, outputChannels]
    }

    /// im2col then one GEMM: `[N·OH·OW, K·K·C] · Wᵀ`.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard let shape = outputShape(for: input.shape) else { preconditionFailure("\(description) cannot take input \(input.shape)") }
        lastInputShape = input.shape
        let (rows, cols) = geometry(height: input.shape[1], width: input.shape[2])
        geometry = (rows, cols)
        let patch = kernelSize * kernelSize * inputChannels
        let positions = shape[0] * shape[1] * shape[2]
        if columns.count == positions * patch {
            columns.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        } else {
            columns = [Float](repeating: 0, count: positions * patch)
        }
        Im2Col.gather(
            input: input.scalars, batch: input.shape[0], channels: inputChannels, rows: rows, cols: cols,
            kernel: kernelSize, stride: stride, dilation: dilation, into: &columns)
        var output = Tensor(shape: shape)
        let outputs = outputChannels
        columns.withUnsafeBufferPointer { a in
            weight.value.scalars.withUnsafeBufferPointer { b in
                output.scalars.withUnsafeMutableBufferPointer { c in
                    MatrixMultiplication.multiply(
                        rows: positions, columns: outputs, depth: patch, a: a.baseAddress!, leadingA: patch,
                        b: b.baseAddress!, layoutB: .transposed, leadingB: patch, c: c.baseAddress!, leadingC: outputs)
                    for position in 0..<positions {
                        for channel in 0..<outputs { c[position * outputs + channel] += bias.value.scalars[channel] }
                    }
                }
            }
        }
        return output
    }

    /// `dW += dYᵀ·columns`, `db += Σ dY`, `dX = col2im(dY·W)`.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        guard let (rows, cols) = geometry else { preconditionFailure("backward before forward") }
        let patch = kernelSize * kernelSize * inputChannels
        let outputs = outputChannels
        let positions = outputGradient.count / outputs
        if columnGradient.count != positions * patch {
            columnGradient = [Float](repeating: 0, count: positions * patch)
        }
        outputGradient.scalars.withUnsafeBufferPointer { dy in
            columns.withUnsafeBufferPointer { x in
                weight.gradient.scalars.withUnsafeMutableBufferPointer { dw in
                    MatrixMultiplication.multiply(
                        rows: outputs, columns: patch, depth: positions, a: dy.baseAddress!, layoutA: .transposed,
                        leadingA: outputs, b: x.baseAddress!, leadingB: patch, c: dw.baseAddress!, leadingC: patch, accumulate: true)
                }
            }
            bias.gradient.scalars.withUnsafeMutableBufferPointer { db in
                for position in 0..<positions {
                    for channel in 0..<outputs { db[channel] += dy[position * outputs + channel] }
                }
            }
            weight.value.scalars.withUnsafeBufferPointer { w in
                columnGradient.withUnsafeMutableBufferPointer { dc in
                    MatrixMultiplication.multiply(
                        rows: positions, columns: patch, depth: outputs, a: dy.baseAddress!, leadingA: outputs,
                        b: w.baseAddress!, leadingB: patch, c: dc.baseAddress!, leadingC: patch)
                }
            }
        }
        var inputGradient = Tensor(shape: lastInputShape)
        Im2Col.scatter(
            columns: columnGradient, batch: lastInputShape[0], channels: inputChannels, rows: rows, cols: cols,
            kernel: kernelSize, stride: stride, dilation: dilation, into: &inputGradient.scalars)
        return inputGradient
    }
}

/// Gathers convolution patches into rows (im2col) and scatters them back, adding (col2im).
/// Both split the batch over the ``ThreadPool``: images write disjoint rows and pixels.
enum Im2Col {
    static func gather(
        input: [Float], batch: Int, channels: Int, rows: WindowGeometry, cols: WindowGeometry,
        kernel: Int, stride: Int, dilation: Int, into columns: inout [Float]
    ) {
        let patch = kernel * kernel * channels
        let positionsPerImage = rows.output * cols.output
        input.withUnsafeBufferPointer { sourceBuffer in
            columns.withUnsafeMutableBufferPointer { destinationBuffer in
                let (source, destination) = (sourceBuffer.baseAddress!, destinationBuffer.baseAddress!)
                ThreadPool.shared.forEachRange(batch) { items in
                    for item in items {
                        let image = source + item * rows.input * cols.input * channels
                        var row = item * positionsPerImage
                        for outY in 0..<rows.output {
                            for outX in 0..<cols.output {
                                let target = destination + row * patch
                                for ky in 0..<kernel {
                                    let y = outY * stride - rows.paddingBefore + ky * dilation
                                    guard y >= 0 && y < rows.input else { continue }
                                    for kx in 0..<kernel {
                                        let x = outX * stride - cols.paddingBefore + kx * dilation
                                        guard x >= 0 && x < cols.input else { continue }
                                        (target + (ky * kernel + kx) * channels).update(from: image + (y * cols.input + x) * channels, count: channels)
                                    }
                                }
                                row += 1
                            }
                        }
                    }
                }
            }
        }
    }

    static func scatter(
        columns: [Float], batch: Int, channels: Int, rows: WindowGeometry, cols: WindowGeometry,
        kernel: Int, stride: Int, dilation: Int, into output: inout [Float]
    ) {
        let patch = kernel * kernel * channels
        let positionsPerImage = rows.output * cols.output
        columns.withUnsafeBufferPointer { sourceBuffer in
            output.withUnsafeMutableBufferPointer { destinationBuffer in
                let (source, destination) = (sourceBuffer.baseAddress!, destinationBuffer.baseAddress!)
                ThreadPool.shared.forEachRange(batch) { items in
                    for item in items {
                        let image = destination + item * rows.input * cols.input * channels
                        var row = item * positionsPerImage
                        for outY in 0..<rows.output {
                            for outX in 0..<cols.output {
                                let from = source + row * patch
                                for ky in 0..<kernel {
                                    let y = outY * stride - rows.paddingBefore + ky * dilation
                                    guard y >= 0 && y < rows.input else { continue }
                                    for kx in 0..<kernel {
                                        let x = outX * stride - cols.paddingBefore + kx * dilation
                                        guard x >= 0 && x < cols.input else { continue }
                                        let target = image + (y * cols.input + x) * channels
                                        let patchValues = from + (ky * kernel + kx) * channels
                                        for channel in 0..<channels { target[channel] += patchValues[channel] }
                                    }
                                }
                                row += 1
                            }
                        }
                    }
                }
            }
        }
    }
}
