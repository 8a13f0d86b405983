/// Reference int8 DEPTHWISE_CONV_2D with a depth multiplier and per-channel requantization,
/// bit-exact with TFLM's `reference_integer_ops::DepthwiseConvPerChannel`.
public enum DepthwiseConv2D {
    /// Geometry and quantization constants, precomputed by the model writer.
    public struct Parameters {
        /// Stride, dilation, padding.
        public var window: WindowGeometry
        /// Output channels per input channel.
        public var depthMultiplier: Int
        /// `-inputZeroPoint`.
        public var inputOffset: Int32
        /// `outputZeroPoint`.
        public var outputOffset: Int32
        /// Output clamp.
        public var activation: ActivationRange
        /// One Q31 multiplier per output channel.
        public var multipliers: UnsafePointer<Int32>
        /// One shift per output channel.
        public var shifts: UnsafePointer<Int32>

        /// Creates parameters.
        public init(window: WindowGeometry, depthMultiplier: Int, inputOffset: Int32, outputOffset: Int32, activation: ActivationRange, multipliers: UnsafePointer<Int32>, shifts: UnsafePointer<Int32>) {
            self.window = window
            self.depthMultiplier = depthMultiplier
            self.inputOffset = inputOffset
            self.outputOffset = outputOffset
            self.activation = activation
            self.multipliers = multipliers
            self.shifts = shifts
        }
    }

    /// Fixed words before the per-channel multipliers and shifts.
    public static let fixedParameterWords = 11

    /// Convolves each input channel with its own `depthMultiplier` filters; filter `[1, H, W, C·M]`.
    public static func run(
        _ p: Parameters, input: UnsafePointer<Int8>, inputShape: Shape4,
        filter: UnsafePointer<Int8>, filterHeight: Int, filterWidth: Int,
        bias: UnsafePointer<Int32>?, output: UnsafeMutablePointer<Int8>, outputShape: Shape4
    ) {
        let w = p.window
        let outputDepth = outputShape.channels
        for b in 0..<outputShape.batches {
            for outY in 0..<outputShape.height {
                let originY = outY * w.strideHeight - w.padTop
                for outX in 0..<outputShape.width {
                    let originX = outX * w.strideWidth - w.padLeft
                    for inC in 0..<inputShape.channels {
                        for m in 0..<p.depthMultiplier {
                            let outC = m + inC * p.depthMultiplier
                            let accumulator = accumulate(
                                p, input: input, inputShape: inputShape, filter: filter, filterHeight: filterHeight,
                                filterWidth: filterWidth, outputDepth: outputDepth, batch: b, originY: originY, originX: originX,
                                inputChannel: inC, outputChannel: outC)
                            output[outputShape.offset(b, outY, outX, outC)] = perChannelOutput(
                                accumulator, channel: outC, bias: bias, multipliers: p.multipliers, shifts: p.shifts,
                                outputOffset: p.outputOffset, activation: p.activation)
                        }
                    }
                }
            }
        }
    }

    /// `Σ f·(x + inputOffset)` over the filter window of one output position and channel, skipping
    /// taps outside the image.
    @inline(__always)
    static func accumulate(
        _ p: Parameters, input: UnsafePointer<Int8>, inputShape: Shape4, filter: UnsafePointer<Int8>,
        filterHeight: Int, filterWidth: Int, outputDepth: Int, batch b: Int, originY: Int, originX: Int,
        inputChannel: Int, outputChannel: Int
    ) -> Int32 {
        let w = p.window
        var accumulator: Int32 = 0
        for filterY in 0..<filterHeight {
            let inY = originY + w.dilationHeight * filterY
            if inY < 0 || inY >= inputShape.height { continue }
            for filterX in 0..<filterWidth {
                let inX = originX + w.dilationWidth * filterX
                if inX < 0 || inX >= inputShape.width { continue }
                let inputValue = Int32(input[inputShape.offset(b, inY, inX, inputChannel)])
                let filterValue = Int32(filter[(filterY * filterWidth + filterX) * outputDepth + outputChannel])
                accumulator &+= filterValue &* (inputValue &+ p.inputOffset)
            }
        }
        return accumulator
    }
}
