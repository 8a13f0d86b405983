import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

@testable import FirmwareSim

@Suite struct WorkloadTests {
    @Test func graphWorkloadCountsMACsBytesAndElements() throws {
        let workload = ModelWorkload(graph: Fixtures.smallGraph())
        let layers = workload.layers
        #expect(layers.map(\.kind) == [.convolution, .depthwiseConvolution, .pooling, .dataMovement, .dense, .softmax])
        #expect(layers[0].multiplyAccumulates == 8 * 8 * 4 * 3 * 3 * 2)
        #expect(layers[1].multiplyAccumulates == 8 * 8 * 4 * 3 * 3)
        #expect(layers[4].multiplyAccumulates == 3 * 4)
        #expect(layers[0].weightBytes == 4 * 3 * 3 * 2 + 4 * 4)
        #expect(layers[0].isShallowConvolution)
        #expect(!layers[1].isShallowConvolution)
        #expect(layers[2].elementwiseElements == 8 * 8 * 4)
        #expect(layers[3].bytesMoved == 0)
        #expect(workload.inputBytes == 128)
        #expect(workload.outputBytes == 3)
        // The arena holds the conv and depthwise outputs at once (256 B each).
        #expect(workload.arenaBytes >= 512)
        #expect(workload.peakArenaUse.bytes <= workload.arenaBytes)
    }

    @Test func modelAndGraphPathsAgreeOnTheMLPerfModels() throws {
        guard let folder = SharedFixtures.conformance(neededBy: "modelAndGraphPathsAgreeOnTheMLPerfModels") else { return }
        for name in ["kws_ref_model", "resnet8_cifar10_int8"] {
            let data = try Data(contentsOf: folder.appendingPathComponent(name + ".tflite"))
            let graph = try TFLiteImporter.importGraph(from: [UInt8](data), name: name)
            let bytes = try ModelWriter().write(graph)
            let loaded = try LoadedModel(bytes: bytes)
            let fromModel = ModelWorkload(model: loaded.model)
            let fromGraph = ModelWorkload(graph: graph)
            #expect(fromModel.layers.map(\.multiplyAccumulates) == fromGraph.layers.map(\.multiplyAccumulates))
            #expect(fromModel.layers.map(\.kind) == fromGraph.layers.map(\.kind))
            #expect(fromModel.layers.map(\.weightBytes) == fromGraph.layers.map(\.weightBytes))
            #expect(fromModel.arenaBytes == fromGraph.arenaBytes)
            #expect(fromModel.constantBytes == fromGraph.constantBytes)
            #expect(fromModel.metadataBytes + fromModel.constantBytes == bytes.count)
            // The estimate of the file's non-constant bytes is within a factor of two of the real one.
            #expect(fromGraph.metadataBytes < 2 * fromModel.metadataBytes && fromModel.metadataBytes < 2 * fromGraph.metadataBytes)
            // Arena tensors alive together never overlap unless they alias (same offset).
            for op in fromModel.layers.indices {
                let alive = fromModel.arenaTensors.filter { $0.isAlive(at: op) }
                for a in alive {
                    for b in alive where a.index < b.index && a.offset != b.offset {
                        #expect(a.offset + a.byteCount <= b.offset || b.offset + b.byteCount <= a.offset)
                    }
                }
            }
        }
    }

    @Test func importedWorkloadsMatchTheReferenceTables() throws {
        guard let folder = SharedFixtures.conformance(neededBy: "importedWorkloadsMatchTheReferenceTables"),
            let text = try? String(contentsOf: folder.appendingPathComponent("MODELS.md"), encoding: .utf8)
        else { return }
        let imported = try ReferenceWorkloads.importConformance(folder: folder)
        let parsed = ReferenceWorkloads.parse(modelsMarkdown: text)
        #expect(imported.count == 4)
        for (benchmark, workload) in imported {
            let table = try #require(parsed[benchmark])
            #expect(workload.layers.map(\.multiplyAccumulates) == table.layers.map(\.multiplyAccumulates), "\(benchmark)")
            #expect(workload.layers.map(\.outputElements) == table.layers.map(\.outputElements), "\(benchmark)")
        }
        // MODELS.md: the TFLM activation arena ("head") of each model, with reference kernels that need
        // no scratch; ours must not be larger than it plus the largest scratch buffer our plan adds.
        let tflmHead = ["KWS": 16_000, "IC": 49_152, "VWW": 73_728, "AD": 768]
        for (benchmark, head) in tflmHead {
            let workload = try #require(imported[benchmark])
            let largestScratch = workload.arenaTensors.filter { $0.index < 0 }.map(\.byteCount).max() ?? 0
            #expect(largestScratch > 0, "\(benchmark)")
            #expect(workload.arenaBytes <= head + largestScratch, "\(benchmark)")
        }
    }
}
