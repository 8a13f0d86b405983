/// Reference int8 CONV_2D with per-channel requantization, bit-exact with TFLM's
/// `reference_integer_ops::ConvPerChannel`.
public enum Conv2D {
    /// Geometry and quantization constants, precomputed by the model writer.
    public struct Parameters {
        /// Stride, dilation, padding.
        public var window: WindowGeometry
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
        public init(window: WindowGeometry, inputOffset: Int32, outputOffset: Int32, activation: ActivationRange, multipliers: UnsafePointer<Int32>, shifts: UnsafePointer<Int32>) {
            self.window = window
            self.inputOffset = inputOffset
            self.outputOffset = outputOffset
            self.activation = activation
            self.multipliers = multipliers
            self.shifts = shifts
        }
    }

    /// Fixed words before the per-channel multipliers and shifts.
    public static let fixedParameterWords = 10

    /// Convolves NHWC `input` with OHWI `filter`.
    public static func run(
        _ p: Parameters, input: UnsafePointer<Int8>, inputShape: Shape4,
        filter: UnsafePointer<Int8>, filterHeight: Int, filterWidth: Int,
        bias: UnsafePointer<Int32>?, output: UnsafeMutablePointer<Int8>, outputShape: Shape4
    ) {
        let inputDepth = inputShape.channels
        let w = p.window
        for b in 0..<outputShape.batches {
            for outY in 0..<outputShape.height {
                let originY = outY * w.strideHeight - w.padTop
                for outX in 0..<outputShape.width {
                    let originX = outX * w.strideWidth - w.padLeft
                    for outC in 0..<outputShape.channels {
                        var accumulator: Int32 = 0
                        for filterY in 0..<filterHeight {
                            let inY = originY + w.dilationHeight * filterY
                            if inY < 0 || inY >= inputShape.height { continue }
                            for filterX in 0..<filterWidth {
                                let inX = originX + w.dilationWidth * filterX
                                if inX < 0 || inX >= inputShape.width { continue }
                                let inputRow = input + inputShape.offset(b, inY, inX, 0)
                                let filterRow = filter + ((outC * filterHeight + filterY) * filterWidth + filterX) * inputDepth
                                for inC in 0..<inputDepth {
                                    accumulator &+= Int32(filterRow[inC]) &* (Int32(inputRow[inC]) &+ p.inputOffset)
                                }
                            }
                        }
                        output[outputShape.offset(b, outY, outX, outC)] = perChannelOutput(
                            accumulator, channel: outC, bias: bias, multipliers: p.multipliers, shifts: p.shifts,
                            outputOffset: p.outputOffset, activation: p.activation)
                    }
                }
            }
        }
    }
}
