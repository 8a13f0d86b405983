import EdgeRuntime

extension OperatorParameters {
    /// TRANSPOSE_CONV: TFLM's Prepare computes the padding as a convolution from the output's size
    /// (dilation 1) and the per-channel multipliers as CONV_2D's, `double(s_in)·double(s_w[c])/double(s_out)`.
    func transposeConvolution(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let filter = try tensor(op, input: 1, index)
        let input = try tensor(op, input: 2, index)
        let out = try output(op, index)
        let x = try quantization(input, op, index)
        let w = try quantization(filter, op, index)
        let y = try quantization(out, op, index)
        try require(input.shape.count == 4 && filter.shape.count == 4 && out.shape.count == 4, op, index, "input, filter and output must be 4-D")
        let channels = filter.shape[0]
        try require(w.scales.count == 1 || w.scales.count == channels, op, index, "filter has \(w.scales.count) scales for \(channels) output channels")
        let o = op.options
        func pad(_ stride: Int, _ size: Int, _ filter: Int) -> Int {
            let convolved = Self.outputSize(o.padding, input: size, filter: filter, stride: stride, dilation: 1)
            return Self.padding(o.padding, stride: stride, dilation: 1, input: size, filter: filter, output: convolved)
        }
        let window = try window(
            op, index, strideHeight: o.strideHeight, strideWidth: o.strideWidth, filterHeight: filter.shape[1],
            filterWidth: filter.shape[2], padTop: pad(o.strideHeight, out.shape[1], filter.shape[1]),
            padLeft: pad(o.strideWidth, out.shape[2], filter.shape[2]))
        let multipliers = (0..<channels).map { c in
            QuantizedMultiplier(Double(x.scale) * Double(w.scales.count == 1 ? w.scales[0] : w.scales[c]) / Double(y.scale))
        }
        return Conv2D.Parameters.words(
            window: window, inputOffset: -x.zeroPoint, outputOffset: y.zeroPoint,
            activation: activationRange(o.fusedActivation, output: y), multipliers: multipliers.map(\.multiplier),
            shifts: multipliers.map(\.shift))
    }
}
