import EdgeModel
import EdgeRuntime
import Foundation

/// Mel-frequency cepstral coefficients of a fixed-length clip, the usual keyword-spotting input.
///
/// A clip is centred in `clipSamples` (cropped when longer, silence on both sides when shorter,
/// so a keyword sits where a streaming detector sees it best), cut into frames of `frameSamples`
/// every `hopSamples`, and each frame turned into `coefficients` cepstral coefficients as
/// ``SpeechFrontEndDesign`` defines them (Hann window, FFT, mel filters from 20 Hz to Nyquist, log,
/// DCT-II) — the float twin of the runtime's fixed-point ``AudioFrontEnd``. The result is
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
    /// The definition shared with the runtime's fixed-point front-end.
    public let design: SpeechFrontEndDesign
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
        let shape = AudioFrontEndShape(frameSamples: frameSamples, melBands: melBands, coefficients: coefficients)
        precondition(shape.isValid, "frame length must be a power of two in 16...4096, with 1...256 bands and 1...bands coefficients")
        precondition(clipSamples >= frameSamples && hopSamples > 0)
        (self.sampleRate, self.clipSamples, self.frameSamples, self.hopSamples) = (sampleRate, clipSamples, frameSamples, hopSamples)
        (self.melBands, self.coefficients) = (melBands, coefficients)
        design = SpeechFrontEndDesign(sampleRate: sampleRate, shape: shape)
        window = design.window.map(Float.init)
        filters = design.filters.map { filter in filter.weights.enumerated().map { (filter.firstBin + $0, Float($1)) } }
        cosines = design.cosines.map(Float.init)
        fourier = FastFourierTransform(count: frameSamples)
    }

    /// The coefficients of one clip, frame after frame (`frameCount × coefficients` values).
    public func callAsFunction(_ samples: [Float]) -> [Float] {
        var clip = [Float](repeating: 0, count: clipSamples)
        if samples.count >= clipSamples {
            let start = (samples.count - clipSamples) / 2
            clip.replaceSubrange(0..<clipSamples, with: samples[start..<start + clipSamples])
        } else {
            let start = (clipSamples - samples.count) / 2
            clip.replaceSubrange(start..<start + samples.count, with: samples)
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
                energies[band] = log(energy + Float(SpeechFrontEndDesign.energyFloor))
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
