import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

/// The int8 models of `../shared/conformance/zoo`, made by today's TFLite converter, imported,
/// written as .edm and run by the runtime, reproduce TFLM's outputs bit for bit on all 16 inputs,
/// with every kernel variant this machine runs.
@Suite struct ZooConformanceTests {
    /// All seven zoo models.
    static let models = [
        "kws_tcn_causal_fsdd", "kws_transformer_fsdd", "mobilenet_v2_035_96", "mobilenet_v3_small_075_96",
        "robot_sector_mlp", "squeezenet_mnist", "unet_tconv_mnist",
    ]

    @Test(arguments: models, MLPerfTinyConformanceTests.variants)
    func outputsMatchTFLM(model: String, kernels: KernelVariant) throws {
        guard let zoo = SharedFixtures.path("conformance/zoo/\(model)", neededBy: "zoo conformance (\(model))") else { return }
        let tflite = try [UInt8](Data(contentsOf: zoo.appendingPathComponent("model.tflite")))
        let graph = try TFLiteImporter.importGraph(from: tflite, name: model)
        let loaded = try LoadedModel(bytes: ModelWriter().write(graph))
        let runner = try ModelRunner(loaded, kernels: kernels)
        let inputs = try NumPyArray.load(contentsOf: zoo.appendingPathComponent("inputs.npy"))
        let outputs = try NumPyArray.load(contentsOf: zoo.appendingPathComponent("outputs_tflm.npy"))
        #expect(inputs.shape[0] == 16)
        let inputBytes = runner.inputBytes(0).count
        let outputBytes = runner.outputBytes(0).count
        for row in 0..<inputs.shape[0] {
            inputs.bytes.withUnsafeBytes { source in
                runner.inputBytes(0).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[(row * inputBytes)..<((row + 1) * inputBytes)]))
            }
            runner.invoke()
            let mismatch = MLPerfTinyConformanceTests.difference(
                Array(runner.outputBytes(0)), outputs.bytes[(row * outputBytes)..<((row + 1) * outputBytes)])
            #expect(mismatch == nil, "\(model) \(kernels.description) input \(row): \(mismatch ?? "")")
        }
    }
}
