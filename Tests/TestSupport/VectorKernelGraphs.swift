import EdgeModel
import EdgeRuntime

/// Random single-operator graphs for the operators the vector kernels accelerate (CONV_2D, 1×1 and
/// k×k, DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD, BATCH_MATMUL, TRANSPOSE_CONV): shapes on and off the
/// kernels' granules, zero points at the ends of their range, random scales. The host compares its
/// vector kernels with the portable ones on them (`VectorKernelTests`), and the AArch64 firmware
/// runs a union of them under QEMU (`AArch64FirmwareTests`).
public enum VectorKernelGraphs {
    /// The operator kinds the vector kernels accelerate, each with a generator below.
    public static let kinds: [OperatorKind] = [.conv2D, .depthwiseConv2D, .fullyConnected, .add, .batchMatMul, .transposeConv2D]

    /// A random single-operator graph of `kind` (one of ``kinds``).
    public static func graph(of kind: OperatorKind, seed: UInt64) -> Graph {
        switch kind {
        case .conv2D: convolution(depthwise: false, seed: seed)
        case .depthwiseConv2D: convolution(depthwise: true, seed: seed)
        case .fullyConnected: fullyConnected(seed: seed)
        case .add: add(seed: seed)
        case .batchMatMul: batchMatMul(seed: seed)
        case .transposeConv2D: transposeConvolution(seed: seed)
        default: preconditionFailure("no random generator for \(kind.name)")
        }
    }

    public static func bytes(_ count: Int, _ random: inout SampleGraphs.Generator) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    public static func int32Bytes(_ values: [Int32]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    }

    /// A zero point: often at the ends of the int8 range.
    public static func zeroPoint(_ random: inout SampleGraphs.Generator) -> Int32 {
        switch random.integer(in: 0...5) {
        case 0: return -128
        case 1: return 127
        default: return Int32(random.integer(in: -128...127))
        }
    }

    /// Output extent of a window over `input` positions.
    public static func extent(_ input: Int, filter: Int, stride: Int, dilation: Int, padding: Padding) -> Int {
        switch padding {
        case .same: return (input + stride - 1) / stride
        case .valid: return (input - (filter - 1) * dilation + stride - 1) / stride
        }
    }

    public static func convolution(depthwise: Bool, seed: UInt64) -> Graph {
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

    public static func fullyConnected(seed: UInt64) -> Graph {
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

    public static func add(seed: UInt64) -> Graph {
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

    public static func batchMatMul(seed: UInt64) -> Graph {
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

    public static func transposeConvolution(seed: UInt64) -> Graph {
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

    /// One graph holding `graphs` side by side: every tensor, operator, input and output of each, in
    /// order (a firmware image runs many random operators in one build).
    public static func union(_ graphs: [Graph], name: String) -> Graph {
        var tensors: [TensorDescription] = [], operators: [OperatorDescription] = [], inputs: [Int] = [], outputs: [Int] = []
        for graph in graphs {
            let base = tensors.count
            func moved(_ index: Int) -> Int { index < 0 ? index : index + base }
            tensors += graph.tensors.map { tensor in
                var renamed = tensor
                renamed.name = "\(operators.count)/\(tensor.name)"
                return renamed
            }
            operators += graph.operators.map { op in
                OperatorDescription(kind: op.kind, inputs: op.inputs.map(moved), outputs: op.outputs.map(moved), options: op.options)
            }
            inputs += graph.inputs.map(moved)
            outputs += graph.outputs.map(moved)
        }
        return Graph(name: name, tensors: tensors, operators: operators, inputs: inputs, outputs: outputs)
    }
}
