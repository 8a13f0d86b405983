import EdgeModel
import EdgeRuntime
import Foundation

extension FreeSpokenDigits {
    /// A stream for testing a keyword detector: the split's test recordings (the first `limit` of
    /// them in a shuffled order) one after another, each after a gap of 0.8–1.6 s; a white noise bed
    /// at −65 dBFS runs under everything, and every other gap holds a 0.3 s burst of louder noise
    /// (−45…−30 dBFS) or low rumble. Returns int16 samples at 8 kHz and where each digit is.
    public static func testStream(
        from folder: URL, heldOutSpeaker: String? = nil, limit: Int = .max, seed: UInt64 = 1, features: SpeechFeatures = .spokenDigits
    ) throws -> (samples: [Int16], occurrences: [KeywordOccurrence]) {
        var generator = SeededRandomNumberGenerator(seed: seed)
        func uniform(_ range: ClosedRange<Float>) -> Float { range.lowerBound + (range.upperBound - range.lowerBound) * generator.nextUnitFloat() }
        var recordings = try listRecordings(in: folder, heldOutSpeaker: heldOutSpeaker).filter { $0.belongs(to: .test(heldOutSpeaker: heldOutSpeaker)) }
        for position in stride(from: recordings.count - 1, to: 0, by: -1) {
            recordings.swapAt(position, Int(generator.next() % UInt64(position + 1)))
        }
        let rate = Float(features.sampleRate)
        var audio: [Float] = []
        var occurrences: [KeywordOccurrence] = []
        for (index, recording) in recordings.prefix(limit).enumerated() {
            var gap = [Float](repeating: 0, count: Int(rate * uniform(0.8...1.6)))
            if index % 2 == 1 {
                let length = Int(rate * 0.3), start = Int(generator.next() % UInt64(gap.count - length))
                let amplitude = pow(10, uniform(-45 ... -30) / 20) * Float(3).squareRoot()
                var state: Float = 0
                let rumble = index % 4 == 3
                for position in start..<start + length {
                    let white = amplitude * uniform(-1...1)
                    state += 0.1 * (white - state)
                    gap[position] = rumble ? 3 * state : white
                }
            }
            audio += gap
            let word = try read(recording, features: features)
            occurrences.append(KeywordOccurrence(keyword: recording.digit, start: audio.count, end: audio.count + word.count))
            audio += word
        }
        audio += [Float](repeating: 0, count: Int(rate * 1.2))  // room for the last word to pass through the window
        let bed = pow(10, Float(-65) / 20) * Float(3).squareRoot()
        let samples = audio.map { Int16(max(-32_768, min(32_767, (($0 + bed * uniform(-1...1)) * 32_768).rounded()))) }
        return (samples, occurrences)
    }

    /// The runtime's front-end file (``AudioFrontEndFile``) for `model`, a keyword model trained on
    /// the features of the split that holds `heldOutSpeaker` out (`nil`: the official split): the
    /// fixed-point tables of `features`, standardised with that split's statistics and quantized
    /// to the model input's scale and zero point.
    public static func frontEndFile(
        for model: Model, from folder: URL, heldOutSpeaker: String? = nil, features: SpeechFeatures = .spokenDigits
    ) throws -> [UInt8] {
        let input = model.tensor(model.inputTensorIndex(0))
        guard input.elementType == .int8 else {
            throw QuantizationError.unsupportedModelBoundary("the model's input is not int8; the front-end makes int8 features")
        }
        guard input.elementCount == features.frameCount * features.coefficients else {
            throw QuantizationError.modelInputMismatch(modelElements: input.elementCount, exampleElements: features.frameCount * features.coefficients)
        }
        let (means, deviations) = try standardization(from: folder, heldOutSpeaker: heldOutSpeaker, features: features)
        let tables = features.design.tables(
            coefficientMeans: means, coefficientDeviations: deviations, inputScale: input.scale, zeroPoint: Int32(input.zeroPoint))
        return tables.serialized(shape: features.design.shape, sampleRate: features.sampleRate, hopSamples: features.hopSamples)
    }
}
