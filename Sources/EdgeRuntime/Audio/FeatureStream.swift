/// Keyword spotting on a live stream: push one hop of int16 samples at a time; once a whole frame
/// has arrived, each push computes that hop's feature column (the front-end over the last
/// `frameSamples` samples) into a ring of the last `frames` columns, which ``copyWindow(into:)``
/// lays out oldest first as the model's input. Nothing is allocated: samples and columns live in
/// the caller's buffer (``bufferBytes(shape:frames:)``).
public struct FeatureStream {
    /// The front-end that computes each column.
    public let frontEnd: AudioFrontEnd
    /// Samples per push.
    public let hopSamples: Int
    /// Columns in the model's input window.
    public let frames: Int
    private let samples: UnsafeMutablePointer<Int16>
    private let columns: UnsafeMutablePointer<Int8>
    private var nextColumn = 0
    /// Samples pushed so far.
    public private(set) var samplesPushed = 0
    /// Columns computed so far.
    public private(set) var columnsComputed = 0

    /// Bytes of the caller's buffer: the last `frameSamples` samples and `frames` columns.
    public static func bufferBytes(shape: AudioFrontEndShape, frames: Int) -> Int {
        2 * shape.frameSamples + frames * shape.coefficients
    }

    /// A stream over `buffer` (at least ``bufferBytes(shape:frames:)``, 2-byte aligned); the samples
    /// before the first push count as silence.
    public init(frontEnd: AudioFrontEnd, hopSamples: Int, frames: Int, buffer: UnsafeMutableRawBufferPointer) throws(AudioFrontEndError) {
        let shape = frontEnd.shape
        guard (1...shape.frameSamples).contains(hopSamples), frames > 0 else { throw .invalidShape }
        guard let base = buffer.baseAddress, Int(bitPattern: base) & 1 == 0,
              buffer.count >= FeatureStream.bufferBytes(shape: shape, frames: frames) else { throw .scratchTooSmall }
        (self.frontEnd, self.hopSamples, self.frames) = (frontEnd, hopSamples, frames)
        samples = base.assumingMemoryBound(to: Int16.self)
        columns = (base + 2 * shape.frameSamples).assumingMemoryBound(to: Int8.self)
        samples.update(repeating: 0, count: shape.frameSamples)
        columns.update(repeating: 0, count: frames * shape.coefficients)
    }

    /// Whether the window holds `frames` computed columns.
    public var isWindowFull: Bool { columnsComputed >= frames }

    /// Appends one hop (`hopSamples` samples); returns the new column when a whole frame has
    /// arrived (valid until the ring wraps around to it), `nil` before that.
    public mutating func push(_ hop: UnsafePointer<Int16>) -> UnsafePointer<Int8>? {
        let n = frontEnd.shape.frameSamples
        (samples).update(from: samples + hopSamples, count: n - hopSamples)
        (samples + (n - hopSamples)).update(from: hop, count: hopSamples)
        samplesPushed += hopSamples
        guard samplesPushed >= n else { return nil }
        let column = columns + nextColumn * frontEnd.shape.coefficients
        frontEnd.features(of: samples, into: column)
        nextColumn = nextColumn + 1 == frames ? 0 : nextColumn + 1
        columnsComputed += 1
        return UnsafePointer(column)
    }

    /// Writes the last `frames` columns, oldest first (`frames × coefficients` values; columns not
    /// computed yet are zeros).
    public func copyWindow(into destination: UnsafeMutablePointer<Int8>) {
        let width = frontEnd.shape.coefficients
        let older = (frames - nextColumn) * width
        destination.update(from: columns + nextColumn * width, count: older)
        (destination + older).update(from: columns, count: nextColumn * width)
    }
}

/// Turns a keyword model's int8 outputs, one set per hop, into detections: each class's outputs
/// are summed over the last `window` hops, and a class (other than `background`) is detected when
/// its sum is the largest and at least `threshold` (in the outputs' int8 units, summed); after a
/// detection the detector stays quiet for `refractoryHops` hops, and the class detected is not
/// detected again until its sum has fallen halfway from the threshold to the lowest possible sum
/// (`window × −128`; with probabilities, to half the threshold's average): one word, one
/// detection, however long it stays in the model's view and however its score wavers. Nothing is allocated: the history lives in the caller's
/// buffer (``bufferBytes(classes:window:)``).
public struct PosteriorSmoother {
    /// Output classes.
    public let classes: Int
    /// Hops averaged.
    public let window: Int
    /// The smallest summed output that counts as a detection.
    public let threshold: Int32
    /// Hops after a detection during which nothing is detected.
    public let refractoryHops: Int
    /// A class never reported (silence, unknown), or `nil`.
    public let background: Int?
    private let history: UnsafeMutablePointer<Int8>
    private let sums: UnsafeMutablePointer<Int32>
    private var position = 0
    private var quietHops = 0
    private var lastDetected = -1

    /// Bytes of the caller's buffer.
    public static func bufferBytes(classes: Int, window: Int) -> Int { window * classes + 4 * classes + 3 }

    /// A detector over `buffer` (at least ``bufferBytes(classes:window:)``).
    public init(
        classes: Int, window: Int, threshold: Int32, refractoryHops: Int, background: Int?, buffer: UnsafeMutableRawBufferPointer
    ) throws(AudioFrontEndError) {
        guard classes > 0, window > 0, refractoryHops >= 0, background.map({ (0..<classes).contains($0) }) ?? true else { throw .invalidShape }
        guard let base = buffer.baseAddress, buffer.count >= PosteriorSmoother.bufferBytes(classes: classes, window: window) else {
            throw .scratchTooSmall
        }
        (self.classes, self.window, self.threshold, self.refractoryHops, self.background) = (classes, window, threshold, refractoryHops, background)
        let aligned = (Int(bitPattern: base) + window * classes + 3) & ~3
        history = base.assumingMemoryBound(to: Int8.self)
        sums = UnsafeMutableRawPointer(bitPattern: aligned)!.assumingMemoryBound(to: Int32.self)
        history.update(repeating: -128, count: window * classes)
        sums.update(repeating: Int32(window) * -128, count: classes)
    }

    /// Class `index`'s outputs summed over the last `window` hops.
    public func sum(of index: Int) -> Int32 { sums[index] }

    /// Adds one hop's outputs (`classes` values); returns the detected class, if any.
    public mutating func push(_ outputs: UnsafePointer<Int8>) -> Int? {
        let slot = history + position * classes
        for index in 0..<classes {
            sums[index] += Int32(outputs[index]) - Int32(slot[index])
            slot[index] = outputs[index]
        }
        position = position + 1 == window ? 0 : position + 1
        if lastDetected >= 0 && Int64(sums[lastDetected]) < (Int64(threshold) - 128 * Int64(window)) / 2 { lastDetected = -1 }
        if quietHops > 0 {
            quietHops -= 1
            return nil
        }
        var best = 0
        for index in 1..<classes where sums[index] > sums[best] { best = index }
        guard best != background, best != lastDetected, sums[best] >= threshold else { return nil }
        quietHops = refractoryHops
        lastDetected = best
        return best
    }
}
