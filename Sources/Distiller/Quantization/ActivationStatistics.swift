/// The values one activation tensor took during calibration: the exact minimum and maximum, and an
/// evenly strided sample of at most `sampleLimit` values for percentiles and the error search.
public struct ActivationStatistics: Sendable {
    /// The smallest value seen.
    public private(set) var minimum: Float = .infinity
    /// The largest value seen.
    public private(set) var maximum: Float = -.infinity
    /// The sampled values.
    public private(set) var samples: [Float] = []
    /// Keep every `stride`-th value.
    let stride: Int

    /// Statistics that will see about `expectedCount` values and keep at most `sampleLimit` of them.
    public init(expectedCount: Int, sampleLimit: Int = 1 << 20) {
        stride = max(1, (expectedCount + sampleLimit - 1) / sampleLimit)
        samples.reserveCapacity(min(expectedCount, sampleLimit))
    }

    /// Records a batch of values.
    public mutating func record(_ values: [Float]) {
        for value in values {
            minimum = min(minimum, value)
            maximum = max(maximum, value)
        }
        var index = 0
        while index < values.count {
            samples.append(values[index])
            index += stride
        }
    }

    /// The real range to quantize with, chosen by `method` (always containing zero).
    public func range(_ method: RangeCalibration) -> ClosedRange<Float> {
        guard minimum <= maximum else { return 0...0 }
        switch method {
        case .minimumMaximum:
            return min(minimum, 0)...max(maximum, 0)
        case .percentile(let percent):
            let sorted = samples.sorted()
            let upper = Self.quantile(sorted, percent / 100)
            let lower = Self.quantile(sorted, 1 - percent / 100)
            return min(lower, 0)...max(upper, 0)
        case .meanSquaredError:
            return meanSquaredErrorRange()
        }
    }

    /// The mean squared error of quantizing the sampled values with `quantization`.
    public func meanSquaredError(_ quantization: AffineQuantization) -> Double {
        guard !samples.isEmpty else { return 0 }
        var sum = 0.0
        for value in samples {
            let error = Double(value - quantization.roundTrip(value))
            sum += error * error
        }
        return sum / Double(samples.count)
    }

    /// Searches ranges `[f·min, f·max]` for `f` from 1 down to 0.05 on a histogram of the samples
    /// (2048 bins, each standing for its centre) and returns the one with the smallest error.
    func meanSquaredErrorRange() -> ClosedRange<Float> {
        let lower = min(minimum, 0), upper = max(maximum, 0)
        guard upper > lower else { return lower...upper }
        let binCount = 2048
        let binWidth = (upper - lower) / Float(binCount)
        var counts = [Double](repeating: 0, count: binCount)
        for value in samples {
            counts[min(binCount - 1, max(0, Int((value - lower) / binWidth)))] += 1
        }
        let centres = (0..<binCount).map { lower + (Float($0) + 0.5) * binWidth }
        var best = (error: Double.infinity, range: lower...upper)
        for step in 0..<96 {
            let factor = 1 - Float(step) * 0.01
            let candidate = (factor * lower)...(factor * upper)
            let quantization = AffineQuantization(covering: candidate)
            var error = 0.0
            for (centre, count) in zip(centres, counts) where count > 0 {
                let difference = Double(centre - quantization.roundTrip(centre))
                error += count * difference * difference
            }
            if error < best.error { best = (error, candidate) }
        }
        return best.range
    }

    /// The value at fraction `q` of the sorted values (linear interpolation between neighbours).
    static func quantile(_ sorted: [Float], _ q: Double) -> Float {
        guard !sorted.isEmpty else { return 0 }
        let position = max(0, min(1, q)) * Double(sorted.count - 1)
        let below = Int(position.rounded(.down)), above = min(sorted.count - 1, below + 1)
        let weight = Float(position - Double(below))
        return sorted[below] * (1 - weight) + sorted[above] * weight
    }
}
