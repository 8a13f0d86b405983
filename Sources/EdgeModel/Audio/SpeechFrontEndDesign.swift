import EdgeRuntime
import Foundation

/// The one definition of the speech features: a periodic Hann window, triangular mel filters from
/// 20 Hz to the Nyquist frequency, the natural log of each band's energy plus `1e-6`, and an
/// orthonormal DCT-II. The distiller computes them in float for training (`SpeechFeatures`); the
/// runtime's ``AudioFrontEnd`` in fixed point from the ``tables(coefficientMeans:coefficientDeviations:inputScale:zeroPoint:)``
/// made here, with samples as int16 (the float definition reads them divided by 32 768).
public struct SpeechFrontEndDesign: Sendable, Equatable {
    /// Samples per second.
    public let sampleRate: Int
    /// The runtime's sizes.
    public let shape: AudioFrontEndShape
    /// The window, `frameSamples` values.
    public let window: [Double]
    /// Each band's first FFT bin and its weights on the bins from there.
    public let filters: [(firstBin: Int, weights: [Double])]
    /// The DCT-II, `coefficients × melBands`, orthonormal.
    public let cosines: [Double]
    /// What the float definition adds to each band energy before the logarithm.
    public static let energyFloor = 1e-6

    /// Designs the front-end; `shape` must be valid and `sampleRate` positive.
    public init(sampleRate: Int, shape: AudioFrontEndShape) {
        precondition(shape.isValid && sampleRate > 0, "invalid front-end shape \(shape)")
        (self.sampleRate, self.shape) = (sampleRate, shape)
        let n = shape.frameSamples
        window = (0..<n).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n)) }
        func mel(_ hertz: Double) -> Double { 2595 * log10(1 + hertz / 700) }
        func hertz(_ mel: Double) -> Double { 700 * (pow(10, mel / 2595) - 1) }
        let (low, high) = (mel(20), mel(Double(sampleRate) / 2))
        let bands = shape.melBands
        let edges = (0...bands + 1).map { hertz(low + (high - low) * Double($0) / Double(bands + 1)) }
        filters = (0..<bands).map { band in
            let weights = (0..<shape.frequencyBins).map { bin -> Double in
                let frequency = Double(bin) * Double(sampleRate) / Double(n)
                let (left, centre, right) = (edges[band], edges[band + 1], edges[band + 2])
                return max(0, frequency <= centre ? (frequency - left) / (centre - left) : (right - frequency) / (right - centre))
            }
            let first = weights.firstIndex { $0 > 0 } ?? 0
            let last = weights.lastIndex { $0 > 0 } ?? first
            return (first, Array(weights[first...last]))
        }
        var cosines = [Double](repeating: 0, count: shape.coefficients * bands)
        for k in 0..<shape.coefficients {
            let scale = k == 0 ? (1 / Double(bands)).squareRoot() : (2 / Double(bands)).squareRoot()
            for band in 0..<bands { cosines[k * bands + band] = scale * cos(Double.pi * Double(k) * (Double(band) + 0.5) / Double(bands)) }
        }
        self.cosines = cosines
    }

    /// Two designs are equal when their sample rate and shape are (everything else follows from them).
    public static func == (a: SpeechFrontEndDesign, b: SpeechFrontEndDesign) -> Bool {
        a.sampleRate == b.sampleRate && a.shape == b.shape
    }

    /// The fixed-point tables for the runtime: features standardized with the training split's mean and
    /// deviation per coefficient, then quantized with the model input's scale and zero point.
    public func tables(coefficientMeans: [Float], coefficientDeviations: [Float], inputScale: Float, zeroPoint: Int32) -> SpeechFrontEndTables {
        precondition(coefficientMeans.count == shape.coefficients && coefficientDeviations.count == shape.coefficients)
        let n = shape.frameSamples
        func rounded<T: FixedWidthInteger>(_ value: Double, _: T.Type) -> T { T(max(Double(T.min), min(Double(T.max), value.rounded()))) }
        var tables = SpeechFrontEndTables()
        tables.window = window.map { rounded($0 * 32_767, Int16.self) }
        tables.twiddles = (0..<n / 2).map { rounded(cos(2 * Double.pi * Double($0) / Double(n)) * 1_073_741_824, Int32.self) }
            + (0..<n / 2).map { rounded(sin(2 * Double.pi * Double($0) / Double(n)) * 1_073_741_824, Int32.self) }
        var starts: [Int16] = [0]
        for filter in filters {
            tables.bandFirstBins.append(Int16(filter.firstBin))
            tables.bandWeights += filter.weights.map { rounded($0 * 4096, UInt16.self) }
            starts.append(Int16(tables.bandWeights.count))
        }
        tables.bandWeightStarts = starts
        tables.logarithms = (0...256).map { rounded(log2(1 + Double($0) / 256) * 65_536, Int32.self) }
        tables.cosines = cosines.map { rounded($0 * 32_768, Int16.self) }
        // For an unscaled frame, integer band energies are 2^(42 − powerShift) times the float
        // definition's: samples ×2^15, so power ×2^30, shifted right by powerShift, weights ×2^12.
        let exponent = Double(42 - AudioFrontEndShape.powerShift)
        tables.energyFloor = max(1, UInt64((SpeechFrontEndDesign.energyFloor * pow(2, exponent)).rounded()))  // below 2^14
        tables.logOffset = rounded(-exponent * log(2.0) * 65_536, Int32.self)
        for (mean, deviation) in zip(coefficientMeans, coefficientDeviations) {
            tables.coefficientOffsets.append(rounded(Double(mean) * 65_536, Int32.self))
            let multiplier = QuantizedMultiplier(1 / (65_536 * Double(deviation) * Double(inputScale)))
            tables.coefficientMultipliers.append(multiplier.multiplier)
            tables.coefficientShifts.append(multiplier.shift)
        }
        tables.zeroPoint = zeroPoint
        return tables
    }
}

/// The fixed-point tables of a ``SpeechFrontEndDesign``, owned as arrays; ``withTables(_:)`` lends
/// them to an ``AudioFrontEnd``.
public struct SpeechFrontEndTables: Sendable, Equatable {
    /// See ``AudioFrontEndTables/window``.
    public var window: [Int16] = []
    /// See ``AudioFrontEndTables/twiddles``.
    public var twiddles: [Int32] = []
    /// See ``AudioFrontEndTables/bandFirstBins``.
    public var bandFirstBins: [Int16] = []
    /// See ``AudioFrontEndTables/bandWeightStarts``.
    public var bandWeightStarts: [Int16] = []
    /// See ``AudioFrontEndTables/bandWeights``.
    public var bandWeights: [UInt16] = []
    /// See ``AudioFrontEndTables/logarithms``.
    public var logarithms: [Int32] = []
    /// See ``AudioFrontEndTables/cosines``.
    public var cosines: [Int16] = []
    /// See ``AudioFrontEndTables/coefficientOffsets``.
    public var coefficientOffsets: [Int32] = []
    /// See ``AudioFrontEndTables/coefficientMultipliers``.
    public var coefficientMultipliers: [Int32] = []
    /// See ``AudioFrontEndTables/coefficientShifts``.
    public var coefficientShifts: [Int32] = []
    /// See ``AudioFrontEndTables/energyFloor``.
    public var energyFloor: UInt64 = 1
    /// See ``AudioFrontEndTables/logOffset``.
    public var logOffset: Int32 = 0
    /// See ``AudioFrontEndTables/zeroPoint``.
    public var zeroPoint: Int32 = 0

    /// The front-end file (``AudioFrontEndFile``): the header, then every table padded to 4 bytes.
    public func serialized(shape: AudioFrontEndShape, sampleRate: Int, hopSamples: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        func append<T: FixedWidthInteger>(_ values: [T]) {
            for value in values { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
            while bytes.count % 4 != 0 { bytes.append(0) }
        }
        append([AudioFrontEndFile.magic, UInt32(shape.frameSamples), UInt32(shape.melBands), UInt32(shape.coefficients),
                UInt32(hopSamples), UInt32(bandWeights.count), UInt32(sampleRate)])
        append([energyFloor])
        append([logOffset, zeroPoint])
        append(window); append(twiddles); append(bandFirstBins); append(bandWeightStarts); append(bandWeights)
        append(logarithms); append(cosines); append(coefficientOffsets); append(coefficientMultipliers); append(coefficientShifts)
        return bytes
    }

    /// Calls `body` with the runtime's view of these tables (valid only inside `body`).
    public func withTables<R>(_ body: (AudioFrontEndTables) throws -> R) rethrows -> R {
        try window.withUnsafeBufferPointer { window in
            try twiddles.withUnsafeBufferPointer { twiddles in
                try bandFirstBins.withUnsafeBufferPointer { firstBins in
                    try bandWeightStarts.withUnsafeBufferPointer { starts in
                        try bandWeights.withUnsafeBufferPointer { weights in
                            try logarithms.withUnsafeBufferPointer { logarithms in
                                try cosines.withUnsafeBufferPointer { cosines in
                                    try coefficientOffsets.withUnsafeBufferPointer { offsets in
                                        try coefficientMultipliers.withUnsafeBufferPointer { multipliers in
                                            try coefficientShifts.withUnsafeBufferPointer { shifts in
                                                try body(AudioFrontEndTables(
                                                    window: window, twiddles: twiddles, bandFirstBins: firstBins, bandWeightStarts: starts,
                                                    bandWeights: weights, logarithms: logarithms, cosines: cosines, coefficientOffsets: offsets,
                                                    coefficientMultipliers: multipliers, coefficientShifts: shifts,
                                                    energyFloor: energyFloor, logOffset: logOffset, zeroPoint: zeroPoint))
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
