/// The sizes of a fixed-point speech front-end: frames of `frameSamples` int16 samples, a mel
/// filterbank of `melBands` bands and `coefficients` cepstral coefficients per frame.
public struct AudioFrontEndShape: Equatable, Sendable {
    /// Samples per frame: a power of two in `16...4096`, the FFT size.
    public var frameSamples: Int
    /// Mel bands, `1...256`.
    public var melBands: Int
    /// Cepstral coefficients kept, `1...melBands`.
    public var coefficients: Int

    /// Creates a shape; ``isValid`` tells whether the front-end accepts it.
    public init(frameSamples: Int, melBands: Int, coefficients: Int) {
        (self.frameSamples, self.melBands, self.coefficients) = (frameSamples, melBands, coefficients)
    }

    /// Frequency bins of the real FFT: `frameSamples / 2 + 1`.
    public var frequencyBins: Int { frameSamples / 2 + 1 }

    /// Whether the sizes are in range (the FFT's 64-bit accumulators are proven not to overflow there).
    public var isValid: Bool {
        (16...4096).contains(frameSamples) && frameSamples & (frameSamples - 1) == 0
            && (1...256).contains(melBands) && (1...melBands).contains(coefficients)
    }

    /// `log2(frameSamples)`.
    public var frameBits: Int { Int.bitWidth - 1 - frameSamples.leadingZeroBitCount }

    /// How far each bin's power is shifted right before the mel weights (Q12) multiply it. The FFT
    /// input is scaled so that its largest value is below `2^(30 − log2 N)`; by Parseval a frame's
    /// total power is then below `N · N · 2^(60 − 2·log2 N) = 2^60`, and a band's weighted sum below
    /// `2^(72 − powerShift) = 2^63`.
    public static let powerShift = 9

    /// The working memory one frame needs (the caller's scratch buffer, 8-byte aligned).
    public var scratchBytes: Int { 8 * frameSamples + 4 * melBands }
}

/// The constant tables of a front-end, computed on the host (EdgeModel's `SpeechFrontEndDesign`)
/// and only checked here. Fixed-point formats: window and DCT Q15, twiddles Q30, mel weights Q12,
/// logarithms and cepstra Q16.
public struct AudioFrontEndTables {
    /// Hann window, `frameSamples` values in Q15.
    public var window: UnsafeBufferPointer<Int16>
    /// `cos(2πk/N)` for `k < N/2`, then `sin(2πk/N)` for `k < N/2`, in Q30 (`N` values).
    public var twiddles: UnsafeBufferPointer<Int32>
    /// The first FFT bin of each mel band.
    public var bandFirstBins: UnsafeBufferPointer<Int16>
    /// Where each band's weights start in ``bandWeights`` (`melBands + 1` offsets, the last the count).
    public var bandWeightStarts: UnsafeBufferPointer<Int16>
    /// Triangular filter weights in Q12, band after band.
    public var bandWeights: UnsafeBufferPointer<UInt16>
    /// `log2(1 + i/256)` for `i` in `0...256`, in Q16.
    public var logarithms: UnsafeBufferPointer<Int32>
    /// The orthonormal DCT-II, `coefficients × melBands` in Q15.
    public var cosines: UnsafeBufferPointer<Int16>
    /// Per coefficient: the value subtracted (Q16), then the multiplier and shift that scale the
    /// difference to the model input's steps (TFLite's quantized multiplier).
    public var coefficientOffsets: UnsafeBufferPointer<Int32>
    /// See ``coefficientOffsets``.
    public var coefficientMultipliers: UnsafeBufferPointer<Int32>
    /// See ``coefficientOffsets``.
    public var coefficientShifts: UnsafeBufferPointer<Int32>
    /// Added to each mel energy before the logarithm (the float definition's `+ 1e-6`), at least 1,
    /// for a frame whose samples are not scaled up; a frame scaled by `2^s` adds it times `4^s`.
    public var energyFloor: UInt64
    /// Added to each natural logarithm (Q16): undoes the integer pipeline's scale for an unscaled
    /// frame; a frame scaled by `2^s` also subtracts `2s · ln 2`.
    public var logOffset: Int32
    /// The model input's zero point.
    public var zeroPoint: Int32

    /// Creates the table set from buffers the caller keeps alive.
    public init(
        window: UnsafeBufferPointer<Int16>, twiddles: UnsafeBufferPointer<Int32>, bandFirstBins: UnsafeBufferPointer<Int16>,
        bandWeightStarts: UnsafeBufferPointer<Int16>, bandWeights: UnsafeBufferPointer<UInt16>, logarithms: UnsafeBufferPointer<Int32>,
        cosines: UnsafeBufferPointer<Int16>, coefficientOffsets: UnsafeBufferPointer<Int32>,
        coefficientMultipliers: UnsafeBufferPointer<Int32>, coefficientShifts: UnsafeBufferPointer<Int32>,
        energyFloor: UInt64, logOffset: Int32, zeroPoint: Int32
    ) {
        (self.window, self.twiddles, self.bandFirstBins, self.bandWeightStarts) = (window, twiddles, bandFirstBins, bandWeightStarts)
        (self.bandWeights, self.logarithms, self.cosines) = (bandWeights, logarithms, cosines)
        (self.coefficientOffsets, self.coefficientMultipliers, self.coefficientShifts) = (coefficientOffsets, coefficientMultipliers, coefficientShifts)
        (self.energyFloor, self.logOffset, self.zeroPoint) = (energyFloor, logOffset, zeroPoint)
    }
}

/// Why a front-end's shape or tables were refused.
public enum AudioFrontEndError: Error, Equatable {
    /// The sizes are out of range (``AudioFrontEndShape/isValid``).
    case invalidShape
    /// A table has the wrong length, or a band reaches past the last FFT bin.
    case tableMismatch
    /// A multiplier is negative or a shift is outside `-31...30`, or the zero point is not int8.
    case quantizationOutOfRange
    /// The scratch buffer is smaller than ``AudioFrontEndShape/scratchBytes`` or not 8-byte aligned.
    case scratchTooSmall
}

/// A fixed-point speech front-end in the spirit of TFLM's micro_speech: a frame of int16 samples →
/// Hann window → 32-bit integer FFT → power spectrum → mel filterbank → natural log → DCT-II →
/// standardized int8 features at the model input's scale. Integer arithmetic only, so every
/// target computes the same bits; nothing is allocated (tables and scratch belong to the caller).
public struct AudioFrontEnd {
    /// The sizes.
    public let shape: AudioFrontEndShape
    /// The constant tables.
    public let tables: AudioFrontEndTables
    private let scratch: UnsafeMutableRawBufferPointer

    /// Checks the tables against the shape and keeps the scratch buffer for ``features(of:into:)``.
    public init(shape: AudioFrontEndShape, tables: AudioFrontEndTables, scratch: UnsafeMutableRawBufferPointer) throws(AudioFrontEndError) {
        guard shape.isValid else { throw .invalidShape }
        let (n, bands, coefficients) = (shape.frameSamples, shape.melBands, shape.coefficients)
        guard tables.window.count == n, tables.twiddles.count == n, tables.bandFirstBins.count == bands,
              tables.bandWeightStarts.count == bands + 1, tables.logarithms.count == 257,
              tables.cosines.count == coefficients * bands, tables.coefficientOffsets.count == coefficients,
              tables.coefficientMultipliers.count == coefficients, tables.coefficientShifts.count == coefficients
        else { throw .tableMismatch }
        guard tables.bandWeightStarts[0] == 0, Int(tables.bandWeightStarts[bands]) == tables.bandWeights.count else { throw .tableMismatch }
        for band in 0..<bands {
            let (first, start, end) = (Int(tables.bandFirstBins[band]), Int(tables.bandWeightStarts[band]), Int(tables.bandWeightStarts[band + 1]))
            guard first >= 0, start <= end, first + (end - start) <= shape.frequencyBins else { throw .tableMismatch }
        }
        for index in 0..<coefficients {
            guard tables.coefficientMultipliers[index] >= 0, (-31...30).contains(tables.coefficientShifts[index]) else {
                throw .quantizationOutOfRange
            }
        }
        guard (-128...127).contains(tables.zeroPoint), tables.energyFloor >= 1 else { throw .quantizationOutOfRange }
        guard let base = scratch.baseAddress, scratch.count >= shape.scratchBytes, Int(bitPattern: base) & 7 == 0 else {
            throw .scratchTooSmall
        }
        (self.shape, self.tables, self.scratch) = (shape, tables, scratch)
    }

    /// The int8 features of one frame (`frameSamples` samples in, `coefficients` values out).
    public func features(of samples: UnsafePointer<Int16>, into output: UnsafeMutablePointer<Int8>) {
        let n = shape.frameSamples, bands = shape.melBands
        let base = scratch.baseAddress!
        let real = base.assumingMemoryBound(to: Int32.self)
        let imaginary = (base + 4 * n).assumingMemoryBound(to: Int32.self)
        let logs = (base + 8 * n).assumingMemoryBound(to: Int32.self)

        // Window (products in Q15), then scale the frame by 2^scale so that its peak uses the FFT's
        // headroom (block floating point: quiet frames keep their precision); bit-reversed for the FFT.
        var peak: Int32 = 0
        for index in 0..<n {
            let product = Int32(samples[index]) * Int32(tables.window[index])
            real[index] = product
            peak = max(peak, product < 0 ? -product : product)
        }
        let limitBits = 30 - shape.frameBits  // |FFT input| < 2^limitBits keeps every output below 2^30
        // At most 24, so that the floor (below 2^14) times 4^scale stays below 2^62 and the floor plus a
        // band's energy (below 2^63) below 2^64; a frame that quiet is all floor anyway.
        let scale = min(24, max(0, limitBits + 15 - (Int32.bitWidth - peak.leadingZeroBitCount)))
        let bits = shape.frameBits
        for index in 0..<n {
            var reversed = 0
            for bit in 0..<bits { reversed |= ((index >> bit) & 1) << (bits - 1 - bit) }
            if reversed > index { (real[index], real[reversed]) = (real[reversed], real[index]) }
        }
        for index in 0..<n {
            let product = real[index]
            real[index] = scale >= 15 ? product &<< Int32(scale - 15) : (product &+ (1 &<< Int32(14 - scale))) >> Int32(15 - scale)
            imaginary[index] = 0
        }
        AudioFrontEnd.transform(real: real, imaginary: imaginary, count: n, twiddles: tables.twiddles)

        // Power spectrum through the mel filters, then the natural logarithm in Q16.
        let shift = UInt64(AudioFrontEndShape.powerShift)
        let floor = tables.energyFloor &<< UInt64(2 * scale)
        let frameOffset = Int64(tables.logOffset) - Int64(2 * scale) * 45_426  // ln 2 = 45 426 / 2¹⁶
        for band in 0..<bands {
            let first = Int(tables.bandFirstBins[band])
            let start = Int(tables.bandWeightStarts[band]), end = Int(tables.bandWeightStarts[band + 1])
            var energy: UInt64 = 0
            for tap in start..<end {
                let bin = first + tap - start
                let (re, im) = (Int64(real[bin]), Int64(imaginary[bin]))
                let power = UInt64(bitPattern: re &* re &+ im &* im) &>> shift
                energy &+= power &* UInt64(tables.bandWeights[tap])
            }
            let log2 = AudioFrontEnd.log2Q16(energy &+ floor, table: tables.logarithms)
            logs[band] = Int32(truncatingIfNeeded: ((log2 &* 45_426 &+ (1 << 15)) >> 16) &+ frameOffset)
        }
        // DCT-II and quantization to the model input.
        for coefficient in 0..<shape.coefficients {
            var sum: Int64 = 0
            for band in 0..<bands {
                sum &+= Int64(tables.cosines[coefficient * bands + band]) &* Int64(logs[band])
            }
            let cepstrum = Int32(truncatingIfNeeded: (sum &+ (1 << 14)) >> 15)
            let scaled = FixedPoint.multiplyByQuantizedMultiplier(
                cepstrum &- tables.coefficientOffsets[coefficient], tables.coefficientMultipliers[coefficient],
                tables.coefficientShifts[coefficient])
            output[coefficient] = Int8(max(-128, min(127, Int64(scaled) + Int64(tables.zeroPoint))))
        }
    }

    /// In-place radix-2 decimation-in-time FFT of bit-reversed input, 32-bit values, Q30 twiddles,
    /// no scaling: an input below `2^(30 − log2 count)` grows to below `2^30`, and each twiddle
    /// product stays below `2^60` in 64 bits.
    static func transform(real: UnsafeMutablePointer<Int32>, imaginary: UnsafeMutablePointer<Int32>, count: Int, twiddles: UnsafeBufferPointer<Int32>) {
        let half = count / 2
        var size = 2
        while size <= count {
            let span = size / 2, step = count / size
            var start = 0
            while start < count {
                for offset in 0..<span {
                    let (cosine, sine) = (Int64(twiddles[offset * step]), Int64(twiddles[half + offset * step]))
                    let (top, bottom) = (start + offset, start + offset + span)
                    let (br, bi) = (Int64(real[bottom]), Int64(imaginary[bottom]))
                    // (br + i·bi)·(cos − i·sin), rounded from Q30.
                    let tr = Int32(truncatingIfNeeded: (br &* cosine &+ bi &* sine &+ (1 << 29)) >> 30)
                    let ti = Int32(truncatingIfNeeded: (bi &* cosine &- br &* sine &+ (1 << 29)) >> 30)
                    let (ar, ai) = (real[top], imaginary[top])
                    (real[top], imaginary[top]) = (ar &+ tr, ai &+ ti)
                    (real[bottom], imaginary[bottom]) = (ar &- tr, ai &- ti)
                }
                start += size
            }
            size *= 2
        }
    }

    /// `log2(value)` in Q16 for `value ≥ 1`: the exponent from the leading bit, the fraction from
    /// the 257-entry table, linearly interpolated on the next 8 bits.
    static func log2Q16(_ value: UInt64, table: UnsafeBufferPointer<Int32>) -> Int64 {
        let exponent = 63 - value.leadingZeroBitCount
        let aligned: UInt64 = exponent >= 16 ? value &>> UInt64(exponent - 16) : value &<< UInt64(16 - exponent)
        let mantissa = aligned & 0xFFFF
        let index = Int(mantissa >> 8)
        let fraction = Int64(mantissa & 0xFF)
        let low = Int64(table[index]), high = Int64(table[index + 1])
        let interpolated: Int64 = ((high - low) * fraction + 128) >> 8
        return (Int64(exponent) << 16) + low + interpolated
    }
}

/// The front-end file a device keeps in flash beside its model: a header, then the tables, each
/// array starting on a 4-byte boundary (little-endian; EdgeModel's `SpeechFrontEndTables.serialized`
/// writes it, docs/FORMAT.md lists the fields). ``AudioFrontEndFile/init(bytes:)`` checks every length
/// against the header before anything reads the tables.
public struct AudioFrontEndFile {
    /// `EDFE`.
    public static let magic: UInt32 = 0x4546_4445
    /// Header bytes: magic, five 32-bit sizes, the sample rate, the 64-bit floor, log offset and zero point.
    public static let headerBytes = 44
    /// The sizes.
    public let shape: AudioFrontEndShape
    /// Samples between the starts of consecutive frames.
    public let hopSamples: Int
    /// Samples per second the tables were designed for.
    public let sampleRate: Int
    /// The tables, pointing into the file's bytes (which must outlive them).
    public let tables: AudioFrontEndTables

    /// Reads and checks a front-end file; `bytes` must be 4-byte aligned and stay alive.
    public init(bytes: UnsafeRawBufferPointer) throws(AudioFrontEndError) {
        guard let base = bytes.baseAddress, Int(bitPattern: base) & 3 == 0, bytes.count >= AudioFrontEndFile.headerBytes,
              bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self) == AudioFrontEndFile.magic
        else { throw .tableMismatch }
        func word(_ index: Int) -> Int { Int(bytes.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)) }
        let (n, bands, coefficients, hop, weightCount) = (word(1), word(2), word(3), word(4), word(5))
        let shape = AudioFrontEndShape(frameSamples: n, melBands: bands, coefficients: coefficients)
        guard shape.isValid, (1...n).contains(hop), weightCount <= bands * shape.frequencyBins, (1...384_000).contains(word(6)) else { throw .invalidShape }
        var offset = AudioFrontEndFile.headerBytes
        var failed = false
        func array<T>(_ count: Int, _: T.Type) -> UnsafeBufferPointer<T> {
            let size = count * MemoryLayout<T>.stride
            guard !failed, size <= bytes.count - offset else { failed = true; return UnsafeBufferPointer(start: nil, count: 0) }
            let pointer = (base + offset).assumingMemoryBound(to: T.self)
            offset += (size + 3) & ~3
            return UnsafeBufferPointer(start: pointer, count: count)
        }
        let window = array(n, Int16.self), twiddles = array(n, Int32.self)
        let firstBins = array(bands, Int16.self), starts = array(bands + 1, Int16.self), weights = array(weightCount, UInt16.self)
        let logarithms = array(257, Int32.self), cosines = array(coefficients * bands, Int16.self)
        let offsets = array(coefficients, Int32.self), multipliers = array(coefficients, Int32.self), shifts = array(coefficients, Int32.self)
        guard !failed, offset == bytes.count else { throw .tableMismatch }
        (self.shape, self.hopSamples, self.sampleRate) = (shape, hop, word(6))
        tables = AudioFrontEndTables(
            window: window, twiddles: twiddles, bandFirstBins: firstBins, bandWeightStarts: starts, bandWeights: weights,
            logarithms: logarithms, cosines: cosines, coefficientOffsets: offsets, coefficientMultipliers: multipliers,
            coefficientShifts: shifts, energyFloor: bytes.loadUnaligned(fromByteOffset: 28, as: UInt64.self),
            logOffset: bytes.loadUnaligned(fromByteOffset: 36, as: Int32.self), zeroPoint: bytes.loadUnaligned(fromByteOffset: 40, as: Int32.self))
    }
}
