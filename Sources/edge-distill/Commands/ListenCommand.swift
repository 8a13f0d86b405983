import Distiller
import EdgeModel
import Foundation

/// `edge-distill listen MODEL.edm FILE.wav|--data fsdd`: keyword spotting on a stream, as a device does it.
enum ListenCommand {
    static let usage = """
        usage: edge-distill listen MODEL.edm (FILE.wav | --data fsdd|fsdd-without-SPEAKER) [--front-end FILE.edfe]
                                  [--every HOPS] [--threshold P] [--window N] [--refractory N] [--background CLASS|last|none]
                                  [--limit N] [--seed N] [--write-stream FILE.wav] [--json] [--data-dir DIR]
          Streams audio hop by hop (20 ms) through the fixed-point front-end (--front-end, default
          MODEL.edfe beside the model; `export --data fsdd` writes it) and the int8 model (quantized
          with --softmax) every --every hops (default 1), averages each class's probability over
          --window inferences (default 10) and prints each detection: the time, the class, the
          averaged probability. A class is detected when its average is the largest and at least
          --threshold (default 0.7); then nothing is detected for --refractory inferences (default
          40), nor that class again until its average has fallen below the threshold. --background names a class never reported
          (default last: the spoken-digit students' class 10 is background).
          FILE.wav: 16-bit mono at the front-end's sample rate; a second of silence is heard after it.
          --data builds a test stream from the split's test recordings (the first --limit of them,
          default all, in an order drawn from --seed, default 1) with gaps of silence and noise, and
          reports the detection rate and the false detections (a detection counts when it names the
          digit between the word's start and one second after its end). --write-stream saves it;
          --json lists the words (`truth`) beside the detections.
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(
            arguments, options: ["--data", "--data-dir", "--front-end", "--every", "--threshold", "--window", "--refractory", "--background", "--limit",
                                 "--seed", "--write-stream"],
            flags: ["--json"], usage: usage)
        guard parsed.positional.count == (parsed.value("--data") == nil ? 2 : 1) else {
            throw UsageError("give MODEL.edm and either FILE.wav or --data fsdd (got \(parsed.positional.count) paths)")
        }
        let modelPath = parsed.positional[0]
        let wavePath = parsed.positional.count == 2 ? parsed.positional[1] : nil
        let frontEndPath = parsed.value("--front-end") ?? URL(fileURLWithPath: modelPath).deletingPathExtension().appendingPathExtension("edfe").path
        let datasetName = parsed.value("--data")
        let heldOutSpeaker = try datasetName.map { name in
            guard let speaker = TrainingFlags.spokenDigitsSplit(name) else { throw UsageError("listen builds streams from spoken digits: --data fsdd or fsdd-without-SPEAKER, not '\(name)'") }
            return speaker
        }
        if datasetName == nil, let flag = ["--limit", "--seed", "--write-stream"].first(where: { parsed.value($0) != nil }) {
            throw UsageError("\(flag) applies to a test stream built with --data fsdd")
        }
        var files = FilePaths()
        files.input(modelPath, "model")
        files.input(frontEndPath, "front-end file")
        files.input(wavePath, "audio")
        files.output(parsed.value("--write-stream"), "--write-stream")
        try files.check()

        let loaded = try LoadedModel(contentsOf: URL(fileURLWithPath: modelPath))
        let classes = loaded.model.tensor(loaded.model.outputTensorIndex(0)).elementCount
        var settings = DetectionSettings()
        settings.hopsPerInference = try parsed.integer("--every", default: settings.hopsPerInference, in: 1...1000)
        settings.windowHops = try parsed.integer("--window", default: settings.windowHops, in: 1...1000)
        settings.threshold = Float(try parsed.number("--threshold", default: Double(settings.threshold), in: 0...1))
        settings.refractoryHops = try parsed.integer("--refractory", default: settings.refractoryHops, in: 0...100_000)
        switch parsed.value("--background") ?? "last" {
        case "last": settings.background = classes - 1
        case "none": settings.background = nil
        case let text:
            guard let value = Int(text), (0..<classes).contains(value) else {
                throw UsageError("--background takes a class in 0..<\(classes), last or none; got '\(text)'")
            }
            settings.background = value
        }
        let frontEnd = [UInt8](try Data(contentsOf: URL(fileURLWithPath: frontEndPath)))
        let listener: KeywordListener
        do { listener = try KeywordListener(model: loaded, frontEnd: frontEnd, settings: settings) } catch {
            throw UsageError("\(frontEndPath) with \(modelPath): \(error.description)")
        }

        var samples: [Int16]
        var occurrences: [KeywordOccurrence]?
        if let wavePath {
            let wave = try WAVFile(parsing: [UInt8](try Data(contentsOf: URL(fileURLWithPath: wavePath))), name: wavePath)
            guard wave.sampleRate == listener.sampleRate else {
                throw UsageError("\(wavePath) is sampled at \(wave.sampleRate) Hz; the front-end takes \(listener.sampleRate) Hz")
            }
            samples = wave.samples.map { Int16($0 * 32_768) } + [Int16](repeating: 0, count: listener.sampleRate)
        } else {
            let folder = DataDirectory(explicit: parsed.value("--data-dir")).dataset("fsdd")
            let limit = try parsed.integer("--limit", default: Int.max, in: 1...Int.max)
            let seed = UInt64(try parsed.integer("--seed", default: 1))
            (samples, occurrences) = try FreeSpokenDigits.testStream(from: folder, heldOutSpeaker: heldOutSpeaker ?? nil, limit: limit, seed: seed)
            if let path = parsed.value("--write-stream") {
                let wave = WAVFile(sampleRate: listener.sampleRate, samples: samples.map { Float($0) / 32_768 })
                try writeAtomically(Data(wave.bytes), to: URL(fileURLWithPath: path))
            }
        }
        let seconds = Double(samples.count) / Double(listener.sampleRate)
        printError("listening to \(String(format: "%.1f", seconds)) s of audio, \(samples.count / listener.hopSamples) hops")
        let detections = listener.listen(samples)
        let score = occurrences.map { StreamScore(detections: detections, occurrences: $0, allowedDelay: listener.sampleRate) }
        let rate = Double(listener.sampleRate)
        if parsed.flag("--json") {
            struct Report: Encodable {
                struct Detection: Encodable { let seconds: Double, keyword: Int, score: Float }
                struct Word: Encodable { let keyword: Int, start: Double, end: Double }
                let seconds: Double
                let detections: [Detection]
                let truth: [Word]?
                let words: Int?, detected: Int?, falseDetections: Int?, detectionRate: Double?
            }
            let report = Report(
                seconds: seconds, detections: detections.map { .init(seconds: Double($0.sample) / rate, keyword: $0.keyword, score: $0.score) },
                truth: occurrences?.map { .init(keyword: $0.keyword, start: Double($0.start) / rate, end: Double($0.end) / rate) },
                words: score?.occurrences, detected: score?.detected, falseDetections: score?.falseDetections, detectionRate: score?.detectionRate)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        for detection in detections {
            print(String(format: "%8.2f s  class %d  (%.2f)", Double(detection.sample) / rate, detection.keyword, detection.score))
        }
        if let score {
            print(String(format: "%d words: %d detected (%.1f %%), %d false detections (%.2f per minute)", score.occurrences, score.detected,
                         100 * score.detectionRate, score.falseDetections, Double(score.falseDetections) / (seconds / 60)))
        }
    }
}
