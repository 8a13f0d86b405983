import AllocationCounter
import EdgeModel
import EdgeRuntime
import Testing
import TestSupport

/// The element-wise activations chained in one model: it validates, runs, and allocates nothing.
@Suite struct ActivationChainTests {
    @Test func chainRunsWithoutAllocating() throws {
        // x → RELU → LEAKY_RELU → HARD_SWISH → TANH → LOGISTIC → RSQRT → RELU6 → DEQUANTIZE → NEG, [1, 64].
        let q: [QuantizationParameters] = [
            .init(scale: 0.05, zeroPoint: 0), .init(scale: 0.03, zeroPoint: -128), .init(scale: 0.03, zeroPoint: -100),
            .init(scale: 0.02, zeroPoint: -90), .init(scale: 1.0 / 128, zeroPoint: 0), .init(scale: 1.0 / 256, zeroPoint: -128),
            .init(scale: 0.02, zeroPoint: -128), .init(scale: 0.02, zeroPoint: -128),
        ]
        let kinds: [OperatorKind] = [.relu, .leakyRelu, .hardSwish, .tanh, .logistic, .rsqrt, .relu6, .dequantize, .neg]
        var tensors = q.indices.map { TensorDescription(name: "t\($0)", shape: [1, 64], elementType: .int8, quantization: q[$0]) }
        tensors += ["float", "negated"].map { TensorDescription(name: $0, shape: [1, 64], elementType: .float32) }
        let operators = kinds.indices.map { OperatorDescription(kind: kinds[$0], inputs: [$0], outputs: [$0 + 1], options: .init(alpha: 0.1)) }
        let loaded = try LoadedModel(bytes: ModelWriter().write(
            Graph(name: "chain", tensors: tensors, operators: operators, inputs: [0], outputs: [kinds.count])))
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: loaded.model.arenaBytes, alignment: 16)
        defer { arena.deallocate() }
        let interpreter = try Interpreter(model: loaded.model, arena: arena)
        let input = interpreter.inputBytes(0)
        for i in 0..<input.count { input[i] = UInt8(truncatingIfNeeded: i &* 37) }
        interpreter.invoke()
        let before = edge_distill_thread_allocation_count()
        for _ in 0..<10 { interpreter.invoke() }
        #expect(edge_distill_thread_allocation_count() == before)
        // RSQRT's outputs are at least its zero point -128 + 1/√(max input)/0.02 > 0, RELU6 keeps them in
        // [-128, 127]; dequantized with 0.02 and negated they are at most 0.
        let negated = interpreter.outputBytes(0).bindMemory(to: Float.self)
        #expect(negated.count == 64 && negated.allSatisfy { $0 <= 0 && $0 >= -5.2 })
    }
}
