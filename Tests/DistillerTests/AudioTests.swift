import Foundation
import Testing
import TestSupport
@testable import Distiller

@Suite("WAV files, FFT, MFCC features, Free Spoken Digits")
struct AudioTests {
    /// A canonical 44-byte-header mono PCM file.
    func wavBytes(samples: [Int16], sampleRate: Int = 8000, channels: Int = 1, bits: Int = 16, format: Int = 1) -> [UInt8] {
        func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
        func le16(_ value: Int) -> [UInt8] { (0..<2).map { UInt8((value >> (8 * $0)) & 0xFF) } }
        let data = samples.flatMap { le16(Int(UInt16(bitPattern: $0))) }
        return Array("RIFF".utf8) + le32(36 + data.count) + Array("WAVE".utf8)
            + Array("fmt ".utf8) + le32(16) + le16(format) + le16(channels) + le32(sampleRate)
            + le32(sampleRate * channels * bits / 8) + le16(channels * bits / 8) + le16(bits)
            + Array("data".utf8) + le32(data.count) + data
    }

    @Test("a PCM WAV file parses to scaled samples; an extra chunk is skipped")
    func parsesWAV() throws {
        let bytes = wavBytes(samples: [0, 16384, -32768, 32767])
        let wave = try WAVFile(parsing: bytes)
        #expect(wave.sampleRate == 8000)
        #expect(wave.samples == [0, 0.5, -1, Float(32767) / 32768])
        var withList = Array(bytes[0..<36]) + Array("LIST".utf8) + [3, 0, 0, 0, 1, 2, 3, 0] + Array(bytes[36...])
        withList[4] = UInt8(withList.count - 8)
        #expect(try WAVFile(parsing: withList).samples == wave.samples)
    }

    @Test("malformed WAV files name the problem")
    func rejectsMalformedWAV() {
        let good = wavBytes(samples: [1, 2, 3])
        let cases: [([UInt8], String)] = [
            (Array(good[0..<10]), "not a RIFF/WAVE"),
            (wavBytes(samples: [1, 2], channels: 2), "2 channels"),
            (wavBytes(samples: [1, 2], bits: 8), "8 bits"),
            (wavBytes(samples: [1, 2], format: 3), "format tag 3"),
            (Array(good.dropLast(2)), "runs past the end"),
            (Array(good[0..<36]), "no 'data' chunk"),
        ]
        for (bytes, expected) in cases {
            #expect(throws: DatasetError.self) { try WAVFile(parsing: bytes, name: "x.wav") }
            do {
                _ = try WAVFile(parsing: bytes, name: "x.wav")
            } catch {
                #expect(error.description.hasPrefix("x.wav: ") && error.description.contains(expected), "\(error.description)")
            }
        }
    }

    @Test("the FFT equals a direct DFT")
    func fourierTransformMatchesDirectSum() {
        var generator = SeededRandomNumberGenerator(seed: 3)
        let count = 64
        let input = (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
        var (real, imaginary) = (input, [Float](repeating: 0, count: count))
        FastFourierTransform(count: count).transform(real: &real, imaginary: &imaginary)
        for k in 0..<count {
            var (sumReal, sumImaginary) = (0.0, 0.0)
            for n in 0..<count {
                let angle = -2 * Double.pi * Double(k * n) / Double(count)
                sumReal += Double(input[n]) * cos(angle)
                sumImaginary += Double(input[n]) * sin(angle)
            }
            #expect(abs(Double(real[k]) - sumReal) < 1e-4 && abs(Double(imaginary[k]) - sumImaginary) < 1e-4, "bin \(k)")
        }
    }

    @Test("MFCCs have the keyword-spotting shape and tell a low tone from a high one")
    func featuresSeparateTones() {
        let features = SpeechFeatures.spokenDigits
        #expect(features.frameCount == 49)
        func tone(_ hertz: Float) -> [Float] { (0..<6000).map { 0.3 * sin(2 * Float.pi * hertz * Float($0) / 8000) } }
        let low = features(tone(300)), high = features(tone(2500)), silence = features([])
        #expect(low.count == 49 * 10 && low.allSatisfy(\.isFinite))
        // The first coefficient is the log energy summed over the bands: a tone beats silence.
        #expect(low[240] > silence[240] + 10)
        // Middle frames of the two tones differ clearly; the clip is centred, so the first and last
        // frames (0.125 s of silence on each side) are silence in both.
        let difference = zip(low[240..<250], high[240..<250]).map { abs($0 - $1) }.reduce(0, +)
        #expect(difference > 5)
        #expect(Array(low[0..<10]) == Array(silence[0..<10]) && Array(low[480..<490]) == Array(silence[480..<490]))
    }

    @Test("background clips repeat with the seed, sit at their levels, and cut words at the clip's edge")
    func backgroundClips() {
        let word = (0..<2000).map { Float(sin(Double($0) * 0.3)) * 0.5 }
        func decibels(_ clip: [Float]) -> Float { 10 * log10(clip.reduce(0) { $0 + $1 * $1 } / Float(clip.count)) }
        for index in 0..<8 {
            let clip = FreeSpokenDigits.backgroundClip(index, from: [word], clipSamples: 8000, seed: 1)
            #expect(clip.count == 8000 && clip == FreeSpokenDigits.backgroundClip(index, from: [word], clipSamples: 8000, seed: 1))
            #expect(clip != FreeSpokenDigits.backgroundClip(index, from: [word], clipSamples: 8000, seed: 2))
            switch index % 4 {
            case 0: #expect((-90.5 ... -69.5).contains(decibels(clip)), "near-silence at \(decibels(clip)) dB")
            case 1: #expect((-70.5 ... -24.5).contains(decibels(clip)), "noise at \(decibels(clip)) dB")
            case 2: #expect(decibels(clip) < -20, "rumble at \(decibels(clip)) dB")
            default:
                let loud = clip.indices.filter { abs(clip[$0]) > 0.01 }
                let (first, last) = (loud.min()!, loud.max()!)
                #expect(first == 0 || last == 7999, "the word touches an edge")
                #expect((150...750).contains(last - first + 1), "10–35 % of the word: \(last - first + 1) samples")
            }
        }
    }

    @Test("a recording is heard centred over a faint noise bed drawn from its name")
    func heardRecording() {
        let word = [Float](repeating: 0.5, count: 2000)
        let clip = FreeSpokenDigits.heard(word, name: "7_theo_3.wav", clipSamples: 8000)
        #expect(clip == FreeSpokenDigits.heard(word, name: "7_theo_3.wav", clipSamples: 8000))
        #expect(clip != FreeSpokenDigits.heard(word, name: "7_theo_4.wav", clipSamples: 8000))
        #expect(clip[3000..<5000].allSatisfy { abs($0 - 0.5) < 0.01 } && clip[0..<3000].allSatisfy { abs($0) < 0.01 })
        let bed = clip[0..<3000] + clip[5000...]
        let decibels = 10 * log10(bed.reduce(0) { $0 + $1 * $1 } / Float(bed.count))
        #expect((-86 ... -54).contains(decibels), "noise bed at \(decibels) dBFS")
        let long = (0..<9000).map { Float($0) }
        #expect(FreeSpokenDigits.heard(long, name: "x", clipSamples: 8000).enumerated().allSatisfy { abs($1 - Float($0 + 500)) < 0.01 }, "cropped to the middle")
    }

    @Test("recording names parse; the official and the speaker-held-out splits pick the right files")
    func splitsRecordings() throws {
        let url = URL(fileURLWithPath: "/data/recordings")
        let kept = try #require(FreeSpokenDigits.Recording(url: url.appendingPathComponent("7_jackson_32.wav")))
        #expect(kept.digit == 7 && kept.speaker == "jackson" && kept.repetition == 32)
        #expect(kept.belongs(to: .train()) && !kept.belongs(to: .test()))
        #expect(kept.belongs(to: .test(heldOutSpeaker: "jackson")) && !kept.belongs(to: .train(heldOutSpeaker: "jackson")))
        let test = try #require(FreeSpokenDigits.Recording(url: url.appendingPathComponent("0_theo_4.wav")))
        #expect(test.belongs(to: .test()) && test.belongs(to: .train(heldOutSpeaker: "jackson")))
        for bad in ["x_theo_1.wav", "12_theo_1.wav", "1_Theo_1.wav", "1_theo.wav", "1_theo_1.txt"] {
            #expect(FreeSpokenDigits.Recording(url: url.appendingPathComponent(bad)) == nil, "\(bad)")
        }
    }

    @Test("FSDD loads the official split: 2 700 / 300 recordings of [49, 10, 1] and 270 background clips, standardised by the training split")
    func loadsFreeSpokenDigits() throws {
        guard let folder = SharedFixtures.path("datasets/fsdd", neededBy: "loadsFreeSpokenDigits") else { return }
        let (train, test) = try FreeSpokenDigits.loadSplits(from: folder)
        #expect(train.count == 2970 && test.count == 300)
        #expect(train.exampleShape == [49, 10, 1] && train.classCount == 11 && train.jitterStyle == .time)
        #expect(train.classCounts == [Int](repeating: 270, count: 11) && test.classCounts == [Int](repeating: 30, count: 10) + [0])
        var mean = [Double](repeating: 0, count: 10)
        for (index, value) in train.inputs.scalars.enumerated() { mean[index % 10] += Double(value) }
        #expect(mean.allSatisfy { abs($0 / Double(2970 * 49)) < 1e-3 })
        let (means, deviations) = try FreeSpokenDigits.standardization(from: folder)
        let recording = try #require(FreeSpokenDigits.listRecordings(in: folder, heldOutSpeaker: nil).first { $0.repetition < 5 })
        let heard = FreeSpokenDigits.heard(try FreeSpokenDigits.read(recording, features: .spokenDigits), name: recording.url.lastPathComponent, clipSamples: 8000)
        let standardized = zip(SpeechFeatures.spokenDigits(heard).prefix(10), zip(means, deviations)).map { ($0 - $1.0) / $1.1 }
        #expect(zip(standardized, test.inputs.scalars.prefix(10)).allSatisfy { abs($0 - $1) < 1e-4 })
        #expect(throws: DatasetError.self) { try FreeSpokenDigits.load(.test(heldOutSpeaker: "nobody"), from: folder) }
    }
}
