import EdgeRuntime

/// One keyword heard in a stream.
public struct KeywordDetection: Equatable, Sendable, Codable {
    /// Samples heard when it was detected (the end of the hop that triggered it).
    public var sample: Int
    /// The class detected.
    public var keyword: Int
    /// Its probability averaged over the smoothing window, `0…1`.
    public var score: Float

    /// Creates a detection.
    public init(sample: Int, keyword: Int, score: Float) {
        (self.sample, self.keyword, self.score) = (sample, keyword, score)
    }
}

/// How often a ``KeywordListener`` runs its model and how it turns probabilities into detections.
public struct DetectionSettings: Equatable, Sendable {
    /// Front-end hops per inference (default 1: the model runs on every new column; 2 halves the
    /// model's work on a slow core, as `simulate --hop-ms` with twice the hop models).
    public var hopsPerInference = 1
    /// Inferences whose probabilities are averaged (default 10: 200 ms at 20 ms hops).
    public var windowHops = 10
    /// The averaged probability a class needs, `0…1` (default 0.7).
    public var threshold: Float = 0.7
    /// Inferences after a detection in which nothing more is detected (default 40: 800 ms at 20 ms hops).
    public var refractoryHops = 40
    /// A class never reported (silence, noise), or `nil`.
    public var background: Int?

    /// Creates settings; the defaults suit one-second keyword windows at 20 ms hops.
    public init(hopsPerInference: Int = 1, windowHops: Int = 10, threshold: Float = 0.7, refractoryHops: Int = 40, background: Int? = nil) {
        (self.hopsPerInference, self.windowHops, self.threshold) = (hopsPerInference, windowHops, threshold)
        (self.refractoryHops, self.background) = (refractoryHops, background)
    }
}

/// Why a model and a front-end file cannot listen together.
public enum ListenerError: Error, Equatable, CustomStringConvertible {
    /// The front-end file failed its checks.
    case frontEnd(AudioFrontEndError)
    /// The model does not take the front-end's feature window or give int8 probabilities.
    case mismatch(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .frontEnd(let error): "the front-end file is malformed (\(error))"
        case .mismatch(let reason): reason
        }
    }
}

/// Keyword spotting on the host exactly as a device does it: each hop of int16 samples goes through
/// the fixed-point front-end (``FeatureStream``), the model runs on the last second of feature
/// columns, and a ``PosteriorSmoother`` turns its int8 probabilities into detections. The
/// front-end file, the buffers and the model's arena are allocated once, here.
public final class KeywordListener {
    /// The model and its arena.
    public let runner: ModelRunner
    /// The front-end's sizes, hop and sample rate.
    public let shape: AudioFrontEndShape
    /// Samples per hop.
    public let hopSamples: Int
    /// Samples per second.
    public let sampleRate: Int
    /// The detection settings.
    public let settings: DetectionSettings
    private let memory: UnsafeMutableRawBufferPointer
    private let primedSamples: Int
    private var stream: FeatureStream
    private var smoother: PosteriorSmoother
    private var hopsSinceInference = 0

    /// Prepares `model` with the front-end file `frontEnd` (``AudioFrontEndFile``). The model's one
    /// input must be int8 with one column per frame (`frames × coefficients` values, any frame
    /// count) at the zero point the file was made for, and its one output int8 probabilities
    /// (a softmax: scale 1/256, zero point −128).
    public init(model: LoadedModel, frontEnd: [UInt8], settings: DetectionSettings = .init()) throws(ListenerError) {
        let graph = model.model
        guard graph.inputCount == 1, graph.outputCount == 1 else { throw .mismatch("a keyword model has one input and one output") }
        let input = graph.tensor(graph.inputTensorIndex(0)), output = graph.tensor(graph.outputTensorIndex(0))
        guard output.elementType == .int8, output.scale == 1 / 256, output.zeroPoint == -128 else {
            throw .mismatch("the model's output is not int8 probabilities (quantize it with --softmax)")
        }
        let classes = output.elementCount
        guard settings.hopsPerInference > 0, settings.windowHops > 0, settings.refractoryHops >= 0, (0...1).contains(settings.threshold),
              settings.background.map({ (0..<classes).contains($0) }) ?? true else {
            throw .mismatch("detection settings out of range: hops per inference and window ≥ 1, threshold 0…1, background a class of the model's \(classes)")
        }
        // The file is copied into memory owned here (4-byte aligned; the tables point into it),
        // followed by the front-end's scratch, the stream's buffer and the smoother's history.
        let fileBytes = (frontEnd.count + 7) & ~7
        let header: AudioFrontEndFile
        let probe = UnsafeMutableRawBufferPointer.allocate(byteCount: max(fileBytes, 8), alignment: 8)
        defer { probe.deallocate() }
        probe.copyBytes(from: frontEnd)
        do { header = try AudioFrontEndFile(bytes: UnsafeRawBufferPointer(rebasing: probe[0..<frontEnd.count])) } catch { throw .frontEnd(error) }
        let shape = header.shape
        guard input.elementType == .int8, input.elementCount % shape.coefficients == 0 else {
            throw .mismatch("the model's input (\(input.elementCount) values) is not int8 columns of the front-end's \(shape.coefficients) coefficients")
        }
        guard input.zeroPoint == Int(header.tables.zeroPoint) else {
            throw .mismatch("the front-end file was made for an input zero point of \(header.tables.zeroPoint), the model's is \(input.zeroPoint)")
        }
        let frames = input.elementCount / shape.coefficients
        let streamOffset = fileBytes + shape.scratchBytes
        let smootherOffset = streamOffset + ((FeatureStream.bufferBytes(shape: shape, frames: frames) + 7) & ~7)
        let total = smootherOffset + PosteriorSmoother.bufferBytes(classes: classes, window: settings.windowHops)
        memory = UnsafeMutableRawBufferPointer.allocate(byteCount: total, alignment: 8)
        memory.initializeMemory(as: UInt8.self, repeating: 0)
        memory.copyBytes(from: frontEnd)
        var stream: FeatureStream
        do {
            runner = try ModelRunner(model)
            let file = try AudioFrontEndFile(bytes: UnsafeRawBufferPointer(rebasing: memory[0..<frontEnd.count]))
            let frontEnd = try AudioFrontEnd(shape: shape, tables: file.tables, scratch: UnsafeMutableRawBufferPointer(rebasing: memory[fileBytes..<streamOffset]))
            stream = try FeatureStream(frontEnd: frontEnd, hopSamples: file.hopSamples, frames: frames,
                                       buffer: UnsafeMutableRawBufferPointer(rebasing: memory[streamOffset..<smootherOffset]))
            let threshold = Int32((Float(settings.windowHops) * (256 * settings.threshold - 128)).rounded(.up))
            smoother = try PosteriorSmoother(
                classes: classes, window: settings.windowHops, threshold: threshold, refractoryHops: settings.refractoryHops,
                background: settings.background, buffer: UnsafeMutableRawBufferPointer(rebasing: memory[smootherOffset..<total]))
        } catch let error as AudioFrontEndError {
            memory.deallocate()
            throw .frontEnd(error)
        } catch {
            memory.deallocate()
            throw .mismatch("the model cannot run: \(error)")
        }
        // The window starts full of the features of silence (zero samples).
        let silence = [Int16](repeating: 0, count: header.hopSamples)
        while !stream.isWindowFull { _ = silence.withUnsafeBufferPointer { stream.push($0.baseAddress!) } }
        primedSamples = stream.samplesPushed
        self.stream = stream
        (self.shape, self.hopSamples, self.sampleRate, self.settings) = (shape, header.hopSamples, header.sampleRate, settings)
    }

    deinit { memory.deallocate() }

    /// Hears `samples` after everything heard before (a partial last hop is dropped) and returns
    /// what was detected in them; `onHop`, if given, sees every inference's int8 probabilities. Before
    /// the first sample the listener has heard one window of silence; a short clip needs a window
    /// of silence after it too, to pass wholly through the model's view.
    public func listen(_ samples: [Int16], onHop: ((UnsafeRawBufferPointer) -> Void)? = nil) -> [KeywordDetection] {
        var detections: [KeywordDetection] = []
        samples.withUnsafeBufferPointer { samples in
            var start = 0
            while start + hopSamples <= samples.count {
                defer { start += hopSamples }
                guard stream.push(samples.baseAddress! + start) != nil else { continue }
                hopsSinceInference += 1
                guard hopsSinceInference == settings.hopsPerInference else { continue }
                hopsSinceInference = 0
                stream.copyWindow(into: runner.inputBytes(0).baseAddress!.assumingMemoryBound(to: Int8.self))
                runner.invoke()
                let output = runner.outputBytes(0)
                onHop?(output)
                guard let keyword = smoother.push(output.baseAddress!.assumingMemoryBound(to: Int8.self)) else { continue }
                let score = Float(smoother.sum(of: keyword) + Int32(128 * settings.windowHops)) / Float(256 * settings.windowHops)
                detections.append(KeywordDetection(sample: stream.samplesPushed - primedSamples, keyword: keyword, score: min(score, 1)))
            }
        }
        return detections
    }
}

/// Where a keyword is in a labelled stream.
public struct KeywordOccurrence: Equatable, Sendable, Codable {
    /// Its class.
    public var keyword: Int
    /// Its first and one-past-last sample.
    public var start: Int, end: Int

    /// Creates an occurrence.
    public init(keyword: Int, start: Int, end: Int) { (self.keyword, self.start, self.end) = (keyword, start, end) }
}

/// How detections in a labelled stream compare with the truth: a detection is a hit when it names
/// an occurrence not yet detected and comes between its start and `allowedDelay` samples after its
/// end; every other detection (a wrong class, a second one, one in a gap) is a false detection.
public struct StreamScore: Equatable, Sendable, Codable {
    /// Keywords in the stream.
    public var occurrences: Int
    /// Keywords detected.
    public var detected: Int
    /// Detections that are not hits.
    public var falseDetections: Int

    /// Scores `detections` (in time order) against `occurrences`.
    public init(detections: [KeywordDetection], occurrences truth: [KeywordOccurrence], allowedDelay: Int) {
        var found = [Bool](repeating: false, count: truth.count)
        var (detected, falseDetections) = (0, 0)
        for detection in detections {
            if let index = truth.indices.first(where: {
                !found[$0] && truth[$0].keyword == detection.keyword && (truth[$0].start...truth[$0].end + allowedDelay).contains(detection.sample)
            }) {
                found[index] = true
                detected += 1
            } else {
                falseDetections += 1
            }
        }
        (occurrences, self.detected, self.falseDetections) = (truth.count, detected, falseDetections)
    }

    /// Detected keywords as a share of all, `0…1`.
    public var detectionRate: Double { occurrences == 0 ? 0 : Double(detected) / Double(occurrences) }
}
