import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

/// The four MLPerf Tiny int8 reference models, imported from .tflite, written as .edm and run by
/// the runtime, reproduce TFLM's outputs, logits and every intermediate tensor bit for bit, with
/// every kernel variant this machine runs.
@Suite struct MLPerfTinyConformanceTests {
    static let models = ["kws_ref_model", "resnet8_cifar10_int8", "vww_96_int8", "ad01_int8"]

    /// The kernel variants this build and CPU run (the others are named on stdout).
    static let variants: [KernelVariant] = KernelVariant.allCases.filter { variant in
        let runs = variant.isBuilt && variant.isSupportedByHostCPU
        if !runs { print("conformance: the \(variant.description) kernels are not on this machine; not checked here") }
        return runs
    }

    /// Everything needed to run one model against its golden vectors.
    struct Case {
        let loaded: LoadedModel
        let runner: ModelRunner
        let folder: URL

        init?(_ name: String, kernels: KernelVariant) throws {
            guard let conformance = SharedFixtures.conformance(neededBy: "MLPerf Tiny conformance (\(name))") else { return nil }
            let tflite = try [UInt8](Data(contentsOf: conformance.appendingPathComponent("\(name).tflite")))
            let graph = try TFLiteImporter.importGraph(from: tflite, name: name)
            loaded = try LoadedModel(bytes: ModelWriter().write(graph))
            runner = try ModelRunner(loaded, kernels: kernels)
            folder = conformance.appendingPathComponent("golden/\(name)")
        }

        func array(_ file: String) throws -> NumPyArray { try NumPyArray.load(contentsOf: folder.appendingPathComponent(file)) }

        func setInput(_ inputs: NumPyArray, row: Int) {
            let destination = runner.inputBytes(0)
            let rowBytes = destination.count
            inputs.bytes.withUnsafeBytes { source in
                destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[(row * rowBytes)..<((row + 1) * rowBytes)]))
            }
        }

        func tensorBytes(_ index: Int) -> [UInt8] { Array(runner.bytes(ofTensor: index)) }
    }

    /// Describes the differences between two int8 arrays, or returns nil when they are equal.
    static func difference(_ actual: [UInt8], _ expected: ArraySlice<UInt8>) -> String? {
        guard actual.count == expected.count else { return "size \(actual.count) != \(expected.count)" }
        var count = 0
        var largest = 0
        var first = -1
        for (i, (a, e)) in zip(actual, expected).enumerated() where a != e {
            count += 1
            largest = max(largest, abs(Int(Int8(bitPattern: a)) - Int(Int8(bitPattern: e))))
            if first < 0 { first = i }
        }
        return count == 0 ? nil : "\(count) of \(actual.count) values differ (max \(largest) LSB, first at \(first))"
    }

    @Test(arguments: models, variants)
    func outputsAndLogitsMatchTFLM(model: String, kernels: KernelVariant) throws {
        guard let run = try Case(model, kernels: kernels) else { return }
        let inputs = try run.array("inputs.npy")
        let outputs = try run.array("outputs_tflm.npy")
        let hasLogits = model != "ad01_int8"
        let logits = hasLogits ? try run.array("logits_tflm.npy") : nil
        let outputIndex = run.loaded.model.outputTensorIndex(0)
        let logitsIndex = run.loaded.model.operatorRecord(run.loaded.model.operatorCount - 1).input(0)
        let rows = inputs.shape[0]
        #expect(rows == 16)
        let outputBytes = run.loaded.model.tensor(outputIndex).byteCount
        for row in 0..<rows {
            run.setInput(inputs, row: row)
            run.runner.invoke()
            let mismatch = Self.difference(run.tensorBytes(outputIndex), outputs.bytes[(row * outputBytes)..<((row + 1) * outputBytes)])
            #expect(mismatch == nil, "\(model) \(kernels.description) input \(row) output: \(mismatch ?? "")")
            if let logits {
                let width = run.loaded.model.tensor(logitsIndex).byteCount
                let logitMismatch = Self.difference(run.tensorBytes(logitsIndex), logits.bytes[(row * width)..<((row + 1) * width)])
                #expect(logitMismatch == nil, "\(model) input \(row) logits: \(logitMismatch ?? "")")
            }
        }
    }

    @Test(arguments: models, variants)
    func everyIntermediateOfInputZeroMatchesTFLM(model: String, kernels: KernelVariant) throws {
        guard let run = try Case(model, kernels: kernels) else { return }
        let archive = try NumPyArray.loadArchive(contentsOf: run.folder.appendingPathComponent("intermediates_0_tflm.npz"))
        run.setInput(try run.array("inputs.npy"), row: 0)
        var compared = 0
        let model0 = run.loaded.model
        for op in 0..<model0.operatorCount {
            run.runner.run(operator: op)
            let output = model0.operatorRecord(op).output(0)
            guard let golden = archive[String(format: "t%03d", output)] else { continue }
            let mismatch = Self.difference(run.tensorBytes(output), golden.bytes[...])
            #expect(mismatch == nil, "\(model) \(kernels.description) operator \(op) (\(model0.operatorRecord(op).kind.name)) tensor \(output): \(mismatch ?? "")")
            compared += 1
        }
        // Every operator's output has a golden (the graph input t000 is the other key).
        #expect(compared == model0.operatorCount)
        #expect(archive.count == model0.operatorCount + 1)
    }
}
