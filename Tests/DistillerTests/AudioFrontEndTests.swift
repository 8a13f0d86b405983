import EdgeModel
import Foundation
import Testing
@testable import Distiller
@testable import EdgeRuntime

@Suite("Fixed-point audio front-end: the runtime's integer pipeline against the float definition")
struct AudioFrontEndTests {
    /// One second at 8 kHz: a rising chirp whose loudness sweeps from −60 dBFS to −6 dBFS, plus noise
    /// (quiet frames are where a fixed-point FFT loses precision).
    func testSignal(seed: UInt64 = 1) -> [Int16] {
        var generator = SeededRandomNumberGenerator(seed: seed)
        return (0..<8000).map { index in
            let t = Double(index) / 8000
            let amplitude = pow(10, (-60 + 54 * t) / 20) * 32_767
            let tone = amplitude * sin(2 * Double.pi * (100 * t + 1_700 * t * t))
            let noise = 40 * (Double(generator.nextUnitFloat()) - 0.5)
            return Int16(max(-32_768, min(32_767, (tone + noise).rounded())))
        }
    }

    @Test("the 32-bit FFT matches a double-precision DFT to within a few units")
    func fourierTransform() throws {
        let n = 256
        let design = SpeechFrontEndDesign(sampleRate: 8000, shape: AudioFrontEndShape(frameSamples: n, melBands: 40, coefficients: 10))
        let tables = design.tables(coefficientMeans: [Float](repeating: 0, count: 10), coefficientDeviations: [Float](repeating: 1, count: 10), inputScale: 0.1, zeroPoint: 0)
        var generator = SeededRandomNumberGenerator(seed: 3)
        let input = (0..<n).map { _ in Int32(Int(generator.next() % 65_536) - 32_768) }
        var real = [Int32](repeating: 0, count: n), imaginary = real
        for index in 0..<n {
            var reversed = 0
            for bit in 0..<8 { reversed |= ((index >> bit) & 1) << (7 - bit) }
            real[reversed] = input[index]
        }
        tables.twiddles.withUnsafeBufferPointer { twiddles in
            AudioFrontEnd.transform(real: &real, imaginary: &imaginary, count: n, twiddles: twiddles)
        }
        var largest = 0.0
        for k in 0...(n / 2) {
            var (re, im) = (0.0, 0.0)
            for (index, value) in input.enumerated() {
                re += Double(value) * cos(2 * Double.pi * Double(k * index) / Double(n))
                im -= Double(value) * sin(2 * Double.pi * Double(k * index) / Double(n))
            }
            largest = max(largest, abs(re - Double(real[k])), abs(im - Double(imaginary[k])))
        }
        #expect(largest < 16, "largest difference \(largest) on outputs of size up to 2^23")
    }

    @Test("int8 features agree with the float definition within one step, and exactly for almost every value")
    func agreesWithFloat() throws {
        let features = SpeechFeatures.spokenDigits
        let design = features.design
        let signal = testSignal()
        let reference = features(signal.map { Float($0) / 32_768 })
        // Standardized with this clip's own statistics, ±4.5 deviations over the int8 range.
        let (means, deviations) = FreeSpokenDigits.statistics(reference, width: 10)
        let (scale, zeroPoint): (Float, Int32) = (4.5 / 128, 3)
        let tables = design.tables(coefficientMeans: means, coefficientDeviations: deviations, inputScale: scale, zeroPoint: zeroPoint)
        var scratch = [UInt64](repeating: 0, count: (design.shape.scratchBytes + 7) / 8)
        var output = [Int8](repeating: 0, count: 10)
        var differences = [Int](repeating: 0, count: 4)
        var compared = 0
        try tables.withTables { tables in
            try scratch.withUnsafeMutableBytes { scratch in
                let frontEnd = try AudioFrontEnd(shape: design.shape, tables: tables, scratch: scratch)
                for frame in 0..<features.frameCount {
                    signal.withUnsafeBufferPointer { samples in
                        frontEnd.features(of: samples.baseAddress! + frame * features.hopSamples, into: &output)
                    }
                    for k in 0..<10 {
                        let real = (reference[frame * 10 + k] - means[k]) / deviations[k] / scale + Float(zeroPoint)
                        let expected = Int(max(-128, min(127, real.rounded())))
                        guard (-127...126).contains(expected) else { continue }  // saturated in both
                        differences[min(3, abs(Int(output[k]) - expected))] += 1
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 400)
        #expect(differences[2] + differences[3] == 0, "no value is 2 or more steps off: \(differences)")
        #expect(differences[0] * 100 >= compared * 95, "at least 95 % exact (measured 482 of 490): \(differences)")
    }

    @Test("shapes and tables that do not fit are refused")
    func validation() throws {
        #expect(!AudioFrontEndShape(frameSamples: 200, melBands: 40, coefficients: 10).isValid)
        #expect(!AudioFrontEndShape(frameSamples: 256, melBands: 40, coefficients: 41).isValid)
        #expect(!AudioFrontEndShape(frameSamples: 8192, melBands: 40, coefficients: 10).isValid)
        let design = SpeechFrontEndDesign(sampleRate: 8000, shape: AudioFrontEndShape(frameSamples: 256, melBands: 40, coefficients: 10))
        var tables = design.tables(coefficientMeans: [Float](repeating: 0, count: 10), coefficientDeviations: [Float](repeating: 1, count: 10), inputScale: 0.1, zeroPoint: 0)
        var scratch = [UInt64](repeating: 0, count: design.shape.scratchBytes / 8)
        func attempt(_ tables: SpeechFrontEndTables, shape: AudioFrontEndShape = design.shape, scratchBytes: Int? = nil) -> AudioFrontEndError? {
            tables.withTables { tables -> AudioFrontEndError? in
                scratch.withUnsafeMutableBytes { bytes -> AudioFrontEndError? in
                    let region = UnsafeMutableRawBufferPointer(rebasing: bytes[0..<(scratchBytes ?? bytes.count)])
                    do throws(AudioFrontEndError) { _ = try AudioFrontEnd(shape: shape, tables: tables, scratch: region); return nil } catch { return error }
                }
            }
        }
        #expect(attempt(tables) == nil)
        #expect(attempt(tables, scratchBytes: design.shape.scratchBytes - 8) == .scratchTooSmall)
        #expect(attempt(tables, shape: AudioFrontEndShape(frameSamples: 512, melBands: 40, coefficients: 10)) == .tableMismatch)
        var far = tables
        far.bandFirstBins[39] = 120
        #expect(attempt(far) == .tableMismatch, "a band past the last bin")
        tables.coefficientShifts[0] = 40
        #expect(attempt(tables) == .quantizationOutOfRange)
    }
}

extension AudioFrontEndTests {
    @Test("silence and full-scale frames stay in range: silence gives the floor's features, a full-scale square wave no wrap-around")
    func extremes() throws {
        let design = SpeechFrontEndDesign(sampleRate: 8000, shape: AudioFrontEndShape(frameSamples: 256, melBands: 40, coefficients: 10))
        let tables = design.tables(coefficientMeans: [Float](repeating: 0, count: 10), coefficientDeviations: [Float](repeating: 1, count: 10),
                                   inputScale: 0.5, zeroPoint: 0)
        let features = SpeechFeatures(sampleRate: 8000, clipSamples: 256, frameSamples: 256, hopSamples: 256, melBands: 40, coefficients: 10)
        var scratch = [UInt64](repeating: 0, count: design.shape.scratchBytes / 8)
        for frame in [[Int16](repeating: 0, count: 256), (0..<256).map { $0 % 8 < 4 ? Int16.max : Int16.min }] {
            var output = [Int8](repeating: 0, count: 10)
            try tables.withTables { tables in
                try scratch.withUnsafeMutableBytes { scratch in
                    try AudioFrontEnd(shape: design.shape, tables: tables, scratch: scratch).features(of: frame, into: &output)
                }
            }
            let reference = features(frame.map { Float($0) / 32_768 }).map { Int(max(-128, min(127, ($0 / 0.5).rounded()))) }
            for (value, expected) in zip(output, reference) { #expect(abs(Int(value) - expected) <= 1, "\(output) vs \(reference)") }
        }
    }
}
