import Foundation

/// Mel-frequency cepstral coefficients of a fixed-length clip, the usual keyword-spotting input.
///
/// A clip is cropped (centred) or zero-padded to `clipSamples`, cut into Hann-windowed frames of
/// `frameSamples` (a power of two) every `hopSamples`, transformed by a real FFT, pooled by
/// `melBands` triangular mel filters between 20 Hz and the Nyquist frequency, logged, and turned into
/// `coefficients` cepstral coefficients by an orthonormal DCT-II. The result is
/// `[frames, coefficients]` with `frames = 1 + (clipSamples − frameSamples) / hopSamples`.
public struct SpeechFeatures: Sendable {
    /// Samples per second of the input.
    public let sampleRate: Int
    /// Samples per clip after cropping or padding.
    public let clipSamples: Int
    /// Samples per frame (a power of two; the FFT size).
    public let frameSamples: Int
    /// Samples between frame starts.
    public let hopSamples: Int
    /// Triangular mel filters.
    public let melBands: Int
    /// Cepstral coefficients kept per frame.
    public let coefficients: Int
    private let window: [Float]
    private let filters: [[(bin: Int, weight: Float)]]
    private let cosines: [Float]
    private let fourier: FastFourierTransform

    /// Frames per clip.
    public var frameCount: Int { 1 + (clipSamples - frameSamples) / hopSamples }

    /// The set-up used for the Free Spoken Digit data: 1 s at 8 kHz, 32 ms frames every 20 ms
    /// (49 frames), 40 mel bands, 10 coefficients — the shape of MLPerf Tiny's keyword spotter input.
    public static let spokenDigits = SpeechFeatures(sampleRate: 8000, clipSamples: 8000, frameSamples: 256, hopSamples: 160, melBands: 40, coefficients: 10)

    /// Creates a feature extractor; `frameSamples` must be a power of two no longer than the clip.
    public init(sampleRate: Int, clipSamples: Int, frameSamples: Int, hopSamples: Int, melBands: Int, coefficients: Int) {
        precondition(frameSamples > 1 && frameSamples & (frameSamples - 1) == 0, "frame length must be a power of two")
        precondition(clipSamples >= frameSamples && hopSamples > 0 && coefficients <= melBands)
        (self.sampleRate, self.clipSamples, self.frameSamples, self.hopSamples) = (sampleRate, clipSamples, frameSamples, hopSamples)
        (self.melBands, self.coefficients) = (melBands, coefficients)
        window = (0..<frameSamples).map { 0.5 - 0.5 * cos(2 * Float.pi * Float($0) / Float(frameSamples)) }
        func mel(_ hertz: Double) -> Double { 2595 * log10(1 + hertz / 700) }
        func hertz(_ mel: Double) -> Double { 700 * (pow(10, mel / 2595) - 1) }
        let bins = frameSamples / 2 + 1
        let (low, high) = (mel(20), mel(Double(sampleRate) / 2))
        let edges = (0...melBands + 1).map { hertz(low + (high - low) * Double($0) / Double(melBands + 1)) }
        filters = (0..<melBands).map { band in
            (0..<bins).compactMap { bin in
                let frequency = Double(bin) * Double(sampleRate) / Double(frameSamples)
                let (left, centre, right) = (edges[band], edges[band + 1], edges[band + 2])
                let weight = frequency <= centre ? (frequency - left) / (centre - left) : (right - frequency) / (right - centre)
                return weight > 0 ? (bin, Float(weight)) : nil
            }
        }
        var cosines = [Float](repeating: 0, count: coefficients * melBands)
        for k in 0..<coefficients {
            let scale = k == 0 ? (1 / Double(melBands)).squareRoot() : (2 / Double(melBands)).squareRoot()
            for n in 0..<melBands {
                cosines[k * melBands + n] = Float(scale * cos(Double.pi * Double(k) * (Double(n) + 0.5) / Double(melBands)))
            }
        }
        self.cosines = cosines
        fourier = FastFourierTransform(count: frameSamples)
    }

    /// The coefficients of one clip, frame after frame (`frameCount × coefficients` values).
    public func callAsFunction(_ samples: [Float]) -> [Float] {
        var clip = [Float](repeating: 0, count: clipSamples)
        if samples.count >= clipSamples {
            let start = (samples.count - clipSamples) / 2
            clip.replaceSubrange(0..<clipSamples, with: samples[start..<start + clipSamples])
        } else {
            clip.replaceSubrange(0..<samples.count, with: samples)
        }
        var output = [Float](repeating: 0, count: frameCount * coefficients)
        var real = [Float](repeating: 0, count: frameSamples)
        var imaginary = [Float](repeating: 0, count: frameSamples)
        var energies = [Float](repeating: 0, count: melBands)
        for frame in 0..<frameCount {
            let start = frame * hopSamples
            for index in 0..<frameSamples {
                real[index] = clip[start + index] * window[index]
                imaginary[index] = 0
            }
            fourier.transform(real: &real, imaginary: &imaginary)
            for band in 0..<melBands {
                var energy: Float = 0
                for (bin, weight) in filters[band] { energy += weight * (real[bin] * real[bin] + imaginary[bin] * imaginary[bin]) }
                energies[band] = log(energy + 1e-6)
            }
            for k in 0..<coefficients {
                var sum: Float = 0
                for n in 0..<melBands { sum += cosines[k * melBands + n] * energies[n] }
                output[frame * coefficients + k] = sum
            }
        }
        return output
    }
}
