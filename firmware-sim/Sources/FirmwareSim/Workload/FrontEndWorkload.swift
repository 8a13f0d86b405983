import EdgeRuntime

/// The speech front-end a keyword model listens through (an ``AudioFrontEndFile``): what it costs
/// per hop and what it adds to RAM and flash beside the model.
public struct FrontEndWorkload: Codable, Equatable, Sendable {
    /// Samples per frame (the FFT size).
    public var frameSamples: Int
    /// Mel bands.
    public var melBands: Int
    /// Coefficients per frame.
    public var coefficients: Int
    /// Mel filter weights in all.
    public var melWeights: Int
    /// Samples between frames.
    public var hopSamples: Int
    /// Samples per second.
    public var sampleRate: Int
    /// The file's bytes (kept in flash).
    public var fileBytes: Int
    /// RAM: the front-end's scratch, the stream's last frame of samples and window of columns, and
    /// the smoother's history (10 hops of the model's outputs).
    public var ramBytes: Int

    /// The front-end of `file` feeding a model with `inputElements` int8 inputs and `classes` outputs;
    /// nil when the file is malformed or the input is not whole columns of its coefficients.
    public init?(file: [UInt8], inputElements: Int, classes: Int) {
        // The file's arrays must start 4-byte aligned: read a copy in 4-byte words.
        var words = [UInt32](repeating: 0, count: (file.count + 3) / 4)
        words.withUnsafeMutableBytes { $0.copyBytes(from: file) }
        let header: (shape: AudioFrontEndShape, weights: Int, hop: Int, rate: Int)? = words.withUnsafeBytes { bytes in
            guard let parsed = try? AudioFrontEndFile(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<file.count])) else { return nil }
            return (parsed.shape, parsed.tables.bandWeights.count, parsed.hopSamples, parsed.sampleRate)
        }
        guard let header, inputElements % header.shape.coefficients == 0, classes > 0 else { return nil }
        let shape = header.shape
        (frameSamples, melBands, coefficients) = (shape.frameSamples, shape.melBands, shape.coefficients)
        (melWeights, hopSamples, sampleRate, fileBytes) = (header.weights, header.hop, header.rate, file.count)
        ramBytes = shape.scratchBytes + FeatureStream.bufferBytes(shape: shape, frames: inputElements / shape.coefficients)
            + PosteriorSmoother.bufferBytes(classes: classes, window: 10)
    }

    /// The sizes.
    public var shape: AudioFrontEndShape { AudioFrontEndShape(frameSamples: frameSamples, melBands: melBands, coefficients: coefficients) }

    /// Seconds between frames.
    public var hopSeconds: Double { Double(hopSamples) / Double(sampleRate) }
}
