import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

@testable import FirmwareSim

/// The fixed-point speech front-end built as Cortex-M firmware and run under QEMU computes the same
/// int8 features as the host, hop by hop, and every hop's instructions are counted.
@Suite struct FrontEndFirmwareTests {
    @Test func frontEndOnCortexM4MatchesTheHost() throws {
        guard FirmwareEmulationTests.toolsPresent(neededBy: "front-end firmware under QEMU") else { return }
        let shape = AudioFrontEndShape(frameSamples: 256, melBands: 40, coefficients: 10)
        let design = SpeechFrontEndDesign(sampleRate: 8000, shape: shape)
        let tables = design.tables(coefficientMeans: (0..<10).map { -30 + 3 * Float($0) }, coefficientDeviations: (0..<10).map { 2 + Float($0) / 3 },
                                   inputScale: 0.04, zeroPoint: -5)
        let file = tables.serialized(shape: shape, sampleRate: 8000, hopSamples: 160)
        var random = LayerSamples.Generator(seed: 4)
        let noise = random.bytes(2_400)
        let samples: [Int16] = (0..<2_400).map { index in  // a tone growing from silence to −6 dBFS, with noise
            let t = Double(index) / 8000
            let tone = 16_000 * (t / 0.3) * sin(2 * Double.pi * (300 + 2_000 * t) * t)
            return Int16(max(-32_768, min(32_767, (tone + Double(Int8(bitPattern: noise[index])) / 4).rounded())))
        }
        let hops = 1 + (samples.count - 256) / 160

        // The host: the same file read back, the same kernel.
        var expected: [[UInt8]] = []
        var scratch = [UInt64](repeating: 0, count: shape.scratchBytes / 8)
        var features = [Int8](repeating: 0, count: 10)
        try file.withUnsafeBytes { bytes in
            let parsed = try AudioFrontEndFile(bytes: bytes)
            #expect(parsed.shape == shape && parsed.hopSamples == 160 && parsed.sampleRate == 8000)
            try scratch.withUnsafeMutableBytes { scratch in
                let frontEnd = try AudioFrontEnd(shape: parsed.shape, tables: parsed.tables, scratch: scratch)
                for hop in 0..<hops {
                    samples.withUnsafeBufferPointer { frontEnd.features(of: $0.baseAddress! + hop * 160, into: &features) }
                    expected.append(features.map { UInt8(bitPattern: $0) })
                }
            }
        }
        // The same features as the tables lent directly (the file holds exactly the tables).
        try tables.withTables { direct in
            try scratch.withUnsafeMutableBytes { scratch in
                let frontEnd = try AudioFrontEnd(shape: shape, tables: direct, scratch: scratch)
                samples.withUnsafeBufferPointer { frontEnd.features(of: $0.baseAddress! + 160, into: &features) }
                #expect(features.map { UInt8(bitPattern: $0) } == expected[1])
            }
        }
        #expect(Set(expected).count > hops / 2, "the features change along the signal")

        let folder = try CommandRunner.temporaryFolder()
        let sources = try FirmwareSources.locate()
        let image = try FirmwareBuilder(target: .cortexM4, sources: sources).build(
            frontEnd: file, samples: samples, to: folder.appendingPathComponent("frontend.elf"))
        let run = try FirmwareEmulator(sources: sources, target: .cortexM4).run(image)
        #expect(run.outputs == expected, "bit-exact with the host on every hop")
        #expect(run.invokes.count == hops)
        let perHop = run.invokes.map(\.instructions)
        #expect(perHop.allSatisfy { $0 > 10_000 && $0 < 2_000_000 }, "instructions per hop: \(perHop)")
        print("front-end on Cortex-M4: \(perHop.sorted()[hops / 2]) instructions per 20 ms hop (median of \(hops))")

        let short = Array(samples.prefix(100))
        #expect(throws: FirmwareError.self) {
            try FirmwareBuilder(target: .cortexM4, sources: sources).build(frontEnd: file, samples: short, to: folder.appendingPathComponent("x.elf"))
        }
        #expect(throws: FirmwareError.self) {
            try FirmwareBuilder(target: .cortexM4, sources: sources).build(frontEnd: Array(file.dropLast(4)), samples: samples, to: folder.appendingPathComponent("x.elf"))
        }
    }
}
