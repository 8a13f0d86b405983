import EdgeModel
import EdgeRuntime

/// Small graphs built in code for tests: every operator kind, with deterministic weights.
public enum SampleGraphs {
    /// The reproducible pseudo-random generator (SplitMix64) test data is drawn from.
    public typealias Generator = LayerSamples.Generator

    static func int8Bytes(_ count: Int, _ random: inout Generator) -> [UInt8] {
        (0..<count).map { _ in UInt8(bitPattern: random.int8()) }
    }

    static func int32Bytes(_ values: [Int32]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    }

    /// An activation tensor with per-tensor quantization.
    static func activation(_ name: String, _ shape: [Int], scale: Float, zeroPoint: Int32) -> TensorDescription {
        TensorDescription(name: name, shape: shape, elementType: .int8, quantization: .init(scale: scale, zeroPoint: zeroPoint))
    }

    /// A network using every int8 operator kind:
    /// input [1,8,8,2] → CONV_2D 3×3 SAME +ReLU → DEPTHWISE 3×3 ×2 stride 2 SAME +ReLU6 → MAX_POOL 2×2
    /// → ADD (with an AVERAGE_POOL of the same tensor) → AVERAGE_POOL 2×2 VALID → RESHAPE → FULLY_CONNECTED → SOFTMAX.
    public static func everyOperator(seed: UInt64 = 1) -> Graph {
        var random = Generator(seed: seed)
        var tensors: [TensorDescription] = []
        func add(_ tensor: TensorDescription) -> Int {
            tensors.append(tensor)
            return tensors.count - 1
        }
        let input = add(activation("input", [1, 8, 8, 2], scale: 0.05, zeroPoint: -3))
        let convFilter = add(TensorDescription(
            name: "conv/filter", shape: [4, 3, 3, 2], elementType: .int8,
            quantization: .init(scales: [0.01, 0.02, 0.015, 0.03], zeroPoints: [0, 0, 0, 0], channelAxis: 0),
            constantData: int8Bytes(4 * 3 * 3 * 2, &random)))
        let convBias = add(TensorDescription(
            name: "conv/bias", shape: [4], elementType: .int32,
            constantData: int32Bytes((0..<4).map { _ in Int32(random.integer(in: -200...200)) })))
        let conv = add(activation("conv", [1, 8, 8, 4], scale: 0.04, zeroPoint: -128))
        let depthwiseFilter = add(TensorDescription(
            name: "depthwise/filter", shape: [1, 3, 3, 8], elementType: .int8,
            quantization: .init(scales: (0..<8).map { Float($0 + 1) * 0.004 }, zeroPoints: Array(repeating: 0, count: 8), channelAxis: 3),
            constantData: int8Bytes(3 * 3 * 8, &random)))
        let depthwiseBias = add(TensorDescription(
            name: "depthwise/bias", shape: [8], elementType: .int32,
            constantData: int32Bytes((0..<8).map { _ in Int32(random.integer(in: -100...100)) })))
        let depthwise = add(activation("depthwise", [1, 4, 4, 8], scale: 0.03, zeroPoint: -128))
        let maximum = add(activation("max_pool", [1, 4, 4, 8], scale: 0.03, zeroPoint: -128))
        let average = add(activation("average_pool_same", [1, 4, 4, 8], scale: 0.03, zeroPoint: -128))
        let sum = add(activation("add", [1, 4, 4, 8], scale: 0.05, zeroPoint: -100))
        let pooled = add(activation("global_pool", [1, 2, 2, 8], scale: 0.05, zeroPoint: -100))
        let flat = add(activation("flatten", [1, 32], scale: 0.05, zeroPoint: -100))
        let weights = add(TensorDescription(
            name: "dense/weights", shape: [5, 32], elementType: .int8, quantization: .init(scale: 0.02, zeroPoint: 0),
            constantData: int8Bytes(5 * 32, &random)))
        let denseBias = add(TensorDescription(
            name: "dense/bias", shape: [5], elementType: .int32,
            constantData: int32Bytes((0..<5).map { _ in Int32(random.integer(in: -500...500)) })))
        let logits = add(activation("logits", [1, 5], scale: 0.1, zeroPoint: 3))
        let probabilities = add(activation("probabilities", [1, 5], scale: 1.0 / 256, zeroPoint: -128))
        let operators: [OperatorDescription] = [
            .init(kind: .conv2D, inputs: [input, convFilter, convBias], outputs: [conv],
                  options: .init(padding: .same, fusedActivation: .relu)),
            .init(kind: .depthwiseConv2D, inputs: [conv, depthwiseFilter, depthwiseBias], outputs: [depthwise],
                  options: .init(padding: .same, strideHeight: 2, strideWidth: 2, depthMultiplier: 2, fusedActivation: .relu6)),
            .init(kind: .maxPool2D, inputs: [depthwise], outputs: [maximum],
                  options: .init(padding: .same, filterHeight: 2, filterWidth: 2)),
            .init(kind: .averagePool2D, inputs: [depthwise], outputs: [average],
                  options: .init(padding: .same, filterHeight: 3, filterWidth: 3)),
            .init(kind: .add, inputs: [maximum, average], outputs: [sum]),
            .init(kind: .averagePool2D, inputs: [sum], outputs: [pooled],
                  options: .init(padding: .valid, strideHeight: 2, strideWidth: 2, filterHeight: 2, filterWidth: 2)),
            .init(kind: .reshape, inputs: [pooled], outputs: [flat]),
            .init(kind: .fullyConnected, inputs: [flat, weights, denseBias], outputs: [logits]),
            .init(kind: .softmax, inputs: [logits], outputs: [probabilities]),
        ]
        return Graph(name: "every-operator", tensors: tensors, operators: operators, inputs: [input], outputs: [probabilities])
    }

    /// A float-in, float-out graph: QUANTIZE → FULLY_CONNECTED → DEQUANTIZE.
    public static func floatBoundary(seed: UInt64 = 2) -> Graph {
        var random = Generator(seed: seed)
        let tensors: [TensorDescription] = [
            TensorDescription(name: "input", shape: [2, 6], elementType: .float32),
            activation("input_int8", [2, 6], scale: 0.02, zeroPoint: 5),
            TensorDescription(name: "weights", shape: [3, 6], elementType: .int8, quantization: .init(scale: 0.01, zeroPoint: 0),
                              constantData: int8Bytes(18, &random)),
            activation("output_int8", [2, 3], scale: 0.003, zeroPoint: -7),
            TensorDescription(name: "output", shape: [2, 3], elementType: .float32),
        ]
        return Graph(
            name: "float-boundary", tensors: tensors,
            operators: [
                .init(kind: .quantize, inputs: [0], outputs: [1]),
                .init(kind: .fullyConnected, inputs: [1, 2, -1], outputs: [3]),
                .init(kind: .dequantize, inputs: [3], outputs: [4]),
            ],
            inputs: [0], outputs: [4])
    }
}
