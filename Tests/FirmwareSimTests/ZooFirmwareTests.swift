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
    }
}
