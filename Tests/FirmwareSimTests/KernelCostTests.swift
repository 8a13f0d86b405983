import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

@testable import FirmwareSim

/// The fitted model of EdgeDistill's kernels: its terms, the non-negative fit, the measurements
/// file, and the models shipped with the device profiles.
@Suite struct KernelCostTests {
    @Test func nonNegativeLeastSquaresRecoversCoefficientsAndClampsAtZero() {
        var random = LayerSamples.Generator(seed: 3)
        let rows = (0..<40).map { _ in [1, Double(random.integer(in: 1...100)), Double(random.integer(in: 1...10_000))] }
        let exact = rows.map { 5 + 2 * $0[1] + 0.5 * $0[2] }
        let fitted = NonNegativeLeastSquares.solve(rows: rows, targets: exact)
        for (value, expected) in zip(fitted, [5, 2, 0.5]) { #expect(abs(value - expected) < 1e-6 * max(1, expected)) }
        // A truly negative coefficient is held at zero, the others absorb what they can.
        let negative = rows.map { 100 + 3 * $0[1] - 0.001 * $0[2] }
        let clamped = NonNegativeLeastSquares.solve(rows: rows, targets: negative)
        #expect(clamped.allSatisfy { $0 >= 0 })
        #expect(clamped[2] == 0)
    }

    @Test func everyKindHasTermsOfItsFamilysWidth() throws {
        for kind in LayerSamples.sampledKinds {
            let graph = try #require(LayerSamples.graph(of: kind, size: .layers, seed: 5))
            let terms = KernelCostTerms(kind: kind, operands: GraphOperands(graph: graph, operator: 0))
            #expect(terms.values.count == terms.family.termNames.count, "\(kind.name)")
            #expect(terms.values.allSatisfy { $0.isFinite && $0 >= 0 }, "\(kind.name)")
        }
    }

    @Test func convolutionTermsFollowTheMatrixShape() throws {
        // 8×8×16 input, 3×3 filter, 24 outputs, SAME: rows 64 pixels, depth 144, columns 24.
        var random = LayerSamples.Generator(seed: 1)
        let input = TensorDescription(name: "x", shape: [1, 8, 8, 16], elementType: .int8, quantization: .init(scale: 0.05, zeroPoint: 0))
        let filter = TensorDescription(
            name: "w", shape: [24, 3, 3, 16], elementType: .int8, quantization: .init(scale: 0.01, zeroPoint: 0),
            constantData: random.bytes(24 * 3 * 3 * 16))
        let output = TensorDescription(name: "y", shape: [1, 8, 8, 24], elementType: .int8, quantization: .init(scale: 0.1, zeroPoint: 0))
        let graph = Graph(
            name: "conv", tensors: [input, filter, output],
            operators: [.init(kind: .conv2D, inputs: [0, 1, -1], outputs: [2], options: .init(padding: .same))], inputs: [0], outputs: [2])
        let terms = KernelCostTerms(kind: .conv2D, operands: GraphOperands(graph: graph, operator: 0))
        #expect(terms.family == KernelCostTerms.Family.matrix)
        let named = Dictionary(uniqueKeysWithValues: zip(terms.family.termNames, terms.values))
        #expect(named["rows"] == 64 && named["columns"] == 24 && named["rows·columns·depth"] == 64 * 24 * 144)
        #expect(named["⌈rows/3⌉·⌈columns/4⌉·⌈depth/16⌉"] == Double(22 * 6 * 9))
        // The same layer read back from the written model gives the same terms.
        let model = try LoadedModel(bytes: ModelWriter().write(graph))
        #expect(ModelWorkload(model: model.model).layers[0].kernelTerms == terms)
    }

    /// Counts that are an exact non-negative function of the terms are fitted exactly, and a kind
    /// without samples of its own gets its family's pooled coefficients.
    @Test func fitReproducesExactCountsAndPoolsFamilies() throws {
        var layers: [KernelCostMeasurements.Layer] = []
        for kind in [OperatorKind.add, .mul, .conv2D] {
            for seed in 1...15 as ClosedRange<UInt64> {
                let graph = try #require(LayerSamples.graph(of: kind, size: .layers, seed: seed))
                let terms = KernelCostTerms(kind: kind, operands: GraphOperands(graph: graph, operator: 0))
                let instructions = 300 + 7 * terms.values[1] + (terms.family == .matrix ? 2 * terms.values[5] : 0)
                layers.append(.init(image: 0, kind: kind, seed: seed, mix: InstructionMix(
                    instructions: Int(instructions.rounded()), loads: Int(instructions / 4), stores: 10, branches: 20)))
            }
        }
        let invoke = KernelCostMeasurements.Invoke(
            image: 0, operators: layers.count,
            mix: InstructionMix(instructions: layers.reduce(0) { $0 + $1.mix.instructions } + 50 * layers.count))
        let measurements = KernelCostMeasurements(layers: layers, invokes: [invoke])
        let model = KernelCostFit.fit(measurements, build: "test", source: "test")
        #expect(abs(model.dispatchInstructions - 50) < 1e-9)
        let conv = try #require(model.kinds["CONV_2D"])
        #expect(conv.medianError < 0.001 && conv.worstError < 0.01)
        // SUB was never measured: it is predicted with the element-wise family's pooled fit.
        let sub = try #require(LayerSamples.graph(of: .sub, size: .layers, seed: 2))
        let layer = ModelWorkload(graph: sub).layers[0]
        #expect(model.kinds["SUB"] == nil)
        #expect(model.coefficients(for: layer) == model.families["elementwise"])
        let predicted = try #require(model.predict(layer)).instructions
        let terms = try #require(layer.kernelTerms)
        #expect(abs(Double(predicted) - (350 + 7 * terms.values[1])) <= 2)
    }

    @Test func measurementsRoundTripAndRejectBadLines() throws {
        let measurements = KernelCostMeasurements(
            layers: [.init(image: 0, kind: .conv2D, seed: 4, mix: InstructionMix(instructions: 10, loads: 2, stores: 1, branches: 3, multiplies: 4))],
            invokes: [.init(image: 0, operators: 1, mix: InstructionMix(instructions: 20))])
        #expect(try KernelCostMeasurements(csv: measurements.csv, file: "m.csv") == measurements)
        for (text, fragment) in [
            ("image,kind\n", "first line"), (KernelCostMeasurements.header + "\n0,CONV_2D,1,2,3\n", "line 2"),
            (KernelCostMeasurements.header + "\n0,NOT_AN_OP,1,2,3,4,5,6\n", "unknown operator 'NOT_AN_OP'"),
            (KernelCostMeasurements.header + "\n0,CONV_2D,1,-2,3,4,5,6\n", "line 2"),
        ] {
            #expect(throws: FirmwareError.self) { try KernelCostMeasurements(csv: text, file: "m.csv") }
            do { _ = try KernelCostMeasurements(csv: text, file: "m.csv") } catch {
                #expect("\(error)".contains("m.csv") && "\(error)".contains(fragment), "\(error)")
            }
        }
    }

    /// A kernel-cost file beside the profiles is checked like a profile: the file and the field named.
    @Test func badKernelCostFilesAreRefusedNamingTheField() throws {
        let width = KernelCostTerms.Family.elementwise.termNames.count
        let coefficients = KernelCostModel.Coefficients(
            family: .elementwise, samples: 3, instructions: [1, 2, 3, 4] + Array(repeating: 0, count: width - 4),
            loads: Array(repeating: 0, count: width), stores: Array(repeating: 0, count: width), branches: Array(repeating: 0, count: width - 1),
            medianError: 0, worstError: 0)
        let model = KernelCostModel(build: "cortex-m4-portable", source: "t", dispatchInstructions: 5, kinds: ["ADD": coefficients], families: [:])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kernel-costs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try JSONEncoder().encode(model).write(to: folder.appendingPathComponent("bad.json"))
        #expect(throws: DeviceProfileError.self) { try KernelCostCatalog(directory: folder) }
        do { _ = try KernelCostCatalog(directory: folder) } catch {
            #expect("\(error)".contains("bad.json") && "\(error)".contains("kinds.ADD.branches"), "\(error)")
        }
        try Data("{\"build\": 3}".utf8).write(to: folder.appendingPathComponent("bad.json"))
        #expect(throws: DeviceProfileError.self) { try KernelCostCatalog(directory: folder) }
        // Huge shapes saturate instead of trapping.
        let huge = KernelCostTerms(family: .elementwise, values: [1, 1e300, 1e300] + Array(repeating: 0, count: width - 3))
        #expect(coefficients.mix(huge).instructions == Int(1e18))
    }

    /// Measuring some kinds again replaces their rows, renumbers the new images after the old ones,
    /// and drops the invoke rows of the images the replaced layers ran in.
    @Test func replacingKindsKeepsTheOthers() {
        func layer(_ image: Int, _ kind: OperatorKind, _ seed: UInt64) -> KernelCostMeasurements.Layer {
            .init(image: image, kind: kind, seed: seed, mix: InstructionMix(instructions: 100 * image + Int(seed)))
        }
        let old = KernelCostMeasurements(
            layers: [layer(0, .conv2D, 1), layer(0, .add, 1), layer(1, .conv2D, 2)],
            invokes: [.init(image: 0, operators: 2, mix: InstructionMix(instructions: 500)), .init(image: 1, operators: 1, mix: InstructionMix(instructions: 300))])
        let newer = KernelCostMeasurements(layers: [layer(0, .add, 1), layer(0, .add, 2)], invokes: [.init(image: 0, operators: 2, mix: InstructionMix(instructions: 90))])
        let merged = old.replacing(kinds: [.add], with: newer)
        #expect(merged.layers.map(\.kind) == [.conv2D, .conv2D, .add, .add])
        #expect(merged.layers.filter { $0.kind == .add }.allSatisfy { $0.image == 2 })
        #expect(merged.invokes.map(\.image) == [1, 2])
    }

    @Test func catalogFallsBackToTheSameArchitecturesBuild() {
        let a53 = KernelCostModel(build: "cortex-a53-neon", source: "t", dispatchInstructions: 0, kinds: [:], families: [:])
        let catalog = KernelCostCatalog(models: [a53])
        #expect(catalog.model(target: .cortexA72, kernels: .arm64NEON)?.build == "cortex-a53-neon")
        #expect(catalog.model(target: .cortexA76, kernels: .arm64DotProduct) == nil)
        #expect(catalog.model(target: .cortexM4, kernels: .portable) == nil)
    }

    /// Every shipped profile predicts EdgeDistill's runtime from a shipped fit, and every sampled
    /// kind of each fit was fitted with its own samples.
    @Test func shippedProfilesPredictEdgeDistillsRuntime() throws {
        let catalog = try DeviceCatalog.locate()
        #expect(Set(catalog.kernelCosts.models.keys) == ["cortex-m4-portable", "cortex-a53-neon", "cortex-a76-neon-dot", "cortex-a710-neon-i8mm", "cortex-a53-portable"])
        for model in catalog.kernelCosts.models.values {
            for kind in LayerSamples.sampledKinds {
                #expect((model.kinds["\(kind.name)"]?.samples ?? 0) >= 10, "\(model.build) \(kind.name)")
            }
        }
        let workload = ModelWorkload(graph: Fixtures.smallGraph())
        for device in catalog.devices {
            let simulation = DeviceSimulation(workload: workload, device: device, kernelCosts: catalog.kernelCosts)
            #expect(simulation.stack.hasPrefix("EdgeDistill runtime"), "\(device.name): \(simulation.stack)")
            #expect(simulation.latency.seconds > 0 && simulation.latencyRangeMilliseconds?.count == 2, "\(device.name)")
        }
    }

    /// On a Cortex-A device the vector kernels' workspace (packed weights) counts in RAM, the bytes
    /// the firmware reserves beside the arena; a Cortex-M device has none.
    @Test func vectorWorkspaceCountsInCortexARAM() throws {
        let graph = try #require(LayerSamples.graph(of: .conv2D, size: .layers, seed: 3))
        let loaded = try LoadedModel(bytes: ModelWriter().write(graph))
        let workload = ModelWorkload(model: loaded.model)
        #expect(workload.vectorWorkspaceBytes == Interpreter.workspaceBytes(for: loaded.model, kernels: .arm64NEON))
        #expect(workload.vectorWorkspaceBytes > 0)
        #expect(ModelWorkload(graph: graph).vectorWorkspaceBytes == workload.vectorWorkspaceBytes)
        let catalog = try DeviceCatalog.locate()
        let a55 = DeviceSimulation(workload: workload, device: try catalog.device(named: "phone-little-a55"), kernelCosts: catalog.kernelCosts)
        let m4 = DeviceSimulation(workload: workload, device: try catalog.device(named: "speaker-wakeword-m4f"), kernelCosts: catalog.kernelCosts)
        #expect(a55.memory.workspaceBytes == workload.vectorWorkspaceBytes && m4.memory.workspaceBytes == 0)
        #expect(a55.memory.peakRAMBytes == workload.arenaBytes + workload.vectorWorkspaceBytes + workload.inputBytes + workload.outputBytes
            + a55.memory.runtimeStateBytes + a55.memory.stackBytes)
    }

    /// A keyword model's speech front-end: every shipped build predicts its hop, its buffers and
    /// tables count in RAM and flash, and a stream hop pays the model once and the front-end once
    /// per frame hop in it.
    @Test func frontEndCountsInTheStream() throws {
        let catalog = try DeviceCatalog.locate()
        let shape = AudioFrontEndShape(frameSamples: 256, melBands: 40, coefficients: 10)
        let tables = SpeechFrontEndDesign(sampleRate: 8000, shape: shape).tables(
            coefficientMeans: Array(repeating: 0, count: 10), coefficientDeviations: Array(repeating: 1, count: 10), inputScale: 0.05, zeroPoint: 0)
        let file = tables.serialized(shape: shape, sampleRate: 8000, hopSamples: 160)
        let frontEnd = try #require(FrontEndWorkload(file: file, inputElements: 490, classes: 11))
        #expect(frontEnd.hopSeconds == 0.02 && frontEnd.fileBytes == file.count && frontEnd.melWeights == tables.bandWeights.count)
        #expect(frontEnd.ramBytes == shape.scratchBytes + FeatureStream.bufferBytes(shape: shape, frames: 49)
            + PosteriorSmoother.bufferBytes(classes: 11, window: 10))
        #expect(FrontEndWorkload(file: file, inputElements: 495, classes: 11) == nil, "49.5 columns")
        #expect(FrontEndWorkload(file: Array(file.dropLast(4)), inputElements: 490, classes: 11) == nil, "a cut file")
        for model in catalog.kernelCosts.models.values {
            let mix = try #require(model.predictFrontEnd(shape, melWeights: frontEnd.melWeights), "\(model.build) has no front-end fit")
            #expect((50_000...400_000).contains(mix.instructions), "\(model.build): \(mix.instructions) instructions per hop")
            #expect(model.frontEnd!.medianError < 0.05, "\(model.build)")
        }
        let workload = ModelWorkload(graph: Fixtures.smallGraph())
        let device = try catalog.device(named: "speaker-wakeword-m4f")
        let alone = DeviceSimulation(workload: workload, device: device, kernelCosts: catalog.kernelCosts, hopSeconds: 0.04)
        let listening = DeviceSimulation(workload: workload, device: device, kernelCosts: catalog.kernelCosts, hopSeconds: 0.04, frontEnd: frontEnd)
        let perFrame = try #require(listening.frontEndMilliseconds) / 1000
        #expect(abs(listening.energy.latencySeconds - (alone.energy.latencySeconds + 2 * perFrame)) < 1e-12, "two 20 ms frames per 40 ms hop")
        #expect(listening.memory.peakRAMBytes == alone.memory.peakRAMBytes + frontEnd.ramBytes)
        #expect(listening.memory.flashBytes == alone.memory.flashBytes + file.count)
    }
}
