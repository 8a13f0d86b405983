import EdgeRuntime

/// The weighted operators: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, BATCH_MATMUL, TRANSPOSE_CONV.
extension LayerSamples {
    /// An int8 activation tensor with a random scale and zero point.
    static func activation(_ name: String, _ shape: [Int], scale: Float, _ random: inout Generator) -> TensorDescription {
        TensorDescription(name: name, shape: shape, elementType: .int8, quantization: .init(scale: scale, zeroPoint: zeroPoint(&random)))
    }

    /// A zero point: often at the ends of the int8 range.
    static func zeroPoint(_ random: inout Generator) -> Int32 {
        switch random.integer(in: 0...5) {
        case 0: return -128
        case 1: return 127
        default: return Int32(random.integer(in: -128...127))
        }
    }

    static func int32Bytes(_ values: [Int32]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    }

    /// A constant int32 vector (axes, paddings, permutations, shapes).
    static func integers(_ name: String, _ values: [Int]) -> TensorDescription {
        TensorDescription(name: name, shape: [values.count], elementType: .int32, constantData: int32Bytes(values.map { Int32($0) }))
    }

    /// Per-channel int8 weights of `shape` along `axis`.
    static func weights(_ name: String, _ shape: [Int], channelAxis axis: Int, _ random: inout Generator) -> TensorDescription {
        let channels = shape[axis]
        return TensorDescription(
            name: name, shape: shape, elementType: .int8,
            quantization: .init(
                scales: (0..<channels).map { _ in 0.002 + 0.02 * random.unit() }, zeroPoints: Array(repeating: 0, count: channels),
                channelAxis: axis),
            constantData: random.bytes(shape.reduce(1, *)))
    }

    static func bias(_ count: Int, _ random: inout Generator) -> TensorDescription {
        TensorDescription(
            name: "bias", shape: [count], elementType: .int32,
            constantData: int32Bytes((0..<count).map { _ in Int32(random.integer(in: -20_000...20_000)) }))
    }

    /// Output extent of a window over `input` positions.
    public static func extent(_ input: Int, filter: Int, stride: Int, dilation: Int, padding: Padding) -> Int {
        switch padding {
        case .same: return (input + stride - 1) / stride
        case .valid: return (input - (filter - 1) * dilation + stride - 1) / stride
        }
    }

    /// A square-ish image of at least `minimum` positions per side whose `positions · perPosition`
    /// stays under `budget` (the realistic samples' size cap).
    static func imageSide(_ random: inout Generator, minimum: Int, perPosition: Int, budget: Int, largest: Int) -> Int {
        var side = random.integer(in: max(minimum, 2)...max(minimum, largest))
        while side > minimum && side * side * perPosition > budget { side -= 1 }
        return side
    }

    static func convolution(depthwise: Bool, size: Size, _ random: inout Generator) -> Graph {
        var filterHeight: Int, filterWidth: Int, inputDepth: Int, outputDepth: Int, dilation: Int, batches: Int
        var strideHeight: Int, strideWidth: Int, height: Int, width: Int
        let padding: Padding = random.integer(in: 0...1) == 0 ? .same : .valid
        var multiplier = 1
        switch size {
        case .edges:
            let pointwise = !depthwise && random.integer(in: 0...2) == 0
            filterHeight = pointwise ? 1 : random.integer(in: 1...5)
            filterWidth = pointwise ? 1 : random.integer(in: 1...5)
            inputDepth = depthwise ? random.element(of: [1, 3, 8, 16, 24, 32, 40, 64, 67]) : random.element(of: [1, 2, 3, 8, 13, 16, 32, 48, 64])
            outputDepth = depthwise ? inputDepth : random.integer(in: 1...70)
            dilation = pointwise || random.integer(in: 0...3) > 0 ? 1 : 2
            strideHeight = random.integer(in: 1...2)
            strideWidth = random.integer(in: 1...2)
            height = random.integer(in: (filterHeight - 1) * dilation + 1...(filterHeight - 1) * dilation + 9)
            width = random.integer(in: (filterWidth - 1) * dilation + 1...(filterWidth - 1) * dilation + 9)
            batches = random.integer(in: 1...2)
        case .layers:
            let oneDimensional = random.oneIn(5)
            let filter = depthwise ? random.element(of: [3, 3, 3, 5]) : random.element(of: [1, 1, 1, 3, 3, 3, 5, 7])
            filterHeight = oneDimensional ? 1 : filter
            filterWidth = filter
            if depthwise {
                inputDepth = random.element(of: [8, 16, 24, 32, 48, 64, 72, 96, 120, 144, 192, 240])
                multiplier = random.oneIn(8) ? 2 : 1
                outputDepth = inputDepth * multiplier
            } else {
                inputDepth = random.element(of: [1, 3, 4, 8, 12, 16, 24, 32, 40, 48, 64, 96, 128])
                outputDepth = random.element(of: [4, 8, 12, 16, 24, 32, 40, 48, 64, 96, 128, 144])
            }
            dilation = filter > 1 && random.oneIn(5) ? random.element(of: [2, 4]) : 1
            let stride = random.oneIn(3) ? 2 : 1
            strideHeight = oneDimensional ? 1 : stride
            strideWidth = stride
            let macs = filterHeight * filterWidth * (depthwise ? outputDepth : inputDepth * outputDepth) / (stride * stride)
            let reach = (filter - 1) * dilation + 1
            if oneDimensional {
                height = 1
                width = max(reach, min(random.integer(in: 8...64), 2_000_000 / max(1, macs)))
            } else {
                height = imageSide(&random, minimum: reach, perPosition: macs, budget: 2_000_000, largest: 48)
                width = height
            }
            batches = 1
        }
        let input = TensorDescription(
            name: "input", shape: [batches, height, width, inputDepth], elementType: .int8,
            quantization: .init(scale: 0.05, zeroPoint: zeroPoint(&random)))
        let filter = weights(
            "filter", depthwise ? [1, filterHeight, filterWidth, outputDepth] : [outputDepth, filterHeight, filterWidth, inputDepth],
            channelAxis: depthwise ? 3 : 0, &random)
        let output = TensorDescription(
            name: "output",
            shape: [batches, extent(height, filter: filterHeight, stride: strideHeight, dilation: dilation, padding: padding),
                    extent(width, filter: filterWidth, stride: strideWidth, dilation: dilation, padding: padding), outputDepth],
            elementType: .int8, quantization: .init(scale: 0.02 + 0.2 * random.unit(), zeroPoint: zeroPoint(&random)))
        let activation: FusedActivation = random.element(of: [.none, .relu, .relu6])
        let withBias = random.integer(in: 0...4) > 0
        let op = OperatorDescription(
            kind: depthwise ? .depthwiseConv2D : .conv2D, inputs: [0, 1, withBias ? 2 : -1], outputs: [3],
            options: .init(
                padding: padding, strideHeight: strideHeight, strideWidth: strideWidth, dilationHeight: dilation,
                dilationWidth: dilation, depthMultiplier: multiplier, fusedActivation: activation))
        return Graph(name: "conv", tensors: [input, filter, bias(outputDepth, &random), output], operators: [op], inputs: [0], outputs: [3])
    }

    static func fullyConnected(size: Size, _ random: inout Generator) -> Graph {
        let depth: Int, outputs: Int, rows: [Int]
        switch size {
        case .edges:
            depth = random.element(of: [1, 5, 16, 31, 64, 100, 256])
            outputs = random.integer(in: 1...40)
            rows = [random.integer(in: 1...7)]
        case .layers:
            depth = random.element(of: [8, 16, 24, 32, 64, 96, 128, 256, 384, 512, 1024])
            outputs = random.element(of: [2, 4, 10, 16, 24, 32, 64, 128, 256])
            // A rank-3 input (tokens of a sequence) keeps its leading dimensions.
            rows = random.oneIn(3) ? [1, min(random.element(of: [4, 8, 16, 25, 49]), max(1, 1_000_000 / (depth * outputs)))] : [1]
        }
        let perChannel = random.integer(in: 0...1) == 0
        let batches = rows.reduce(1, *)
        let input = TensorDescription(
            name: "input", shape: rows + [depth], elementType: .int8, quantization: .init(scale: 0.05, zeroPoint: zeroPoint(&random)))
        let weights = perChannel
            ? Self.weights("weights", [outputs, depth], channelAxis: 0, &random)
            : TensorDescription(
                name: "weights", shape: [outputs, depth], elementType: .int8, quantization: .init(scale: 0.01, zeroPoint: 0),
                constantData: random.bytes(outputs * depth))
        let output = TensorDescription(
            name: "output", shape: rows.count > 1 ? rows + [outputs] : [batches, outputs], elementType: .int8,
            quantization: .init(scale: 0.05 + 0.5 * random.unit(), zeroPoint: zeroPoint(&random)))
        let op = OperatorDescription(kind: .fullyConnected, inputs: [0, 1, 2], outputs: [3])
        return Graph(name: "dense", tensors: [input, weights, bias(outputs, &random), output], operators: [op], inputs: [0], outputs: [3])
    }

    static func batchMatMul(size: Size, _ random: inout Generator) -> Graph {
        let batches: Int, rows: Int, columns: Int, depth: Int
        switch size {
        case .edges:
            batches = random.integer(in: 1...3)
            rows = random.integer(in: 1...9)
            columns = random.integer(in: 1...21)
            depth = random.element(of: [1, 7, 16, 24, 40])
        case .layers:
            batches = random.element(of: [1, 2, 4])
            rows = random.element(of: [1, 8, 17, 25, 49, 50])
            columns = random.element(of: [8, 16, 17, 25, 49, 50])
            depth = random.element(of: [8, 16, 17, 25, 32, 49, 64])
        }
        let adjointLeft = random.integer(in: 0...1) == 0, adjointRight = random.integer(in: 0...1) == 0
        let leftBatches = random.integer(in: 0...3) == 0 ? 1 : batches, rightBatches = random.integer(in: 0...3) == 0 ? 1 : batches
        let left = activation("lhs", [leftBatches] + (adjointLeft ? [depth, rows] : [rows, depth]), scale: 0.02 + 0.1 * random.unit(), &random)
        let right = activation("rhs", [rightBatches] + (adjointRight ? [columns, depth] : [depth, columns]), scale: 0.02 + 0.1 * random.unit(), &random)
        let output = activation(
            "product", [max(leftBatches, rightBatches), rows, columns], scale: 0.05 + Float(depth) * 0.02 * random.unit(), &random)
        let op = OperatorDescription(
            kind: .batchMatMul, inputs: [0, 1], outputs: [2], options: .init(adjointLeft: adjointLeft, adjointRight: adjointRight))
        return Graph(name: "bmm", tensors: [left, right, output], operators: [op], inputs: [0, 1], outputs: [2])
    }

    static func transposeConvolution(size: Size, _ random: inout Generator) -> Graph {
        let filterHeight: Int, filterWidth: Int, strideHeight: Int, strideWidth: Int, inputDepth: Int, outputDepth: Int
        let batches: Int, height: Int, width: Int
        switch size {
        case .edges:
            filterHeight = random.integer(in: 1...4)
            filterWidth = random.integer(in: 1...4)
            strideHeight = random.integer(in: 1...3)
            strideWidth = random.integer(in: 1...3)
            inputDepth = random.element(of: [1, 3, 8, 16, 20])
            outputDepth = random.integer(in: 1...24)
            batches = random.integer(in: 1...2)
            height = random.integer(in: 1...6)
            width = random.integer(in: 1...6)
        case .layers:
            filterHeight = random.element(of: [2, 3, 4])
            filterWidth = filterHeight
            strideHeight = 2
            strideWidth = 2
            inputDepth = random.element(of: [8, 16, 24, 32, 48])
            outputDepth = random.element(of: [8, 16, 24, 32])
            batches = 1
            height = imageSide(&random, minimum: 2, perPosition: filterHeight * filterWidth * inputDepth * outputDepth, budget: 1_500_000, largest: 16)
            width = height
        }
        let padding: Padding = random.integer(in: 0...1) == 0 ? .same : .valid
        func extent(_ size: Int, _ stride: Int, _ filter: Int) -> Int { padding == .same ? size * stride : (size - 1) * stride + filter }
        let outputShape = [batches, extent(height, strideHeight, filterHeight), extent(width, strideWidth, filterWidth), outputDepth]
        let filter = weights("filter", [outputDepth, filterHeight, filterWidth, inputDepth], channelAxis: 0, &random)
        let input = TensorDescription(
            name: "input", shape: [batches, height, width, inputDepth], elementType: .int8,
            quantization: .init(scale: 0.05, zeroPoint: zeroPoint(&random)))
        let output = activation("output", outputShape, scale: 0.02 + 0.2 * random.unit(), &random)
        let op = OperatorDescription(
            kind: .transposeConv2D, inputs: [0, 1, 2, random.integer(in: 0...3) > 0 ? 3 : -1], outputs: [4],
            options: .init(padding: padding, strideHeight: strideHeight, strideWidth: strideWidth))
        return Graph(
            name: "tconv", tensors: [integers("output_shape", outputShape), filter, input, bias(outputDepth, &random), output],
            operators: [op], inputs: [2], outputs: [4])
    }
}
