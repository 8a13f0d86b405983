import EdgeRuntime

/// Random single-operator graphs, reproducible from a seed. Two uses share them: the bit-exactness
/// tests of the vector kernels (``Size/edges``: shapes on and off the kernels' granules, zero points
/// at the ends of their range) and the simulator's kernel-cost fit (``Size/layers``: the channel
/// counts, kernel sizes, strides and image sizes of deployed int8 networks), whose instruction
/// counts under QEMU are what `simulate` predicts from.
public enum LayerSamples {
    /// The shapes a sample draws from.
    public enum Size: Sendable {
        /// Small tensors that probe the kernels' edges (tails, padding, broadcasting, zero points).
        case edges
        /// The shapes of layers in deployed int8 networks, up to about two million multiply-accumulates.
        case layers
    }

    /// The operator kinds the vector kernels accelerate.
    public static let vectorKinds: [OperatorKind] = [.conv2D, .depthwiseConv2D, .fullyConnected, .add, .batchMatMul, .transposeConv2D, .averagePool2D, .mean, .sum]

    /// Every operator kind with a sample generator, in a fixed order.
    public static let sampledKinds: [OperatorKind] = OperatorKind.allCases.filter { kind in
        var random = Generator(seed: 0)
        return sample(of: kind, size: .edges, random: &random) != nil
    }

    /// A random single-operator graph of `kind`, or nil for a kind without a generator.
    public static func graph(of kind: OperatorKind, size: Size = .edges, seed: UInt64) -> Graph? {
        var random = Generator(seed: seed)
        return sample(of: kind, size: size, random: &random)
    }

    /// The generator of each kind; nil where there is none (the kinds converters rarely emit in
    /// int8 graphs, and the float-only ones).
    static func sample(of kind: OperatorKind, size: Size, random: inout Generator) -> Graph? {
        switch kind {
        case .conv2D: convolution(depthwise: false, size: size, &random)
        case .depthwiseConv2D: convolution(depthwise: true, size: size, &random)
        case .fullyConnected: fullyConnected(size: size, &random)
        case .batchMatMul: batchMatMul(size: size, &random)
        case .transposeConv2D: transposeConvolution(size: size, &random)
        case .add, .sub, .mul, .squaredDifference, .maximum, .minimum: binary(kind, size: size, &random)
        case .prelu: prelu(size: size, &random)
        case .logistic, .tanh, .hardSwish, .leakyRelu, .relu, .relu6, .rsqrt: unary(kind, size: size, &random)
        case .averagePool2D, .maxPool2D: pooling(kind, size: size, &random)
        case .mean, .sum, .reduceMax: reduction(kind, size: size, &random)
        case .softmax: softmax(size: size, &random)
        case .reshape: reshape(size: size, &random)
        case .concatenation: concatenation(size: size, &random)
        case .pad: pad(size: size, &random)
        case .transpose: transpose(size: size, &random)
        case .stridedSlice: stridedSlice(size: size, &random)
        case .quantize: requantize(size: size, &random)
        case .padV2, .slice, .split, .splitV, .pack, .unpack, .argMax, .resizeNearestNeighbor, .resizeBilinear, .gather,
             .dequantize, .neg:
            nil
        }
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

    /// A reproducible pseudo-random generator (SplitMix64).
    public struct Generator: Sendable {
        var state: UInt64
        /// Creates a generator from a seed.
        public init(seed: UInt64) { state = seed }
        /// The next 64 random bits.
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// A uniform int8.
        public mutating func int8() -> Int8 { Int8(truncatingIfNeeded: next()) }
        /// A uniform integer in `range`.
        public mutating func integer(in range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }
        /// A uniform float in [0, 1).
        public mutating func unit() -> Float { Float(next() >> 40) / Float(1 << 24) }
        /// One of `choices`, uniformly.
        public mutating func element<T>(of choices: [T]) -> T { choices[integer(in: 0...(choices.count - 1))] }
        /// True with probability `1 / n`.
        public mutating func oneIn(_ n: Int) -> Bool { integer(in: 1...n) == 1 }
        /// `count` random bytes.
        public mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }
    }
}
