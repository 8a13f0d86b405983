import EdgeModel
import EdgeRuntime
import Testing
import TestSupport

@Suite struct ArenaPlannerTests {
    /// Checks that no two buffers alive together overlap.
    func isValid(_ buffers: [ArenaPlanner.Buffer], _ plan: ArenaPlanner.Plan) -> Bool {
        for a in buffers.indices {
            #expect(plan.offsets[a] % 16 == 0)
            #expect(plan.offsets[a] + buffers[a].byteCount <= plan.arenaBytes)
            for b in buffers.indices where b > a && buffers[a].isAlive(togetherWith: buffers[b]) {
                let disjoint = plan.offsets[a] + buffers[a].byteCount <= plan.offsets[b]
                    || plan.offsets[b] + buffers[b].byteCount <= plan.offsets[a]
                if !disjoint { return false }
            }
        }
        return true
    }

    @Test func chainReachesTheLowerBound() {
        // A chain where each operator reads the previous output: at most two buffers alive.
        let sizes = [27_648, 18_432, 36_864, 9_216, 18_432, 4_608, 1_024]
        let buffers = sizes.indices.map { ArenaPlanner.Buffer(byteCount: sizes[$0], firstOperator: max($0 - 1, 0), lastOperator: $0) }
        let plan = ArenaPlanner().plan(buffers)
        #expect(isValid(buffers, plan))
        #expect(plan.lowerBound == 55_296)
        #expect(plan.arenaBytes == plan.lowerBound)
    }

    @Test func randomGraphsGetValidPlansNoSmallerThanTheBound() {
        var random = SampleGraphs.Generator(seed: 7)
        for _ in 0..<40 {
            let count = random.integer(in: 2...24)
            let buffers = (0..<count).map { _ -> ArenaPlanner.Buffer in
                let first = random.integer(in: 0...15)
                return .init(byteCount: random.integer(in: 1...5000), firstOperator: first, lastOperator: first + random.integer(in: 0...6))
            }
            let plan = ArenaPlanner(improvementBudget: 300).plan(buffers)
            #expect(isValid(buffers, plan))
            #expect(plan.arenaBytes >= plan.lowerBound)
        }
    }

    @Test func residualBlockBeatsLargestFirst() {
        // Largest-first placement (TFLM's greedy order) is not always best; the planner tries others.
        let buffers: [ArenaPlanner.Buffer] = [
            .init(byteCount: 16_384, firstOperator: 0, lastOperator: 3),
            .init(byteCount: 16_384, firstOperator: 1, lastOperator: 2),
            .init(byteCount: 16_384, firstOperator: 2, lastOperator: 3),
            .init(byteCount: 16_384, firstOperator: 3, lastOperator: 5),
            .init(byteCount: 8_192, firstOperator: 4, lastOperator: 6),
            .init(byteCount: 8_192, firstOperator: 5, lastOperator: 7),
        ]
        let plan = ArenaPlanner().plan(buffers)
        #expect(isValid(buffers, plan))
        #expect(plan.arenaBytes == plan.lowerBound)
    }

    @Test func writerAliasesReshapeAndPlacesEveryTensor() throws {
        let graph = SampleGraphs.everyOperator()
        let (offsets, _, plan) = ModelWriter().arenaPlan(for: graph)
        let pooled = graph.operators[6].inputs[0]
        let flat = graph.operators[6].outputs[0]
        #expect(offsets[pooled] != nil && offsets[pooled] == offsets[flat])
        for (index, tensor) in graph.tensors.enumerated() {
            #expect((offsets[index] == nil) == tensor.isConstant)
        }
        #expect(plan.arenaBytes >= plan.lowerBound)
        // The written model's header carries exactly the planned size.
        let loaded = try LoadedModel(bytes: ModelWriter().write(graph))
        #expect(loaded.model.arenaBytes == plan.arenaBytes)
    }

    @Test func writerPlansScratchForThePackedKernelsOnly() throws {
        var graph = SampleGraphs.everyOperator()
        let loaded = try LoadedModel(bytes: ModelWriter().write(graph))
        for index in graph.operators.indices {
            let record = loaded.model.operatorRecord(index)
            switch graph.operators[index].kind {
            case .conv2D:  // filter [4, 3, 3, 2]
                #expect(record.scratchBytes == Conv2D.packedScratchBytes(filterHeight: 3, filterWidth: 3, inputDepth: 2, outputDepth: 4))
            case .fullyConnected:  // weights [5, 32]
                #expect(record.scratchBytes == FullyConnected.packedScratchBytes(inputDepth: 32))
            default:
                #expect(record.scratchBytes == 0)
            }
            #expect(record.scratchOffset % 16 == 0)
        }
        // The scratch counts towards the arena: the convolution's input and output (128 + 256 B)
        // and its 232-byte scratch (aligned to 240) are alive together.
        #expect(loaded.model.arenaBytes >= 128 + 256 + 240)
        // A convolution dilated along the row gathers its windows in the same scratch.
        graph.operators[0].options.dilationWidth = 2
        let dilated = try LoadedModel(bytes: ModelWriter().write(graph))
        #expect(dilated.model.operatorRecord(0).scratchBytes == loaded.model.operatorRecord(0).scratchBytes)
    }
}
