import Foundation

/// The Free Spoken Digit Dataset: 3 000 recordings of the digits 0–9 (six speakers, 50 repetitions
/// each) as 8 kHz mono 16-bit WAV files named `{digit}_{speaker}_{index}.wav` in `recordings/`.
///
/// The official split puts repetitions 0–4 in the test set and 5–49 in the training set; a
/// speaker-independent split holds one speaker out instead. Each recording becomes MFCCs
/// (``SpeechFeatures/spokenDigits``: `[49, 10, 1]`, like MLPerf Tiny's keyword spotter), standardised
/// per coefficient with the mean and deviation of the training split, so both splits use the same
/// scale whichever is loaded.
public enum FreeSpokenDigits {
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

    static func loadSplits(from folder: URL, heldOutSpeaker: String?, features: SpeechFeatures, including only: Split?) throws -> (train: Dataset?, test: Dataset?) {
        let recordingsFolder = folder.appendingPathComponent("recordings")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: recordingsFolder.path) else {
            throw DatasetError.missingFile(path: recordingsFolder.path, hint: "set --data-dir or EDGE_DISTILL_DATA to the folder holding fsdd/")
        }
        let recordings = names.sorted().compactMap { Recording(url: recordingsFolder.appendingPathComponent($0)) }
        guard !recordings.isEmpty else { throw DatasetError.malformed(path: recordingsFolder.path, reason: "no {digit}_{speaker}_{index}.wav files") }
        if let heldOutSpeaker, !recordings.contains(where: { $0.speaker == heldOutSpeaker }) {
            throw DatasetError.malformed(path: recordingsFolder.path, reason: "no recordings of speaker '\(heldOutSpeaker)'")
        }
        let (trainSplit, testSplit) = (Split.train(heldOutSpeaker: heldOutSpeaker), Split.test(heldOutSpeaker: heldOutSpeaker))
        let trainFeatures = try extract(recordings.filter { $0.belongs(to: trainSplit) }, features: features)
        let (mean, deviation) = statistics(trainFeatures.values, width: features.coefficients)
        func dataset(_ extracted: (values: [Float], labels: [Int])) -> Dataset {
            var values = extracted.values
            for index in values.indices {
                let coefficient = index % features.coefficients
                values[index] = (values[index] - mean[coefficient]) / deviation[coefficient]
            }
            return Dataset(
                inputs: Tensor(shape: [extracted.labels.count, features.frameCount, features.coefficients, 1], scalars: values),
                labels: extracted.labels, classCount: 10)
        }
        let train = only == testSplit ? nil : dataset(trainFeatures)
        let test = only == trainSplit ? nil : dataset(try extract(recordings.filter { $0.belongs(to: testSplit) }, features: features))
        return (train, test)
    }

    static func extract(_ recordings: [Recording], features: SpeechFeatures) throws -> (values: [Float], labels: [Int]) {
        var values: [Float] = []
        values.reserveCapacity(recordings.count * features.frameCount * features.coefficients)
        for recording in recordings {
            guard let data = FileManager.default.contents(atPath: recording.url.path) else {
                throw DatasetError.missingFile(path: recording.url.path, hint: "unreadable recording")
            }
            let wave = try WAVFile(parsing: [UInt8](data), name: recording.url.path)
            guard wave.sampleRate == features.sampleRate else {
                throw DatasetError.malformed(path: recording.url.path, reason: "sample rate \(wave.sampleRate) Hz, expected \(features.sampleRate)")
            }
            values += features(wave.samples)
        }
        return (values, recordings.map(\.digit))
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
