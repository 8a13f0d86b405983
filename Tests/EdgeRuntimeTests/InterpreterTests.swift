import AllocationCounter
import EdgeModel
import EdgeRuntime
import Testing
import TestSupport

@Suite struct InterpreterTests {
    /// A loaded sample model, its interpreter and arena.
    struct Harness {
        let loaded: LoadedModel
        let arena: UnsafeMutableRawBufferPointer
        let interpreter: Interpreter

        init(_ graph: Graph) throws {
            loaded = try LoadedModel(bytes: ModelWriter().write(graph))
            arena = .allocate(byteCount: loaded.model.arenaBytes, alignment: 16)
            interpreter = try Interpreter(model: loaded.model, arena: arena)
        }

        func fillInputs(seed: UInt64) {
            var random = SampleGraphs.Generator(seed: seed)
            let input = interpreter.inputBytes(0)
            for i in 0..<input.count { input[i] = UInt8(truncatingIfNeeded: random.next()) }
        }

        func tensor(_ index: Int) -> [Int8] { Array(interpreter.bytes(ofTensor: index).bindMemory(to: Int8.self)) }
    }

    @Test func invokeAllocatesNothing() throws {
        let harness = try Harness(SampleGraphs.everyOperator())
        defer { harness.arena.deallocate() }
        harness.fillInputs(seed: 1)
        harness.interpreter.invoke()
        let before = edge_distill_thread_allocation_count()
        for _ in 0..<20 { harness.interpreter.invoke() }
        var observer = CountingObserver()
        harness.interpreter.invoke(observer: &observer)
        let after = edge_distill_thread_allocation_count()
        #expect(after == before)
        #expect(observer.calls == 2 * harness.loaded.model.operatorCount)
        // The counter itself works: an array allocation is seen.
        let witness = [Int](repeating: 1, count: Int(after & 7) + 100)
        #expect(edge_distill_thread_allocation_count() > after && witness.count >= 100)
    }

    @Test func outputsFollowTheOperatorsSemantics() throws {
        let graph = SampleGraphs.everyOperator()
        let harness = try Harness(graph)
        defer { harness.arena.deallocate() }
        for seed in 1...20 as ClosedRange<UInt64> {
            harness.fillInputs(seed: seed)
            // Tensors die and their bytes are reused, so check each one right after its operator.
            for op in 0...2 { harness.interpreter.run(operator: op) }
            // ReLU6 after the depthwise: nothing above quantize(6) = -128 + 6 / 0.03 = 72.
            let source = harness.tensor(6)
            #expect(source.allSatisfy { $0 <= 72 })
            // MAX_POOL 2×2 SAME stride 1: each output is the max of its clipped window.
            let maximum = harness.tensor(7)
            for y in 0..<4 { for x in 0..<4 { for c in 0..<8 {
                var expected: Int8 = -128
                for dy in 0..<2 where y + dy < 4 { for dx in 0..<2 where x + dx < 4 {
                    expected = max(expected, source[((y + dy) * 4 + x + dx) * 8 + c])
                } }
                #expect(maximum[(y * 4 + x) * 8 + c] == expected)
            } } }
            for op in 3...6 { harness.interpreter.run(operator: op) }
            // RESHAPE aliases: flatten equals the pooled tensor byte for byte, at the same address.
            #expect(harness.interpreter.address(ofTensor: 11) == harness.interpreter.address(ofTensor: 10))
            #expect(harness.tensor(11) == harness.tensor(10))
            for op in 7...8 { harness.interpreter.run(operator: op) }
            // SOFTMAX: probabilities in 1/256 steps sum to about 1.
            let total = harness.tensor(15).reduce(0) { $0 + Int($1) + 128 }
            #expect(abs(total - 256) <= 5)
        }
    }

    @Test func quantizeAndDequantizeAtTheBoundary() throws {
        let harness = try Harness(SampleGraphs.floatBoundary())
        defer { harness.arena.deallocate() }
        let input = harness.interpreter.inputBytes(0).bindMemory(to: Float.self)
        let values: [Float] = [0, 0.01, -0.01, 0.03, 100, -100, 0.5, -0.5, 1.27, -2.66, .nan, 0.25]
        for i in 0..<12 { input[i] = values[i] }
        harness.interpreter.invoke()
        let quantized = harness.tensor(1)
        // round half away from zero: 0.01/0.02 = 0.5 -> 1; -0.5 -> -1; then + zero point 5, clamped.
        #expect(Array(quantized[0..<4]) == [5, 6, 4, 7])
        #expect(quantized[4] == 127 && quantized[5] == -128)
        #expect(quantized[10] == 5)
        let output = Array(harness.interpreter.outputBytes(0).bindMemory(to: Float.self))
        let outputInt8 = harness.tensor(3)
        for i in 0..<6 { #expect(output[i] == Float(Double(Float(0.003)) * Double(Int32(outputInt8[i]) + 7))) }
    }
}

/// Counts observer calls without allocating.
struct CountingObserver: OperatorObserver {
    var calls = 0
    mutating func willRun(operator index: Int, kind: OperatorKind) { calls += 1 }
    mutating func didRun(operator index: Int, kind: OperatorKind) { calls += 1 }
}
