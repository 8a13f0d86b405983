import EdgeRuntime

/// The element-wise, pooling, reduction, softmax and data-movement operators.
extension LayerSamples {
    /// An activation shape: an NHWC image or a `[1, tokens, features]` sequence.
    static func activationShape(size: Size, _ random: inout Generator) -> [Int] {
        switch size {
        case .edges:
            return [1, random.integer(in: 1...9), random.integer(in: 1...9), random.integer(in: 1...40)]
        case .layers:
            if random.oneIn(3) { return [1, random.element(of: [1, 8, 16, 25, 49, 50]), random.element(of: [8, 16, 24, 32, 64, 128])] }
            let channels = random.element(of: [1, 3, 8, 16, 24, 32, 48, 64, 96, 128, 192])
            let side = imageSide(&random, minimum: 1, perPosition: channels, budget: 60_000, largest: 48)
            return [1, side, side, channels]
        }
    }

    /// ADD, SUB, MUL, SQUARED_DIFFERENCE, MAXIMUM, MINIMUM: same shapes, or the second operand
    /// broadcast along the channels (a bias or a squeeze-and-excite scale), along the last axis (a
    /// layer norm's per-row mean and scale) or a scalar.
    static func binary(_ kind: OperatorKind, size: Size, _ random: inout Generator) -> Graph {
        let shape = activationShape(size: size, &random)
        let other: [Int] = switch random.integer(in: 0...5) {
        case 0 where size == .layers: Array(repeating: 1, count: shape.count - 1) + [shape[shape.count - 1]]
        case 1 where size == .layers: [1]
        case 2 where size == .layers: Array(shape.dropLast()) + [1]
        default: shape
        }
        let activationAllowed = kind == .add || kind == .sub || kind == .mul
        let fused: FusedActivation = activationAllowed ? random.element(of: [.none, .relu, .relu6]) : .none
        let a = activation("a", shape, scale: 0.01 + 0.3 * random.unit(), &random)
        let b = activation("b", other, scale: 0.01 + 0.3 * random.unit(), &random)
        let c = activation("c", shape, scale: kind == .mul || kind == .squaredDifference ? 0.05 + 0.5 * random.unit() : 0.02 + 0.3 * random.unit(), &random)
        let op = OperatorDescription(kind: kind, inputs: [0, 1], outputs: [2], options: .init(fusedActivation: fused))
        return Graph(name: "binary", tensors: [a, b, c], operators: [op], inputs: [0, 1], outputs: [2])
    }

    /// PRELU with a constant slope per channel.
    static func prelu(size: Size, _ random: inout Generator) -> Graph {
        let shape = activationShape(size: size, &random)
        let channels = shape[shape.count - 1]
        let alpha = TensorDescription(
            name: "alpha", shape: [channels], elementType: .int8, quantization: .init(scale: 0.002 + 0.01 * random.unit(), zeroPoint: 0),
            constantData: random.bytes(channels))
        let x = activation("x", shape, scale: 0.02 + 0.1 * random.unit(), &random)
        let y = activation("y", shape, scale: 0.02 + 0.1 * random.unit(), &random)
        return Graph(name: "prelu", tensors: [x, alpha, y], operators: [.init(kind: .prelu, inputs: [0, 1], outputs: [2])], inputs: [0], outputs: [2])
    }

    /// LOGISTIC, TANH, HARD_SWISH, LEAKY_RELU, RELU, RELU6, RSQRT with the output quantization each requires.
    static func unary(_ kind: OperatorKind, size: Size, _ random: inout Generator) -> Graph {
        let shape = activationShape(size: size, &random)
        let inputScale = 0.01 + 0.1 * random.unit()
        var x = activation("x", shape, scale: inputScale, &random)
        let y: TensorDescription
        switch kind {
        case .logistic:
            y = TensorDescription(name: "y", shape: shape, elementType: .int8, quantization: .init(scale: 1.0 / 256, zeroPoint: -128))
        case .tanh:
            y = TensorDescription(name: "y", shape: shape, elementType: .int8, quantization: .init(scale: 1.0 / 128, zeroPoint: 0))
        case .rsqrt:
            x.quantization = .init(scale: inputScale, zeroPoint: -128)
            y = activation("y", shape, scale: 0.5 / (inputScale * 255).squareRoot() * (0.2 + random.unit()), &random)
        default:
            y = activation("y", shape, scale: inputScale * (0.5 + random.unit()), &random)
        }
        let op = OperatorDescription(kind: kind, inputs: [0], outputs: [1], options: .init(alpha: 0.05 + 0.3 * random.unit()))
        return Graph(name: "unary", tensors: [x, y], operators: [op], inputs: [0], outputs: [1])
    }

    /// AVERAGE_POOL_2D and MAX_POOL_2D: 2×2 or 3×3 windows, or one window over the whole image.
    static func pooling(_ kind: OperatorKind, size: Size, _ random: inout Generator) -> Graph {
        var shape = activationShape(size: size, &random)
        if shape.count == 3 { shape = [1, 1, shape[1], shape[2]] }
        let global = random.oneIn(4)
        let filterHeight = global ? shape[1] : min(shape[1], random.element(of: [2, 3])), filterWidth = global ? shape[2] : min(shape[2], random.element(of: [2, 3]))
        let stride = global ? 1 : random.element(of: [1, 2, 2])
        let padding: Padding = global || random.oneIn(2) ? .valid : .same
        let x = activation("x", shape, scale: 0.05, &random)
        var y = activation("y", [1, extent(shape[1], filter: filterHeight, stride: stride, dilation: 1, padding: padding),
                                  extent(shape[2], filter: filterWidth, stride: stride, dilation: 1, padding: padding), shape[3]], scale: 0.05, &random)
        y.quantization = x.quantization
        let op = OperatorDescription(
            kind: kind, inputs: [0], outputs: [1],
            options: .init(padding: padding, strideHeight: stride, strideWidth: stride, filterHeight: filterHeight, filterWidth: filterWidth,
                           fusedActivation: random.element(of: [.none, .relu])))
        return Graph(name: "pool", tensors: [x, y], operators: [op], inputs: [0], outputs: [1])
    }

    /// MEAN, SUM, REDUCE_MAX: over the image (a global average) or over the last axis (a layer norm's statistics).
    static func reduction(_ kind: OperatorKind, size: Size, _ random: inout Generator) -> Graph {
        let shape = activationShape(size: size, &random)
        let axes = shape.count == 4 && random.integer(in: 0...2) > 0 ? [1, 2] : [shape.count - 1]
        let out = shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
        let x = activation("x", shape, scale: 0.05 + 0.1 * random.unit(), &random)
        var y = activation("y", out, scale: kind == .sum ? 0.5 + random.unit() : 0.05 + 0.1 * random.unit(), &random)
        if kind == .reduceMax { y.quantization = x.quantization }
        let op = OperatorDescription(kind: kind, inputs: [0, 1], outputs: [2])
        return Graph(name: "reduce", tensors: [x, integers("axes", axes), y], operators: [op], inputs: [0], outputs: [2])
    }

    /// SOFTMAX over class scores or attention rows.
    static func softmax(size: Size, _ random: inout Generator) -> Graph {
        let shape: [Int] = switch size {
        case .edges: [random.integer(in: 1...4), random.integer(in: 1...40)]
        case .layers: random.oneIn(2) ? [1, random.element(of: [2, 4, 10, 12, 35, 100, 1000])]
            : [1, random.element(of: [1, 2, 4]), random.element(of: [8, 17, 25, 50]), random.element(of: [8, 17, 25, 50])]
        }
        let x = activation("x", shape, scale: 0.02 + 0.2 * random.unit(), &random)
        let y = TensorDescription(name: "y", shape: shape, elementType: .int8, quantization: .init(scale: 1.0 / 256, zeroPoint: -128))
        return Graph(name: "softmax", tensors: [x, y], operators: [.init(kind: .softmax, inputs: [0], outputs: [1])], inputs: [0], outputs: [1])
    }

    /// RESHAPE to a flat vector.
    static func reshape(size: Size, _ random: inout Generator) -> Graph {
        let shape = activationShape(size: size, &random)
        let x = activation("x", shape, scale: 0.05, &random)
        var y = x
        y.name = "y"
        y.shape = [1, shape.reduce(1, *)]
        return Graph(name: "reshape", tensors: [x, y], operators: [.init(kind: .reshape, inputs: [0], outputs: [1])], inputs: [0], outputs: [1])
    }

    /// CONCATENATION of two to four tensors along the channels.
    static func concatenation(size: Size, _ random: inout Generator) -> Graph {
        let shape = activationShape(size: size, &random)
        let count = random.integer(in: 2...4)
        let x = activation("x", shape, scale: 0.05, &random)
        var tensors: [TensorDescription] = []
        var total = 0
        for index in 0..<count {
            var input = x
            input.name = "x\(index)"
            input.shape[shape.count - 1] = max(1, shape[shape.count - 1] / random.integer(in: 1...3))
            total += input.shape[shape.count - 1]
            tensors.append(input)
        }
        var y = x
        y.name = "y"
        y.shape[shape.count - 1] = total
        let op = OperatorDescription(kind: .concatenation, inputs: Array(0..<count), outputs: [count], options: .init(axis: -1))
        return Graph(name: "concat", tensors: tensors + [y], operators: [op], inputs: Array(0..<count), outputs: [count])
    }

    /// PAD around an image, or before a sequence (a causal convolution's left padding).
    static func pad(size: Size, _ random: inout Generator) -> Graph {
        let shape = activationShape(size: size, &random)
        var paddings = Array(repeating: 0, count: 2 * shape.count)
        if shape.count == 4 {
            for axis in 1...2 { paddings[2 * axis] = random.integer(in: 0...2); paddings[2 * axis + 1] = random.integer(in: 1...2) }
        } else {
            paddings[2] = random.element(of: [1, 2, 4, 8, 16])
        }
        let x = activation("x", shape, scale: 0.05, &random)
        var y = x
        y.name = "y"
        y.shape = shape.indices.map { shape[$0] + paddings[2 * $0] + paddings[2 * $0 + 1] }
        return Graph(name: "pad", tensors: [x, integers("paddings", paddings), y],
                     operators: [.init(kind: .pad, inputs: [0, 1], outputs: [2])], inputs: [0], outputs: [2])
    }

    /// TRANSPOSE of the middle axes (attention heads) or the last two.
    static func transpose(size: Size, _ random: inout Generator) -> Graph {
        var shape = activationShape(size: size, &random)
        if shape.count == 3 && random.oneIn(2) { shape = [1, shape[1], random.element(of: [1, 2, 4]), shape[2]] }
        let perm: [Int] = shape.count == 4 ? (random.oneIn(2) ? [0, 2, 1, 3] : [0, 3, 1, 2]) : [0, 2, 1]
        let x = activation("x", shape, scale: 0.05, &random)
        var y = x
        y.name = "y"
        y.shape = perm.map { shape[$0] }
        return Graph(name: "transpose", tensors: [x, integers("perm", perm), y],
                     operators: [.init(kind: .transpose, inputs: [0, 1], outputs: [2])], inputs: [0], outputs: [2])
    }

    /// STRIDED_SLICE: a block of rows (a class token, a window), every element or every second one.
    static func stridedSlice(size: Size, _ random: inout Generator) -> Graph {
        let shape = activationShape(size: size, &random)
        let axis = 1
        let begin = random.integer(in: 0...(shape[axis] - 1))
        let end = random.integer(in: (begin + 1)...shape[axis])
        let step = random.oneIn(3) ? 2 : 1
        var starts = Array(repeating: 0, count: shape.count), ends = shape, strides = Array(repeating: 1, count: shape.count)
        starts[axis] = begin
        ends[axis] = end
        strides[axis] = step
        let x = activation("x", shape, scale: 0.05, &random)
        var y = x
        y.name = "y"
        y.shape[axis] = (end - begin + step - 1) / step
        return Graph(name: "slice", tensors: [x, integers("begin", starts), integers("end", ends), integers("strides", strides), y],
                     operators: [.init(kind: .stridedSlice, inputs: [0, 1, 2, 3], outputs: [4])], inputs: [0], outputs: [4])
    }

    /// QUANTIZE from int8 to int8 (a change of scale between branches).
    static func requantize(size: Size, _ random: inout Generator) -> Graph {
        let shape = activationShape(size: size, &random)
        let x = activation("x", shape, scale: 0.02 + 0.2 * random.unit(), &random)
        let y = activation("y", shape, scale: 0.02 + 0.2 * random.unit(), &random)
        return Graph(name: "requantize", tensors: [x, y], operators: [.init(kind: .quantize, inputs: [0], outputs: [1])], inputs: [0], outputs: [1])
    }
}
