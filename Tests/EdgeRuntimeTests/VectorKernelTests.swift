import AllocationCounter
import EdgeModel
import EdgeRuntime
import Testing
import TestSupport

/// The application-processor kernels (``KernelVariant/x86AVX2``) give the portable kernels' bytes on
/// random single-operator models: CONV_2D (1×1 and k×k, strides, dilations, SAME and VALID, few and
/// many channels, depths on and off the 16-byte granule), DEPTHWISE_CONV_2D, FULLY_CONNECTED
/// (batches, per-tensor and per-channel), BATCH_MATMUL (adjoints, broadcast batches),
/// TRANSPOSE_CONV (strides up to 3, SAME and VALID) and element-wise ADD, with zero points at the ends of their
/// range and random scales; on the host
/// without AVX2 they are skipped with a printed reason.
@Suite struct VectorKernelTests {
    static let variant = KernelVariant.x86AVX2

    /// Whether this machine can run the variant; prints why not.
    static func available() -> Bool {
        guard variant.isBuilt, variant.isSupportedByHostCPU else {
            print("VectorKernelTests: skipped, this build or CPU has no \(variant.description) kernels")
            return false
        }
        return true
    }

    static func bytes(_ count: Int, _ random: inout SampleGraphs.Generator) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    static func int32Bytes(_ values: [Int32]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    }

    /// A zero point: often at the ends of the int8 range.
    static func zeroPoint(_ random: inout SampleGraphs.Generator) -> Int32 {
        switch random.integer(in: 0...5) {
        case 0: return -128
        case 1: return 127
        default: return Int32(random.integer(in: -128...127))
        }
    }

    /// Runs `graph` on random inputs with the portable kernels and with the variant; the outputs'
    /// bytes, and whether the variant prepared at least one operator.
    static func outputs(_ graph: Graph, seed: UInt64) throws -> (portable: [UInt8], vector: [UInt8], accelerated: Bool) {
        let loaded = try LoadedModel(bytes: ModelWriter().write(graph))
        let portable = try ModelRunner(loaded, kernels: .portable)
        let vector = try ModelRunner(loaded, kernels: variant)
        var random = SampleGraphs.Generator(seed: seed)
        var results: ([UInt8], [UInt8]) = ([], [])
        for _ in 0..<3 {
            let inputs = (0..<loaded.model.inputCount).map { bytes(portable.inputBytes($0).count, &random) }
            for (runner, isVector) in [(portable, false), (vector, true)] {
                for (position, input) in inputs.enumerated() { runner.inputBytes(position).copyBytes(from: input) }
                runner.invoke()
                if isVector { results.1 += Array(runner.outputBytes(0)) } else { results.0 += Array(runner.outputBytes(0)) }
            }
        }
        return (results.0, results.1, vector.workspaceBytes > 0)
    }

    /// Output extent of a window over `input` positions.
    static func extent(_ input: Int, filter: Int, stride: Int, dilation: Int, padding: Padding) -> Int {
        switch padding {
        case .same: return (input + stride - 1) / stride
        case .valid: return (input - (filter - 1) * dilation + stride - 1) / stride
        }
    }

    static func convolution(depthwise: Bool, seed: UInt64) -> Graph {
        var random = SampleGraphs.Generator(seed: seed)
        let pointwise = !depthwise && random.integer(in: 0...2) == 0
        let filterHeight = pointwise ? 1 : random.integer(in: 1...5), filterWidth = pointwise ? 1 : random.integer(in: 1...5)
        let inputDepth = depthwise
            ? [1, 3, 8, 16, 24, 32, 40, 64, 67][random.integer(in: 0...8)]
            : [1, 2, 3, 8, 13, 16, 32, 48, 64][random.integer(in: 0...8)]
        let outputDepth = depthwise ? inputDepth : random.integer(in: 1...70)
        let dilation = pointwise || random.integer(in: 0...3) > 0 ? 1 : 2
        let strideHeight = random.integer(in: 1...2), strideWidth = random.integer(in: 1...2)
        let padding: Padding = random.integer(in: 0...1) == 0 ? .same : .valid
        let height = random.integer(in: (filterHeight - 1) * dilation + 1...(filterHeight - 1) * dilation + 9)
        let width = random.integer(in: (filterWidth - 1) * dilation + 1...(filterWidth - 1) * dilation + 9)
        let input = TensorDescription(
            name: "input", shape: [random.integer(in: 1...2), height, width, inputDepth], elementType: .int8,
            quantization: .init(scale: 0.05, zeroPoint: zeroPoint(&random)))
        let filterShape = depthwise ? [1, filterHeight, filterWidth, outputDepth] : [outputDepth, filterHeight, filterWidth, inputDepth]
        let filter = TensorDescription(
            name: "filter", shape: filterShape, elementType: .int8,
            quantization: .init(
                scales: (0..<outputDepth).map { _ in 0.002 + 0.02 * random.unit() }, zeroPoints: Array(repeating: 0, count: outputDepth),
                channelAxis: depthwise ? 3 : 0),
            constantData: bytes(filterShape.reduce(1, *), &random))
        let bias = TensorDescription(
            name: "bias", shape: [outputDepth], elementType: .int32,
            constantData: int32Bytes((0..<outputDepth).map { _ in Int32(random.integer(in: -20_000...20_000)) }))
        let output = TensorDescription(
            name: "output",
            shape: [input.shape[0], extent(height, filter: filterHeight, stride: strideHeight, dilation: dilation, padding: padding),
                    extent(width, filter: filterWidth, stride: strideWidth, dilation: dilation, padding: padding), outputDepth],
            elementType: .int8, quantization: .init(scale: 0.02 + 0.2 * random.unit(), zeroPoint: zeroPoint(&random)))
        let activation: FusedActivation = [.none, .relu, .relu6][random.integer(in: 0...2)]
        let withBias = random.integer(in: 0...4) > 0
        let op = OperatorDescription(
            kind: depthwise ? .depthwiseConv2D : .conv2D, inputs: [0, 1, withBias ? 2 : -1], outputs: [3],
            options: .init(
                padding: padding, strideHeight: strideHeight, strideWidth: strideWidth, dilationHeight: dilation,
                dilationWidth: dilation, depthMultiplier: 1, fusedActivation: activation))
        return Graph(name: "conv", tensors: [input, filter, bias, output], operators: [op], inputs: [0], outputs: [3])
    }

    static func fullyConnected(seed: UInt64) -> Graph {
        var random = SampleGraphs.Generator(seed: seed)
        let depth = [1, 5, 16, 31, 64, 100, 256][random.integer(in: 0...6)]
        let outputs = random.integer(in: 1...40)
        let batches = random.integer(in: 1...7)
        let perChannel = random.integer(in: 0...1) == 0
        let input = TensorDescription(
            name: "input", shape: [batches, depth], elementType: .int8, quantization: .init(scale: 0.05, zeroPoint: zeroPoint(&random)))
        let weights = TensorDescription(
            name: "weights", shape: [outputs, depth], elementType: .int8,
            quantization: perChannel
                ? .init(scales: (0..<outputs).map { _ in 0.002 + 0.02 * random.unit() }, zeroPoints: Array(repeating: 0, count: outputs), channelAxis: 0)
                : .init(scale: 0.01, zeroPoint: 0),
            constantData: bytes(outputs * depth, &random))
        let bias = TensorDescription(
            name: "bias", shape: [outputs], elementType: .int32,
            constantData: int32Bytes((0..<outputs).map { _ in Int32(random.integer(in: -20_000...20_000)) }))
        let output = TensorDescription(
            name: "output", shape: [batches, outputs], elementType: .int8,
            quantization: .init(scale: 0.05 + 0.5 * random.unit(), zeroPoint: zeroPoint(&random)))
        let op = OperatorDescription(kind: .fullyConnected, inputs: [0, 1, 2], outputs: [3])
        return Graph(name: "dense", tensors: [input, weights, bias, output], operators: [op], inputs: [0], outputs: [3])
    }

    static func add(seed: UInt64) -> Graph {
        var random = SampleGraphs.Generator(seed: seed)
        let shape = [1, random.integer(in: 1...9), random.integer(in: 1...9), random.integer(in: 1...40)]
        func tensor(_ name: String) -> TensorDescription {
            TensorDescription(
                name: name, shape: shape, elementType: .int8,
                quantization: .init(scale: 0.01 + 0.3 * random.unit(), zeroPoint: zeroPoint(&random)))
        }
        let activation: FusedActivation = [.none, .relu, .relu6][random.integer(in: 0...2)]
        let op = OperatorDescription(kind: .add, inputs: [0, 1], outputs: [2], options: .init(fusedActivation: activation))
        return Graph(name: "add", tensors: [tensor("a"), tensor("b"), tensor("sum")], operators: [op], inputs: [0, 1], outputs: [2])
    }

    static func batchMatMul(seed: UInt64) -> Graph {
        var random = SampleGraphs.Generator(seed: seed)
        let batches = random.integer(in: 1...3)
        let rows = random.integer(in: 1...9), columns = random.integer(in: 1...21), depth = [1, 7, 16, 24, 40][random.integer(in: 0...4)]
        let adjointLeft = random.integer(in: 0...1) == 0, adjointRight = random.integer(in: 0...1) == 0
        let leftBatches = random.integer(in: 0...3) == 0 ? 1 : batches, rightBatches = random.integer(in: 0...3) == 0 ? 1 : batches
        func operand(_ name: String, _ shape: [Int]) -> TensorDescription {
            TensorDescription(name: name, shape: shape, elementType: .int8, quantization: .init(scale: 0.02 + 0.1 * random.unit(), zeroPoint: zeroPoint(&random)))
        }
        let left = operand("lhs", [leftBatches] + (adjointLeft ? [depth, rows] : [rows, depth]))
        let right = operand("rhs", [rightBatches] + (adjointRight ? [columns, depth] : [depth, columns]))
        let output = TensorDescription(
            name: "product", shape: [max(leftBatches, rightBatches), rows, columns], elementType: .int8,
            quantization: .init(scale: 0.05 + Float(depth) * 0.02 * random.unit(), zeroPoint: zeroPoint(&random)))
        let op = OperatorDescription(
            kind: .batchMatMul, inputs: [0, 1], outputs: [2], options: .init(adjointLeft: adjointLeft, adjointRight: adjointRight))
        return Graph(name: "bmm", tensors: [left, right, output], operators: [op], inputs: [0, 1], outputs: [2])
    }

    @Test func batchMatMulMatchesPortable() throws {
        guard Self.available() else { return }
        for seed in 1...120 as ClosedRange<UInt64> {
            let result = try Self.outputs(Self.batchMatMul(seed: seed), seed: seed)
            #expect(result.accelerated)
            #expect(result.vector == result.portable, "BATCH_MATMUL seed \(seed)")
        }
    }

    static func transposeConvolution(seed: UInt64) -> Graph {
        var random = SampleGraphs.Generator(seed: seed)
        let filterHeight = random.integer(in: 1...4), filterWidth = random.integer(in: 1...4)
        let strideHeight = random.integer(in: 1...3), strideWidth = random.integer(in: 1...3)
        let inputDepth = [1, 3, 8, 16, 20][random.integer(in: 0...4)], outputDepth = random.integer(in: 1...24)
        let padding: Padding = random.integer(in: 0...1) == 0 ? .same : .valid
        let batches = random.integer(in: 1...2), height = random.integer(in: 1...6), width = random.integer(in: 1...6)
        func extent(_ size: Int, _ stride: Int, _ filter: Int) -> Int { padding == .same ? size * stride : (size - 1) * stride + filter }
        let outputShape = [batches, extent(height, strideHeight, filterHeight), extent(width, strideWidth, filterWidth), outputDepth]
        let shapeTensor = TensorDescription(
            name: "output_shape", shape: [4], elementType: .int32, constantData: int32Bytes(outputShape.map { Int32($0) }))
        let filter = TensorDescription(
            name: "filter", shape: [outputDepth, filterHeight, filterWidth, inputDepth], elementType: .int8,
            quantization: .init(
                scales: (0..<outputDepth).map { _ in 0.002 + 0.02 * random.unit() }, zeroPoints: Array(repeating: 0, count: outputDepth), channelAxis: 0),
            constantData: bytes(outputDepth * filterHeight * filterWidth * inputDepth, &random))
        let input = TensorDescription(
            name: "input", shape: [batches, height, width, inputDepth], elementType: .int8,
            quantization: .init(scale: 0.05, zeroPoint: zeroPoint(&random)))
        let bias = TensorDescription(
            name: "bias", shape: [outputDepth], elementType: .int32,
            constantData: int32Bytes((0..<outputDepth).map { _ in Int32(random.integer(in: -20_000...20_000)) }))
        let output = TensorDescription(
            name: "output", shape: outputShape, elementType: .int8, quantization: .init(scale: 0.02 + 0.2 * random.unit(), zeroPoint: zeroPoint(&random)))
        let op = OperatorDescription(
            kind: .transposeConv2D, inputs: [0, 1, 2, random.integer(in: 0...3) > 0 ? 3 : -1], outputs: [4],
            options: .init(padding: padding, strideHeight: strideHeight, strideWidth: strideWidth))
        return Graph(name: "tconv", tensors: [shapeTensor, filter, input, bias, output], operators: [op], inputs: [2], outputs: [4])
    }

    @Test func transposeConvolutionMatchesPortable() throws {
        guard Self.available() else { return }
        for seed in 1...120 as ClosedRange<UInt64> {
            let result = try Self.outputs(Self.transposeConvolution(seed: seed), seed: seed)
            #expect(result.accelerated)
            #expect(result.vector == result.portable, "TRANSPOSE_CONV seed \(seed)")
        }
    }

    @Test func addMatchesPortable() throws {
        guard Self.available() else { return }
        for seed in 1...120 as ClosedRange<UInt64> {
            let result = try Self.outputs(Self.add(seed: seed), seed: seed)
            #expect(result.vector == result.portable, "ADD seed \(seed)")
        }
    }

    @Test func convolutionMatchesPortable() throws {
        guard Self.available() else { return }
        for seed in 1...120 as ClosedRange<UInt64> {
            let result = try Self.outputs(Self.convolution(depthwise: false, seed: seed), seed: seed)
            #expect(result.accelerated)
            #expect(result.vector == result.portable, "CONV_2D seed \(seed)")
        }
    }

    @Test func depthwiseMatchesPortable() throws {
        guard Self.available() else { return }
        for seed in 1...120 as ClosedRange<UInt64> {
            let result = try Self.outputs(Self.convolution(depthwise: true, seed: seed), seed: seed)
            #expect(result.accelerated)
            #expect(result.vector == result.portable, "DEPTHWISE_CONV_2D seed \(seed)")
        }
    }

    @Test func fullyConnectedMatchesPortable() throws {
        guard Self.available() else { return }
        for seed in 1...120 as ClosedRange<UInt64> {
            let result = try Self.outputs(Self.fullyConnected(seed: seed), seed: seed)
            #expect(result.accelerated)
            #expect(result.vector == result.portable, "FULLY_CONNECTED seed \(seed)")
        }
    }

    @Test func invokeAllocatesNothingAndWorkspaceIsChecked() throws {
        guard Self.available() else { return }
        let loaded = try LoadedModel(bytes: ModelWriter().write(SampleGraphs.everyOperator()))
        let runner = try ModelRunner(loaded, kernels: Self.variant)
        #expect(runner.kernels == Self.variant)
        runner.invoke()
        let before = edge_distill_thread_allocation_count()
        for _ in 0..<20 { runner.invoke() }
        #expect(edge_distill_thread_allocation_count() == before)

        let needed = Interpreter.workspaceBytes(for: loaded.model, kernels: Self.variant)
        #expect(needed > 0)
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: loaded.model.arenaBytes, alignment: 16)
        let workspace = UnsafeMutableRawBufferPointer.allocate(byteCount: needed + 16, alignment: 64)
        defer { arena.deallocate(); workspace.deallocate() }
        #expect(throws: ModelError.workspaceTooSmall(required: needed, available: needed - 1)) {
            _ = try Interpreter(model: loaded.model, arena: arena, kernels: Self.variant, workspace: UnsafeMutableRawBufferPointer(rebasing: workspace[0..<(needed - 1)]))
        }
        #expect(throws: ModelError.misalignedBuffer) {
            _ = try Interpreter(model: loaded.model, arena: arena, kernels: Self.variant, workspace: UnsafeMutableRawBufferPointer(rebasing: workspace[16..<(needed + 16)]))
        }
    }
}
