/// Weights quantized symmetrically to int8 in `[−127, 127]` with zero point 0, one scale per tensor
/// (dense layers) or per output channel (convolutions), as TFLite's int8 specification requires.
public struct SymmetricWeights: Sendable, Equatable {
    /// `max|w| / 127` per channel (or one value); a channel of zeros gets `1 / 127`.
    public var scales: [Float]
    /// The quantized weights, in the layout of the float weights.
    public var values: [Int8]

    /// Quantizes `weights` with one scale per channel, where `channelOf(i)` names the channel of
    /// element `i` and there are `channelCount` channels (pass 1 and `{ _ in 0 }` for per tensor).
    public init(_ weights: [Float], channelCount: Int, channelOf: (Int) -> Int) {
        var maximum = [Float](repeating: 0, count: channelCount)
        for (index, weight) in weights.enumerated() {
            maximum[channelOf(index)] = max(maximum[channelOf(index)], abs(weight))
        }
        let scales = maximum.map { $0 > 0 ? $0 / 127 : 1 / 127 }
        self.scales = scales
        values = weights.enumerated().map { index, weight in
            Int8(max(-127, min(127, (weight / scales[channelOf(index)]).rounded())))
        }
    }

    /// Biases as int32 with scale `inputScale · scales[c]` per channel (zero point 0).
    public func quantizedBiases(_ biases: [Float], inputScale: Float) -> [Int32] {
        biases.enumerated().map { channel, bias in
            let step = Double(inputScale) * Double(scales[scales.count == 1 ? 0 : channel])
            return Int32(max(Double(Int32.min), min(Double(Int32.max), (Double(bias) / step).rounded())))
        }
    }
}
