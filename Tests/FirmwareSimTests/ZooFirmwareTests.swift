import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

@testable import FirmwareSim

/// The zoo models whose packed kernels only the converter's models use (TRANSPOSE_CONV in the U-Net,
/// BATCH_MATMUL in the transformer; both also take the convolutions' short requantization road), built
/// as Cortex-M4 firmware, reproduce TFLM's outputs under QEMU. `tools/zoo_instructions.sh` emulates
/// all seven on row 0 (about half a minute each for the MobileNets), checked bit-exact with the host.
@Suite struct ZooFirmwareTests {
    static let models = ["kws_transformer_fsdd", "unet_tconv_mnist"]

    @Test(arguments: models)
    func firmwareMatchesTFLM(model: String) throws {
        let test = "zoo firmware under QEMU (\(model))"
        guard FirmwareEmulationTests.toolsPresent(neededBy: test),
              let zoo = SharedFixtures.path("conformance/zoo/\(model)", neededBy: test) else { return }
        let tflite = try [UInt8](Data(contentsOf: zoo.appendingPathComponent("model.tflite")))
        let loaded = try LoadedModel(bytes: ModelWriter().write(TFLiteImporter.importGraph(from: tflite, name: model)))
        let inputs = try NumPyArray.load(contentsOf: zoo.appendingPathComponent("inputs.npy"))
        let expected = try NumPyArray.load(contentsOf: zoo.appendingPathComponent("outputs_tflm.npy"))
        // Three of the sixteen rows: every kernel's paths, a few seconds of emulation.
        let rows = 3
        let inputWidth = inputs.bytes.count / inputs.shape[0]
        let outputWidth = expected.bytes.count / expected.shape[0]
        let inference = try EmulatedInference(
            model: loaded, inputs: Array(inputs.bytes[0..<(rows * inputWidth)]), target: .cortexM4, sources: FirmwareSources.locate())
        #expect(inference.run.outputs.count == rows)
        for row in 0..<min(rows, inference.run.outputs.count) {
            #expect(inference.run.outputs[row] == Array(expected.bytes[(row * outputWidth)..<((row + 1) * outputWidth)]), "\(model) row \(row)")
        }
        try KernelCostPrediction.expectClose(inference, loaded: loaded, model: model)
    }
}

/// The runtime built for AArch64 (Embedded Swift, the NEON kernels) and run bare-metal on QEMU's
/// virt board as a Cortex-A53 reproduces TFLM's outputs on the other three MLPerf Tiny models and the
/// seven zoo models: one row each, a few seconds of emulation (KWS, all 16 rows, is in
/// `FirmwareEmulationTests`); built for the Cortex-A710 (`sdot` and `smmla`), on three of them whose
/// matrix products take every row count (convolutions, one-row dense layers, BATCH_MATMUL). The NEON
/// kernels also run random operators against the host's portable kernels.
@Suite struct AArch64FirmwareTests {
    static let models = [
        "mlperf-tiny/resnet8_cifar10_int8", "mlperf-tiny/vww_96_int8", "mlperf-tiny/ad01_int8",
        "zoo/kws_transformer_fsdd", "zoo/unet_tconv_mnist", "zoo/kws_tcn_causal_fsdd", "zoo/mobilenet_v2_035_96",
        "zoo/mobilenet_v3_small_075_96", "zoo/squeezenet_mnist", "zoo/robot_sector_mlp",
    ]

    static let runs = models.map { ($0, FirmwareTarget.cortexA53) }
        + ["mlperf-tiny/resnet8_cifar10_int8", "mlperf-tiny/ad01_int8", "zoo/kws_transformer_fsdd"].map { ($0, .cortexA710) }

    @Test(arguments: runs)
    func firmwareMatchesTFLM(model: String, target: FirmwareTarget) throws {
        let test = "AArch64 firmware under QEMU (\(model), \(target.rawValue))"
        guard FirmwareEmulationTests.aarch64ToolsPresent(neededBy: test),
              let conformance = SharedFixtures.path("conformance", neededBy: test) else { return }
        let (suite, name) = (String(model.split(separator: "/")[0]), String(model.split(separator: "/")[1]))
        let tflitePath = suite == "zoo" ? "zoo/\(name)/model.tflite" : "mlperf-tiny/\(name).tflite"
        let goldenFolder = suite == "zoo" ? "zoo/\(name)" : "mlperf-tiny/golden/\(name)"
        let tflite = try [UInt8](Data(contentsOf: conformance.appendingPathComponent(tflitePath)))
        let loaded = try LoadedModel(bytes: ModelWriter().write(TFLiteImporter.importGraph(from: tflite, name: name)))
        let inputs = try NumPyArray.load(contentsOf: conformance.appendingPathComponent("\(goldenFolder)/inputs.npy"))
        let expected = try NumPyArray.load(contentsOf: conformance.appendingPathComponent("\(goldenFolder)/outputs_tflm.npy"))
        let inputWidth = inputs.bytes.count / inputs.shape[0]
        let outputWidth = expected.bytes.count / expected.shape[0]
        let inference = try EmulatedInference(
            model: loaded, inputs: Array(inputs.bytes[0..<inputWidth]), target: target, sources: FirmwareSources.locate())
        #expect(inference.run.outputs.count == 1)
        #expect(inference.run.outputs.first == Array(expected.bytes[0..<outputWidth]), "\(model) row 0")
        #expect(inference.run.operators.count == loaded.model.operatorCount)
        try KernelCostPrediction.expectClose(inference, loaded: loaded, model: model)
    }

    /// Random CONV_2D, depthwise, FULLY_CONNECTED, ADD, BATCH_MATMUL and TRANSPOSE_CONV operators
    /// (`LayerSamples`), 36 per image side by side, two input rows: the NEON kernels under QEMU
    /// (on the Cortex-A53; with `sdot` on the Cortex-A76; with `sdot` and `smmla` on the Cortex-A710)
    /// give the host's portable kernels' bytes. One image per seed range keeps the builds few.
    @Test(arguments: [(1, .cortexA53), (2, .cortexA53), (3, .cortexA76), (4, .cortexA710), (5, .cortexA710)] as [(UInt64, FirmwareTarget)])
    func neonKernelsMatchPortableOnRandomOperators(batch: UInt64, target: FirmwareTarget) throws {
        let test = "AArch64 NEON kernels on random operators under QEMU"
        guard FirmwareEmulationTests.aarch64ToolsPresent(neededBy: test) else { return }
        let seeds = (batch * 100)..<(batch * 100 + 6)
        var graphs: [Graph] = []
        for seed in seeds {
            graphs += LayerSamples.vectorKinds.compactMap { LayerSamples.graph(of: $0, seed: seed) }
        }
        let loaded = try LoadedModel(bytes: ModelWriter().write(LayerSamples.union(graphs, name: "random-\(batch)")))
        var random = SampleGraphs.Generator(seed: batch)
        let rowBytes = (0..<loaded.model.inputCount).reduce(0) { $0 + loaded.model.tensor(loaded.model.inputTensorIndex($1)).byteCount }
        let inputs = random.bytes(2 * rowBytes)
        // EmulatedInference throws `outputMismatch` naming the row when a byte differs.
        let inference = try EmulatedInference(model: loaded, inputs: inputs, target: target, sources: FirmwareSources.locate())
        #expect(inference.image.kernels == target.kernels)
        #expect(inference.image.workspaceBytes > 0)
        #expect(inference.run.outputs.count == 2)
    }
}

/// The fitted kernel-cost model of the image's build (the shipped one) predicts the instructions
/// an emulated run counted: the `simulate` goal is within 10 % for the median model and 25 % for
/// every model the fit never saw, and each of these models is one of those.
enum KernelCostPrediction {
    static func expectClose(_ inference: EmulatedInference, loaded: LoadedModel, model: String) throws {
        let catalog = try DeviceCatalog.locate()
        let costs = try #require(catalog.kernelCosts.model(target: inference.image.target, kernels: inference.image.kernels))
        let workload = ModelWorkload(model: loaded.model)
        let predicted = try workload.layers.reduce(0) { $0 + (try #require(costs.predict($1), "\(model): \($1.operatorName)")).instructions }
        let error = Double(predicted) / Double(inference.inference.instructions) - 1
        #expect(abs(error) <= 0.25, "\(model) on \(costs.build): predicted \(predicted), counted \(inference.inference.instructions) (\(Int(100 * error)) %)")
    }
}
