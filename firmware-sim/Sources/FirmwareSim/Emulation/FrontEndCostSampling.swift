import EdgeModel
import EdgeRuntime
import Foundation

/// Instruction counts of the speech front-end under QEMU, one firmware image per shape: a chirp
/// rising from silence, with noise, through a few hops; each hop's count is the run's median.
/// ``KernelCostFit/coefficients(_:)`` turns them into the build's ``KernelCostModel/frontEnd``.
public struct FrontEndCostSampling: Sendable {
    /// The core.
    public let target: FirmwareTarget
    /// Hops per image.
    public let hops = 6

    /// The shapes measured: frames of 128 to 1024 samples, 20 to 64 bands, 10 to 20 coefficients.
    public static let shapes: [AudioFrontEndShape] = [
        (128, 20, 10), (256, 40, 10), (256, 32, 13), (256, 64, 20), (512, 40, 13), (512, 64, 10), (1024, 40, 10), (1024, 64, 20),
    ].map { AudioFrontEndShape(frameSamples: $0.0, melBands: $0.1, coefficients: $0.2) }

    /// Samples the front-end on `target`.
    public init(target: FirmwareTarget) { self.target = target }

    /// The median hop of each shape, with its terms; `progress` hears each finished image.
    public func measure(sources: FirmwareSources, progress: (Int, Int) -> Void = { _, _ in }) throws -> [(mix: InstructionMix, terms: KernelCostTerms)] {
        let folder = try FileManager.default.url(for: .itemReplacementDirectory, in: .userDomainMask, appropriateFor: FileManager.default.temporaryDirectory, create: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var rows: [(mix: InstructionMix, terms: KernelCostTerms)] = []
        for (index, shape) in Self.shapes.enumerated() {
            let design = SpeechFrontEndDesign(sampleRate: 16_000, shape: shape)
            let hop = shape.frameSamples / 2
            let tables = design.tables(
                coefficientMeans: [Float](repeating: -20, count: shape.coefficients), coefficientDeviations: [Float](repeating: 4, count: shape.coefficients),
                inputScale: 0.04, zeroPoint: 0)
            var random = LayerSamples.Generator(seed: UInt64(index + 1))
            let count = shape.frameSamples + (hops - 1) * hop
            let noise = random.bytes(count)
            let samples: [Int16] = (0..<count).map { position in
                let t = Double(position) / 16_000, growth = Double(position) / Double(count)
                let tone = 20_000 * growth * sin(2 * Double.pi * (200 + 3_000 * growth) * t)
                return Int16(max(-32_768, min(32_767, (tone + Double(Int8(bitPattern: noise[position])) / 2).rounded())))
            }
            let image = try FirmwareBuilder(target: target, sources: sources).build(
                frontEnd: tables.serialized(shape: shape, sampleRate: 16_000, hopSamples: hop), samples: samples,
                to: folder.appendingPathComponent("frontend-\(index).elf"))
            let run = try FirmwareEmulator(sources: sources, target: target).run(image)
            let median = run.invokes.sorted { $0.instructions < $1.instructions }[run.invokes.count / 2]
            rows.append((median, KernelCostTerms(frontEnd: shape, melWeights: tables.bandWeights.count)))
            progress(index + 1, Self.shapes.count)
        }
        return rows
    }
}
