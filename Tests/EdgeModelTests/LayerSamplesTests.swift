import EdgeModel
import EdgeRuntime
import Testing

/// The random single-operator graphs the vector-kernel tests and the simulator's cost fit use:
/// every sample the writer accepts, the runtime validates and runs, at both sizes.
@Suite struct LayerSamplesTests {
    @Test func coversTheKindsConvertersEmit() {
        let kinds = Set(LayerSamples.sampledKinds)
        for kind in [OperatorKind.conv2D, .depthwiseConv2D, .fullyConnected, .add, .mul, .mean, .softmax, .reshape, .concatenation,
                     .pad, .hardSwish, .logistic, .maxPool2D, .averagePool2D, .transposeConv2D, .batchMatMul] {
            #expect(kinds.contains(kind), "\(kind.name) has no sample generator")
        }
        #expect(Set(LayerSamples.vectorKinds).isSubset(of: kinds))
    }

    @Test(arguments: [LayerSamples.Size.edges, .layers])
    func everySampleWritesAndRuns(size: LayerSamples.Size) throws {
        for kind in LayerSamples.sampledKinds {
            for seed in 1...12 as ClosedRange<UInt64> {
                let graph = try #require(LayerSamples.graph(of: kind, size: size, seed: seed))
                #expect(graph.operators.count == 1 && graph.operators[0].kind == kind)
                let bytes: [UInt8]
                do { bytes = try ModelWriter().write(graph) } catch {
                    Issue.record("\(kind.name) seed \(seed) (\(size)): \(error)")
                    continue
                }
                let runner = try ModelRunner(LoadedModel(bytes: bytes), kernels: .portable)
                runner.invoke()
                #expect(runner.outputBytes(0).count == graph.tensors[graph.outputs[0]].byteCount)
            }
        }
    }

    @Test func theSameSeedGivesTheSameGraph() {
        for kind in LayerSamples.sampledKinds {
            #expect(LayerSamples.graph(of: kind, size: .layers, seed: 7) == LayerSamples.graph(of: kind, size: .layers, seed: 7))
        }
        #expect(LayerSamples.graph(of: .conv2D, size: .layers, seed: 7) != LayerSamples.graph(of: .conv2D, size: .layers, seed: 8))
    }

    @Test func realisticLayersStayUnderTheirBudget() throws {
        for seed in 1...60 as ClosedRange<UInt64> {
            for kind in [OperatorKind.conv2D, .depthwiseConv2D, .fullyConnected] {
                let graph = try #require(LayerSamples.graph(of: kind, size: .layers, seed: seed))
                let model = try LoadedModel(bytes: ModelWriter().write(graph)).model
                #expect(model.cost(ofOperator: 0).multiplyAccumulates <= 3_000_000, "\(kind.name) seed \(seed)")
            }
        }
    }
}
