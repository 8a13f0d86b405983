import EdgeModel
import EdgeRuntime
import Foundation
import Testing
@testable import Distiller

/// Keyword spotting end to end without the shared data: a small network learns a low whistle,
/// a high whistle and background from float features, is quantized with a softmax, and the
/// listener hears a stream through the fixed-point front-end.
@Suite("Keyword listener: front-end, int8 model and smoothing on a stream")
struct KeywordListenerTests {
    static let features = SpeechFeatures.spokenDigits
    static let rate = Float(features.sampleRate)

    /// A whistle of `seconds` at `hertz` (rising by 10 %) and −12 dBFS, with a fade in and out.
    static func whistle(hertz: Float, seconds: Float) -> [Float] {
        let count = Int(rate * seconds)
        return (0..<count).map { index in
            let t = Float(index) / rate
            let fade = min(1, Float(index) / 400, Float(count - index) / 400)
            return 0.25 * fade * sin(2 * .pi * hertz * t * (1 + 0.05 * t / seconds))
        }
    }

    /// Examples of the three classes: 0 a low whistle, 1 a high whistle, 2 background.
    static func trainingClips() -> (clips: [[Float]], labels: [Int]) {
        var generator = SeededRandomNumberGenerator(seed: 7)
        func uniform(_ range: ClosedRange<Float>) -> Float {
            range.lowerBound + (range.upperBound - range.lowerBound) * Float(generator.next() >> 40) / Float(1 << 24)
        }
        var clips: [[Float]] = [], labels: [Int] = []
        for index in 0..<90 {
            let label = index % 3
            switch label {
            case 0, 1:
                let sound = whistle(hertz: (label == 0 ? 500 : 2000) * uniform(0.9...1.1), seconds: uniform(0.3...0.6))
                clips.append(FreeSpokenDigits.heard(sound, name: "whistle \(index)", clipSamples: 8000))
            default: clips.append(FreeSpokenDigits.backgroundClip(index, from: [], clipSamples: 8000, seed: 3))  // noise and near-silence
            }
            labels.append(label)
        }
        return (clips, labels)
    }

    /// The trained int8 model (probabilities out) and its front-end file.
    static func keywordModel(softmax: Bool = true) throws -> (model: LoadedModel, frontEnd: [UInt8]) {
        let (clips, labels) = trainingClips()
        let values = clips.flatMap { features($0) }
        let (means, deviations) = FreeSpokenDigits.statistics(values, width: 10)
        let standardized = values.enumerated().map { ($1 - means[$0 % 10]) / deviations[$0 % 10] }
        var data = Dataset(inputs: Tensor(shape: [clips.count, 49, 10, 1], scalars: standardized), labels: labels, classCount: 3)
        data.jitterStyle = .time
        let architecture = "cnn:49x10x1-c8k3-p49x1s1-3"
        var options = TrainingOptions()
        options.epochs = 25
        options.batchSize = 15
        options.jitter = 6
        options.schedule = .constant(0.01)
        let trainer = Trainer(network: try Architecture(architecture).makeNetwork(seed: 1), architecture: architecture, optimizer: Adam(), options: options)
        trainer.progress = { _ in }
        try trainer.fit(data, test: nil, objective: CrossEntropyObjective())
        let predicted = trainer.network.predict(data.inputs).argmaxPerItem()
        #expect(zip(predicted, labels).filter { $0 == $1 }.count >= 85, "the float network learns the clips")
        let graph = try PostTrainingQuantizer(endsWithSoftmax: softmax).quantize(
            trainer.network, inputShape: [49, 10, 1], calibrationInputs: data.inputs, name: "whistles")
        let model = try LoadedModel(bytes: ModelWriter().write(graph))
        let input = model.model.tensor(model.model.inputTensorIndex(0))
        let tables = features.design.tables(coefficientMeans: means, coefficientDeviations: deviations, inputScale: input.scale, zeroPoint: Int32(input.zeroPoint))
        return (model, tables.serialized(shape: features.design.shape, sampleRate: 8000, hopSamples: 160))
    }

    @Test("two whistles in silence and noise: each detected once, in time, nothing else")
    func detectsWhistles() throws {
        let (model, frontEnd) = try Self.keywordModel()
        let probabilities = model.model.tensor(model.model.outputTensorIndex(0))
        #expect(probabilities.elementCount == 3 && probabilities.scale == 1 / 256 && probabilities.zeroPoint == -128)
        var stream = [Float](repeating: 0, count: 8 * 8000)
        var generator = SeededRandomNumberGenerator(seed: 11)
        for index in stream.indices { stream[index] = 0.001 * (Float(generator.next() % 2001) / 1000 - 1) }
        for index in 28_000..<30_400 { stream[index] += 0.03 * (Float(generator.next() % 2001) / 1000 - 1) }  // a noise burst
        let truth = [KeywordOccurrence(keyword: 0, start: 8000, end: 11_200), KeywordOccurrence(keyword: 1, start: 40_000, end: 43_200)]
        for occurrence in truth {
            let sound = Self.whistle(hertz: occurrence.keyword == 0 ? 500 : 2000, seconds: 0.4)
            for (offset, value) in sound.enumerated() { stream[occurrence.start + offset] += value }
        }
        let samples = stream.map { Int16(($0 * 32_768).rounded()) }
        for every in [1, 2] {  // the model on every hop, or on every other one
            let settings = DetectionSettings(hopsPerInference: every, windowHops: 10 / every, refractoryHops: 40 / every, background: 2)
            let listener = try KeywordListener(model: model, frontEnd: frontEnd, settings: settings)
            #expect(listener.sampleRate == 8000 && listener.hopSamples == 160)
            var inferences = 0
            var peaks = [Int](repeating: 0, count: 3)
            let detections = listener.listen(samples) { output in
                inferences += 1
                for index in 0..<3 { peaks[index] = max(peaks[index], Int(Int8(bitPattern: output[index])) + 128) }
                #expect(output.reduce(0) { $0 + Int(Int8(bitPattern: $1)) + 128 } >= 250, "probabilities sum to about 1")
            }
            #expect(inferences == samples.count / 160 / every)
            let score = StreamScore(detections: detections, occurrences: truth, allowedDelay: 8000)
            #expect(score.detected == 2 && score.falseDetections == 0, "every \(every) hops: \(detections), peaks \(peaks)")
            #expect(detections.allSatisfy { $0.score >= 0.7 && $0.score <= 1 })
        }
    }

    @Test("a logits model, a front-end for another zero point and a cut file are refused")
    func refusals() throws {
        let (model, frontEnd) = try Self.keywordModel()
        var otherZeroPoint = frontEnd
        otherZeroPoint[40] &+= 1
        #expect(throws: ListenerError.self) { try KeywordListener(model: model, frontEnd: otherZeroPoint) }
        do {
            _ = try KeywordListener(model: model, frontEnd: Array(frontEnd.dropLast(4)))
            Issue.record("a cut front-end file was accepted")
        } catch {
            #expect(error == .frontEnd(.tableMismatch))
        }
        var noRate = frontEnd
        noRate.replaceSubrange(24..<28, with: [0, 0, 0, 0])
        #expect(throws: ListenerError.frontEnd(.invalidShape)) { try KeywordListener(model: model, frontEnd: noRate) }
        #expect(throws: ListenerError.self) { try KeywordListener(model: model, frontEnd: frontEnd, settings: DetectionSettings(background: 3)) }
        let (logits, logitsFrontEnd) = try Self.keywordModel(softmax: false)
        #expect(throws: ListenerError.self) { try KeywordListener(model: logits, frontEnd: logitsFrontEnd) }
    }

    @Test("scoring: hits within the allowed delay, wrong classes, repeats and gaps are false detections")
    func scoring() {
        let truth = [KeywordOccurrence(keyword: 3, start: 100, end: 200), KeywordOccurrence(keyword: 5, start: 1000, end: 1100)]
        let detections = [
            KeywordDetection(sample: 150, keyword: 3, score: 0.9), KeywordDetection(sample: 260, keyword: 3, score: 0.9),  // hit, repeat
            KeywordDetection(sample: 600, keyword: 1, score: 0.8),  // in the gap
            KeywordDetection(sample: 1250, keyword: 5, score: 0.8),  // hit, 150 samples after the end
        ]
        let score = StreamScore(detections: detections, occurrences: truth, allowedDelay: 200)
        #expect(score.occurrences == 2 && score.detected == 2 && score.falseDetections == 2 && score.detectionRate == 1)
        let strict = StreamScore(detections: detections, occurrences: truth, allowedDelay: 100)
        #expect(strict.detected == 1 && strict.falseDetections == 3)
    }

    @Test("a WAV file round-trips through its bytes")
    func waveBytes() throws {
        let wave = WAVFile(sampleRate: 8000, samples: [0, 0.5, -1, 32_767 / 32_768, -0.25])
        #expect(try WAVFile(parsing: wave.bytes) == wave)
    }
}
