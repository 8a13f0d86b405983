import AllocationCounter
import EdgeModel
import EdgeRuntime
import Testing
import TestSupport

/// A chain of every binary element-wise operator, broadcast against constants and graph inputs,
/// runs without allocating.
@Suite struct BinaryInvokeTests {
    @Test func broadcastingOperatorsAllocateNothing() throws {
        let q = QuantizationParameters(scale: 0.05, zeroPoint: -3)
        var tensors: [TensorDescription] = []
        func tensor(_ shape: [Int], constant: Bool = false) -> Int {
            let data: [UInt8]? = constant ? (0..<shape.reduce(1, *)).map { UInt8(truncatingIfNeeded: $0 &* 37) } : nil
            tensors.append(TensorDescription(name: "t\(tensors.count)", shape: shape, elementType: .int8, quantization: q, constantData: data))
            return tensors.count - 1
        }
        let input = tensor([1, 4, 5, 6])
        let row = tensor([1, 1, 1, 6])
        var operators: [OperatorDescription] = []
        var previous = input
        for kind: OperatorKind in [.add, .sub, .mul, .squaredDifference, .maximum, .minimum, .prelu] {
            let other = kind == .mul ? row : tensor(kind == .sub ? [] : [5, 1], constant: true)
            let output = tensor([1, 4, 5, 6])
            operators.append(OperatorDescription(kind: kind, inputs: kind == .sub ? [other, previous] : [previous, other], outputs: [output]))
            previous = output
        }
        let graph = Graph(name: "binary", tensors: tensors, operators: operators, inputs: [input, row], outputs: [previous])
        let loaded = try LoadedModel(bytes: ModelWriter().write(graph))
        defer { withExtendedLifetime(loaded) {} }
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: loaded.model.arenaBytes, alignment: 16)
        defer { arena.deallocate() }
        let interpreter = try Interpreter(model: loaded.model, arena: arena)
        for position in 0..<2 {
            let bytes = interpreter.inputBytes(position)
            for i in 0..<bytes.count { bytes[i] = UInt8(truncatingIfNeeded: i &* 11) }
        }
        interpreter.invoke()
        let before = edge_distill_thread_allocation_count()
        for _ in 0..<10 { interpreter.invoke() }
        #expect(edge_distill_thread_allocation_count() == before)
    }
}
