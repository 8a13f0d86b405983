import EdgeModel
import EdgeRuntime
import Testing
import TestSupport

/// The binary element-wise operators through the whole host-to-device path: a graph with random
/// shapes (broadcast or not, either input possibly constant), random scales, zero points and fused
/// activations is written by `ModelWriter` (TFLM's `Prepare` arithmetic), validated by the runtime,
/// and run by the interpreter; every output equals TFLM's restated `Prepare` and formula.
@Suite struct BinaryOperatorWriterTests {
    struct Case {
        var shapes: BroadcastCase
        var quantization: [QuantizationParameters]
        var activation: FusedActivation
        /// 0: both inputs are graph inputs; 1: the first is a constant; 2: the second is.
        var constant: Int
        var first: [Int8]
        var second: [Int8]

        init(_ random: inout SampleGraphs.Generator, activations: Bool) {
            shapes = BroadcastCase.random(&random, broadcast: random.integer(in: 0...3) != 0)
            quantization = (0..<3).map { _ in
                // Scales from 2^-12 to 2^2, log-uniform, with random low bits.
                let scale = Float(sign: .plus, exponent: random.integer(in: -12...1), significand: 1 + random.unit())
                return QuantizationParameters(scale: scale, zeroPoint: Int32(random.integer(in: -128...127)))
            }
            let all: [FusedActivation] = [.none, .relu, .relu6, .reluMinusOneToOne]
            activation = activations ? all[random.integer(in: 0...3)] : .none
            constant = random.integer(in: 0...2)
            first = (0..<shapes.first.reduce(1, *)).map { _ in random.int8() }
            second = (0..<shapes.second.reduce(1, *)).map { _ in random.int8() }
        }

        /// A one-operator graph of `kind`.
        func graph(_ kind: OperatorKind) -> Graph {
            func tensor(_ name: String, _ shape: [Int], _ q: QuantizationParameters, _ data: [Int8]?) -> TensorDescription {
                TensorDescription(
                    name: name, shape: shape, elementType: .int8, quantization: q,
                    constantData: data.map { $0.map { UInt8(bitPattern: $0) } })
            }
            let tensors = [
                tensor("a", shapes.first, quantization[0], constant == 1 ? first : nil),
                tensor("b", shapes.second, quantization[1], constant == 2 ? second : nil),
                tensor("y", shapes.output, quantization[2], nil),
            ]
            let inputs = [0, 1].filter { $0 + 1 != constant }
            return Graph(
                name: "binary", tensors: tensors,
                operators: [OperatorDescription(kind: kind, inputs: [0, 1], outputs: [2], options: OperatorOptions(fusedActivation: activation))],
                inputs: inputs, outputs: [2])
        }

        /// Writes, loads and runs the graph; the output bytes.
        func run(_ kind: OperatorKind) throws -> [Int8] {
            let loaded = try LoadedModel(bytes: ModelWriter().write(graph(kind)))
            let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: max(loaded.model.arenaBytes, 16), alignment: 16)
            defer { arena.deallocate() }
            let interpreter = try Interpreter(model: loaded.model, arena: arena)
            let inputs = [first, second].enumerated().filter { $0.offset + 1 != constant }.map(\.element)
            for (position, values) in inputs.enumerated() {
                values.withUnsafeBytes { interpreter.inputBytes(position).copyMemory(from: $0) }
            }
            return withExtendedLifetime(loaded) {
                interpreter.invoke()
                return Array(interpreter.outputBytes(0).bindMemory(to: Int8.self))
            }
        }

        func expected(_ function: (Int8, Int8) -> Int8) -> [Int8] {
            TFLMBinaryReference.broadcast(shapes, first, second, function)
        }
    }

    func check(_ kind: OperatorKind, seed: UInt64, activations: Bool, _ reference: (Case) -> (Int8, Int8) -> Int8) throws {
        var random = SampleGraphs.Generator(seed: seed)
        for _ in 0..<60 {
            let c = Case(&random, activations: activations)
            #expect(try c.run(kind) == c.expected(reference(c)), "\(kind.name) \(c.shapes) \(c.quantization.map(\.scale)) constant \(c.constant)")
        }
    }

    typealias Reference = TFLMBinaryReference

    @Test(arguments: 0..<2) func add(seed: UInt64) throws {
        try check(.add, seed: 300 + seed, activations: true) { c in
            let p = Reference.addParameters(c.quantization[0], c.quantization[1], c.quantization[2], c.activation)
            return { Reference.add($0, $1, p) }
        }
    }

    @Test(arguments: 0..<2) func sub(seed: UInt64) throws {
        try check(.sub, seed: 310 + seed, activations: true) { c in
            let p = Reference.addParameters(c.quantization[0], c.quantization[1], c.quantization[2], c.activation)
            return { Reference.add($0, $1, p, subtract: true) }
        }
    }

    @Test(arguments: 0..<2) func mul(seed: UInt64) throws {
        try check(.mul, seed: 320 + seed, activations: true) { c in
            let p = Reference.mulParameters(c.quantization[0], c.quantization[1], c.quantization[2], c.activation)
            return { Reference.mul($0, $1, p) }
        }
    }

    @Test(arguments: 0..<2) func squaredDifference(seed: UInt64) throws {
        try check(.squaredDifference, seed: 330 + seed, activations: false) { c in
            let p = Reference.squaredDifferenceParameters(c.quantization[0], c.quantization[1], c.quantization[2])
            return { Reference.squaredDifference($0, $1, p) }
        }
    }

    @Test(arguments: 0..<2) func prelu(seed: UInt64) throws {
        try check(.prelu, seed: 340 + seed, activations: false) { c in
            let p = Reference.preluParameters(c.quantization[0], c.quantization[1], c.quantization[2])
            return { Reference.prelu($0, $1, p) }
        }
    }

    @Test func maximumAndMinimum() throws {
        try check(.maximum, seed: 350, activations: false) { _ in Reference.maximum }
        try check(.minimum, seed: 351, activations: false) { _ in Reference.minimum }
    }

    /// Equal shapes keep ADD's twelve-word form (files written before broadcasting are unchanged);
    /// broadcasting ADD and every SUB carry the layout.
    @Test func addKeepsItsSameShapeForm() throws {
        let q = QuantizationParameters(scale: 0.1, zeroPoint: 3)
        func words(_ kind: OperatorKind, _ a: [Int], _ b: [Int], _ y: [Int]) throws -> Int {
            let graph = Graph(
                name: "g",
                tensors: [("a", a), ("b", b), ("y", y)].map { TensorDescription(name: $0.0, shape: $0.1, elementType: .int8, quantization: q) },
                operators: [OperatorDescription(kind: kind, inputs: [0, 1], outputs: [2])], inputs: [0, 1], outputs: [2])
            let loaded = try LoadedModel(bytes: ModelWriter().write(graph))
            return withExtendedLifetime(loaded) { loaded.model.operatorRecord(0).parameterCount }
        }
        #expect(try words(.add, [1, 4, 4, 8], [1, 4, 4, 8], [1, 4, 4, 8]) == Add.parameterWords)
        #expect(try words(.add, [1, 4, 4, 8], [8], [1, 4, 4, 8]) == Add.broadcastParameterWords)
        #expect(try words(.sub, [2, 3], [2, 3], [2, 3]) == Sub.parameterWords)
        #expect(throws: ModelWriterError.self) { try words(.mul, [2, 3], [3, 2], [2, 3]) }
    }
}
