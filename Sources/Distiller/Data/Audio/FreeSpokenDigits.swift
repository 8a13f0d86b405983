import Foundation

/// The Free Spoken Digit Dataset: 3 000 recordings of the digits 0–9 (six speakers, 50 repetitions
/// each) as 8 kHz mono 16-bit WAV files named `{digit}_{speaker}_{index}.wav` in `recordings/`.
///
/// The official split puts repetitions 0–4 in the test set and 5–49 in the training set; a
/// speaker-independent split holds one speaker out instead. Each recording becomes MFCCs
/// (``SpeechFeatures/spokenDigits``: `[49, 10, 1]`, like MLPerf Tiny's keyword spotter), standardised
/// per coefficient with the mean and deviation of the training split, so both splits use the same
/// scale whichever is loaded.
///
/// Classes 0–9 are the digits and class 10 is **background**: what a streaming detector hears
/// between words. The training split gets one class's worth of synthetic background clips (see
/// ``backgroundClip(_:from:clipSamples:seed:)``); the test split holds only the recordings, so its
/// accuracy is the digits'.
public enum FreeSpokenDigits {
    /// The background class (silence, noise, a word cut by the window's edge).
    public static let backgroundClass = 10
    /// Digits and background.
    public static let classCount = 11

    /// The six speakers of version 1.0.10, each recorded 50 times per digit.
    public static let speakers = ["george", "jackson", "lucas", "nicolas", "theo", "yweweler"]

    /// Which recordings form a split.
    public enum Split: Sendable, Equatable {
        /// Repetitions 5–49 (2 700 files), or every speaker but the held-out one.
        case train(heldOutSpeaker: String? = nil)
        /// Repetitions 0–4 (300 files), or only the held-out speaker.
        case test(heldOutSpeaker: String? = nil)
    }

    /// One recording's name parts.
    struct Recording {
        let url: URL
        let digit: Int
        let speaker: String
        let repetition: Int

        /// Parses `7_jackson_32.wav`; `nil` for names that do not follow the pattern.
        init?(url: URL) {
            let name = url.lastPathComponent
            guard name.hasSuffix(".wav") else { return nil }
            let parts = name.dropLast(4).split(separator: "_", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 1, let digit = Int(parts[0]), let repetition = Int(parts[2]),
                  !parts[1].isEmpty, parts[1].allSatisfy({ $0.isLowercase && $0.isASCII }) else { return nil }
            (self.url, self.digit, self.speaker, self.repetition) = (url, digit, String(parts[1]), repetition)
        }

        func belongs(to split: Split) -> Bool {
            switch split {
            case .train(let speaker?): self.speaker != speaker
            case .test(let speaker?): self.speaker == speaker
            case .train(nil): repetition >= 5
            case .test(nil): repetition < 5
            }
        }
    }

    /// Loads one split from `folder` (the dataset folder holding `recordings/`).
    public static func load(_ split: Split, from folder: URL, features: SpeechFeatures = .spokenDigits) throws -> Dataset {
        let speaker: String?
        switch split {
        case .train(let name), .test(let name): speaker = name
        }
        let (train, test) = try loadSplits(from: folder, heldOutSpeaker: speaker, features: features, including: split)
        return split == .train(heldOutSpeaker: speaker) ? train! : test!
    }

    /// Loads the training and test splits together (the features of the training split are computed
    /// once and give both splits their scale).
    public static func loadSplits(from folder: URL, heldOutSpeaker: String? = nil, features: SpeechFeatures = .spokenDigits) throws -> (train: Dataset, test: Dataset) {
        let (train, test) = try loadSplits(from: folder, heldOutSpeaker: heldOutSpeaker, features: features, including: nil)
        return (train!, test!)
    }

    /// The per-coefficient mean and deviation that standardise the features of the split holding
    /// `heldOutSpeaker` out (`nil`: the official split) — what the runtime's front-end file needs
    /// to give the model the inputs it was trained on.
    public static func standardization(from folder: URL, heldOutSpeaker: String? = nil, features: SpeechFeatures = .spokenDigits) throws -> (means: [Float], deviations: [Float]) {
        let recordings = try listRecordings(in: folder, heldOutSpeaker: heldOutSpeaker)
        let train = try trainingFeatures(recordings.filter { $0.belongs(to: .train(heldOutSpeaker: heldOutSpeaker)) }, features: features)
        let (means, deviations) = statistics(train.values, width: features.coefficients)
        return (means, deviations)
    }

    static func listRecordings(in folder: URL, heldOutSpeaker: String?) throws -> [Recording] {
        let recordingsFolder = folder.appendingPathComponent("recordings")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: recordingsFolder.path) else {
            throw DatasetError.missingFile(path: recordingsFolder.path, hint: "set --data-dir or EDGE_DISTILL_DATA to the folder holding fsdd/")
        }
        let recordings = names.sorted().compactMap { Recording(url: recordingsFolder.appendingPathComponent($0)) }
        guard !recordings.isEmpty else { throw DatasetError.malformed(path: recordingsFolder.path, reason: "no {digit}_{speaker}_{index}.wav files") }
        if let heldOutSpeaker, !recordings.contains(where: { $0.speaker == heldOutSpeaker }) {
            throw DatasetError.malformed(path: recordingsFolder.path, reason: "no recordings of speaker '\(heldOutSpeaker)'")
        }
        return recordings
    }

    /// The training recordings' features and labels, then one class's worth of background clips.
    static func trainingFeatures(_ recordings: [Recording], features: SpeechFeatures) throws -> (values: [Float], labels: [Int]) {
        let waves = try recordings.map { try read($0, features: features) }
        var values = zip(recordings, waves).flatMap { features(heard($1, name: $0.url.lastPathComponent, clipSamples: features.clipSamples)) }
        var labels = recordings.map(\.digit)
        for index in 0..<recordings.count / 10 {
            values += features(backgroundClip(index, from: waves, clipSamples: features.clipSamples, seed: 1))
            labels.append(backgroundClass)
        }
        return (values, labels)
    }

    static func loadSplits(from folder: URL, heldOutSpeaker: String?, features: SpeechFeatures, including only: Split?) throws -> (train: Dataset?, test: Dataset?) {
        let recordings = try listRecordings(in: folder, heldOutSpeaker: heldOutSpeaker)
        let (trainSplit, testSplit) = (Split.train(heldOutSpeaker: heldOutSpeaker), Split.test(heldOutSpeaker: heldOutSpeaker))
        let trainFeatures = try trainingFeatures(recordings.filter { $0.belongs(to: trainSplit) }, features: features)
        let (mean, deviation) = statistics(trainFeatures.values, width: features.coefficients)
        func dataset(_ extracted: (values: [Float], labels: [Int])) -> Dataset {
            var values = extracted.values
            for index in values.indices {
                let coefficient = index % features.coefficients
                values[index] = (values[index] - mean[coefficient]) / deviation[coefficient]
            }
            var dataset = Dataset(
                inputs: Tensor(shape: [extracted.labels.count, features.frameCount, features.coefficients, 1], scalars: values),
                labels: extracted.labels, classCount: classCount)
            dataset.jitterStyle = .time
            return dataset
        }
        let train = only == testSplit ? nil : dataset(trainFeatures)
        let test = only == trainSplit ? nil : dataset(try extract(recordings.filter { $0.belongs(to: testSplit) }, features: features))
        return (train, test)
    }

    static func extract(_ recordings: [Recording], features: SpeechFeatures) throws -> (values: [Float], labels: [Int]) {
        var values: [Float] = []
        values.reserveCapacity(recordings.count * features.frameCount * features.coefficients)
        for recording in recordings {
            values += features(heard(try read(recording, features: features), name: recording.url.lastPathComponent, clipSamples: features.clipSamples))
        }
        return (values, recordings.map(\.digit))
    }

    static func read(_ recording: Recording, features: SpeechFeatures) throws -> [Float] {
        guard let data = FileManager.default.contents(atPath: recording.url.path) else {
            throw DatasetError.missingFile(path: recording.url.path, hint: "unreadable recording")
        }
        let wave = try WAVFile(parsing: [UInt8](data), name: recording.url.path)
        guard wave.sampleRate == features.sampleRate else {
            throw DatasetError.malformed(path: recording.url.path, reason: "sample rate \(wave.sampleRate) Hz, expected \(features.sampleRate)")
        }
        return wave.samples
    }

    /// A recording as the model hears it, in training and test alike: centred in the clip (cropped
    /// when longer) over a faint bed of white noise, −85…−55 dBFS drawn from the file's `name` — a
    /// microphone never gives digital silence, and a detector on a stream should not learn that
    /// words come wrapped in it.
    public static func heard(_ samples: [Float], name: String, clipSamples: Int) -> [Float] {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var generator = SeededRandomNumberGenerator(seed: hash)
        let amplitude = pow(10, (-85 + 30 * generator.nextUnitFloat()) / 20) * Float(3).squareRoot()
        var clip = (0..<clipSamples).map { _ in amplitude * (2 * generator.nextUnitFloat() - 1) }
        let kept = min(samples.count, clipSamples)
        let (from, to) = ((samples.count - kept) / 2, (clipSamples - kept) / 2)
        for offset in 0..<kept { clip[to + offset] += samples[from + offset] }
        return clip
    }

    /// Background clip `index` (`clipSamples` long), drawn from `seed`: by turns near-silence
    /// (−90…−70 dBFS white noise), white noise (−70…−25 dBFS), low-passed rumble (−60…−30 dBFS),
    /// and the first or last 10–35 % of one of `words` at the clip's edge over quiet noise — a word
    /// the window has not yet wholly heard, or has mostly left.
    public static func backgroundClip(_ index: Int, from words: [[Float]], clipSamples: Int, seed: UInt64) -> [Float] {
        var generator = SeededRandomNumberGenerator(seed: seed, stream: UInt64(index))
        func uniform(_ range: ClosedRange<Float>) -> Float { range.lowerBound + (range.upperBound - range.lowerBound) * generator.nextUnitFloat() }
        func noise(decibels: Float) -> [Float] {  // white, uniform, at an RMS of `decibels` dBFS
            let amplitude = pow(10, decibels / 20) * Float(3).squareRoot()
            return (0..<clipSamples).map { _ in amplitude * uniform(-1...1) }
        }
        switch index % 4 {
        case 0: return noise(decibels: uniform(-90 ... -70))
        case 1: return noise(decibels: uniform(-70 ... -25))
        case 2:
            var clip = noise(decibels: uniform(-50 ... -20))
            var state: Float = 0
            for position in clip.indices {  // one-pole low-pass at about 130 Hz
                state += 0.1 * (clip[position] - state)
                clip[position] = state
            }
            return clip
        default:
            var clip = noise(decibels: uniform(-80 ... -60))
            guard !words.isEmpty else { return clip }
            let word = words[Int(generator.next() % UInt64(words.count))]
            let kept = min(clipSamples, max(1, Int(Float(word.count) * uniform(0.1...0.35))))
            if generator.next() % 2 == 0 {  // the word's end, at the clip's start
                for position in 0..<kept { clip[position] += word[word.count - kept + position] }
            } else {  // its start, at the clip's end
                for position in 0..<kept { clip[clipSamples - kept + position] += word[position] }
            }
            return clip
        }
    }

    /// Per-coefficient mean and standard deviation (at least 1e-6) of interleaved feature rows.
    static func statistics(_ values: [Float], width: Int) -> (mean: [Float], deviation: [Float]) {
        var sum = [Double](repeating: 0, count: width), squares = [Double](repeating: 0, count: width)
        for (index, value) in values.enumerated() {
            sum[index % width] += Double(value)
            squares[index % width] += Double(value) * Double(value)
        }
        let rows = Double(max(values.count / width, 1))
        let mean = sum.map { $0 / rows }
        let deviation = zip(squares, mean).map { max(($0 / rows - $1 * $1).squareRoot(), 1e-6) }
        return (mean.map { Float($0) }, deviation.map { Float($0) })
    }
}
