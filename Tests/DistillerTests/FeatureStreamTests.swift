import EdgeModel
import Foundation
import Testing
@testable import Distiller
@testable import EdgeRuntime

@Suite("Streaming keyword features: a column per hop, a window of columns, smoothed detections")
struct FeatureStreamTests {
    @Test("each pushed hop gives the front-end's features of the last frame; the window is the last columns, oldest first")
    func columnsAndWindow() throws {
        let shape = AudioFrontEndShape(frameSamples: 256, melBands: 40, coefficients: 10)
        let design = SpeechFrontEndDesign(sampleRate: 8000, shape: shape)
        let tables = design.tables(coefficientMeans: (0..<10).map { -20 + Float($0) }, coefficientDeviations: [Float](repeating: 3, count: 10),
                                   inputScale: 0.05, zeroPoint: 0)
        var generator = SeededRandomNumberGenerator(seed: 2)
        let signal: [Int16] = (0..<3_200).map { index in
            let tone: Double = Double(index) * 3 * sin(Double(index) * 0.3)
            let noise = Double(Int(generator.next() % 200) - 100)
            return Int16(tone + noise)
        }
        let (hop, frames) = (160, 7)
        var scratch = [UInt64](repeating: 0, count: shape.scratchBytes / 8), reference = scratch
        var buffer = [UInt16](repeating: 0, count: FeatureStream.bufferBytes(shape: shape, frames: frames) / 2 + 1)
        try tables.withTables { tables in
            try scratch.withUnsafeMutableBytes { scratch in
                try reference.withUnsafeMutableBytes { referenceScratch in
                    try buffer.withUnsafeMutableBytes { buffer in
                        let frontEnd = try AudioFrontEnd(shape: shape, tables: tables, scratch: scratch)
                        let direct = try AudioFrontEnd(shape: shape, tables: tables, scratch: referenceScratch)
                        var stream = try FeatureStream(frontEnd: frontEnd, hopSamples: hop, frames: frames, buffer: buffer)
                        var columns: [[Int8]] = []
                        for push in 1...(signal.count / hop) {
                            let column = signal.withUnsafeBufferPointer { stream.push($0.baseAddress! + (push - 1) * hop) }
                            guard push * hop >= 256 else {
                                #expect(column == nil, "no column before a whole frame")
                                continue
                            }
                            let got = Array(UnsafeBufferPointer(start: try #require(column), count: 10))
                            var expected = [Int8](repeating: 0, count: 10)
                            signal.withUnsafeBufferPointer { direct.features(of: $0.baseAddress! + push * hop - 256, into: &expected) }
                            #expect(got == expected, "push \(push)")
                            columns.append(got)
                        }
                        #expect(stream.isWindowFull && stream.columnsComputed == columns.count)
                        var window = [Int8](repeating: 0, count: frames * 10)
                        stream.copyWindow(into: &window)
                        #expect(window == Array(columns.suffix(frames).joined()))
                    }
                }
            }
        }
        #expect(throws: AudioFrontEndError.self) {
            try tables.withTables { tables in
                try scratch.withUnsafeMutableBytes { scratch in
                    try buffer.withUnsafeMutableBytes { buffer in
                        let frontEnd = try AudioFrontEnd(shape: shape, tables: tables, scratch: scratch)
                        _ = try FeatureStream(frontEnd: frontEnd, hopSamples: 300, frames: 4, buffer: buffer)
                    }
                }
            }
        }
    }

    @Test("a class is detected once its summed outputs lead and pass the threshold, then not during the refractory hops nor until it falls well below")
    func smoothing() throws {
        var buffer = [UInt8](repeating: 0, count: PosteriorSmoother.bufferBytes(classes: 3, window: 4))
        try buffer.withUnsafeMutableBytes { buffer in
            var smoother = try PosteriorSmoother(classes: 3, window: 4, threshold: 200, refractoryHops: 5, background: 0, buffer: buffer)
            func push(_ values: [Int8]) -> Int? { values.withUnsafeBufferPointer { smoother.push($0.baseAddress!) } }
            // Sums over 4 hops start at 4 · −128. Background, class 1, class 2 after each push:
            #expect(push([120, -100, -100]) == nil, "−264, −484, −484: the background leads")
            #expect(push([0, 100, -100]) == nil, "−136, −256, −456")
            #expect(push([0, 100, -100]) == nil, "−8, −28, −428: the background still leads")
            #expect(push([-50, 100, -100]) == 1, "70, 200, −400: class 1 leads and reaches 200")
            for _ in 0..<5 { #expect(push([-50, 100, -100]) == nil, "refractory") }
            #expect(push([-50, 100, -100]) == nil, "the same word, still above the threshold: not again")
            // Re-armed only below (200 + 4 · −128) / 2 = −156.
            for sum in [172, -56] { #expect(push([-128, -128, -128]) == nil, "class 1: \(sum), below the threshold but not re-armed") }
            for sum in [-56, -56, 172, 400] { #expect(push([-50, 100, -100]) == nil, "class 1: \(sum), still the same word") }
            for sum in [172, -56, -284] { #expect(push([-128, -128, -128]) == nil, "class 1: \(sum)") }
            for sum in [-284, -56, 172] { #expect(push([-50, 100, -100]) == nil, "class 1: \(sum), re-armed") }
            #expect(push([-50, 100, -100]) == 1, "class 1: 400, a new word")
            for _ in 0..<6 { _ = push([127, -128, -128]) }
            #expect(push([127, -128, -128]) == nil, "the background is never reported")
        }
        var small = [UInt8](repeating: 0, count: 4)
        #expect(throws: AudioFrontEndError.self) {
            try small.withUnsafeMutableBytes { _ = try PosteriorSmoother(classes: 3, window: 4, threshold: 0, refractoryHops: 0, background: nil, buffer: $0) }
        }
        #expect(throws: AudioFrontEndError.self) {
            try buffer.withUnsafeMutableBytes { _ = try PosteriorSmoother(classes: 3, window: 4, threshold: 0, refractoryHops: 0, background: 3, buffer: $0) }
        }
    }
}
