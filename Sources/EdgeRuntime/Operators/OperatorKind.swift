/// The operators the runtime executes. The raw value is the code stored in a model file.
///
/// Each kind has one home, `Operators/<Name>/`: its parameter record, validation, reference kernel,
/// the choice of its faster variants, and its work. The three switches at the bottom of this file are
/// the only places that list every kind; they have no `default:`, so a new kind is a compile error
/// until it is handled everywhere (docs/ARCHITECTURE.md, "Adding an operator").
public enum OperatorKind: UInt16, Sendable, CaseIterable {
    /// Dense layer: `output = input · weightsᵀ + bias`, weights `[out, in]`, per-tensor scale.
    case fullyConnected = 1
    /// 2-D convolution, NHWC input, OHWI filter, per-channel scales.
    case conv2D = 2
    /// Depthwise 2-D convolution with a depth multiplier, filter `[1, H, W, C·multiplier]`.
    case depthwiseConv2D = 3
    /// Average pooling over a window.
    case averagePool2D = 4
    /// Max pooling over a window.
    case maxPool2D = 5
    /// Element-wise addition of two int8 tensors with their own scales.
    case add = 6
    /// Change of shape; the output aliases the input's bytes in the arena.
    case reshape = 7
    /// Int8 softmax with TFLite's fixed-point exponential; output scale 1/256, zero point -128.
    case softmax = 8
    /// Float32 to int8 (or int8 to int8 requantization).
    case quantize = 9
    /// Int8 to float32.
    case dequantize = 10
    /// Inputs joined along one axis; int8 inputs share the output's quantization.
    case concatenation = 11
    /// Int8 sigmoid with gemmlowp's fixed-point logistic; output zero point -128 (scale 1/256 assumed).
    case logistic = 40
    /// Int8 tanh with gemmlowp's fixed-point tanh; the output is written on scale 1/128, zero point 0.
    case tanh = 41
    /// Int8 `x · relu6(x + 3) / 6` in 16-bit fixed point.
    case hardSwish = 42
    /// Int8 leaky ReLU: one multiplier for x ≥ 0, one for alpha below.
    case leakyRelu = 43
    /// Int8 ReLU with requantization to the output scale.
    case relu = 44
    /// Int8 ReLU6: a clamp on the input's scale (TFLM does not requantize).
    case relu6 = 45
    /// Int8 inverse square root with TFLite's fixed-point Newton-Raphson.
    case rsqrt = 46
    /// Float32 negation (TFLM has no int8 NEG).
    case neg = 47

    /// The operator's name as TFLite spells it, used in messages and reports.
    public var name: StaticString {
        switch self {
        case .fullyConnected: return "FULLY_CONNECTED"
        case .conv2D: return "CONV_2D"
        case .depthwiseConv2D: return "DEPTHWISE_CONV_2D"
        case .averagePool2D: return "AVERAGE_POOL_2D"
        case .maxPool2D: return "MAX_POOL_2D"
        case .add: return "ADD"
        case .reshape: return "RESHAPE"
        case .softmax: return "SOFTMAX"
        case .quantize: return "QUANTIZE"
        case .dequantize: return "DEQUANTIZE"
        case .concatenation: return "CONCATENATION"
        case .logistic: return "LOGISTIC"
        case .tanh: return "TANH"
        case .hardSwish: return "HARD_SWISH"
        case .leakyRelu: return "LEAKY_RELU"
        case .relu: return "RELU"
        case .relu6: return "RELU6"
        case .rsqrt: return "RSQRT"
        case .neg: return "NEG"
        }
    }

    /// The work an operator of this kind does on operands of these shapes (its home's `work(of:)`).
    public func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        switch self {
        case .fullyConnected: return FullyConnected.work(of: operands)
        case .conv2D: return Conv2D.work(of: operands)
        case .depthwiseConv2D: return DepthwiseConv2D.work(of: operands)
        case .averagePool2D: return AveragePool2D.work(of: operands)
        case .maxPool2D: return MaxPool2D.work(of: operands)
        case .add: return Add.work(of: operands)
        case .reshape: return Reshape.work(of: operands)
        case .softmax: return Softmax.work(of: operands)
        case .quantize: return Quantize.work(of: operands)
        case .dequantize: return Dequantize.work(of: operands)
        case .concatenation: return Concatenation.work(of: operands)
        case .logistic: return Logistic.work(of: operands)
        case .tanh: return Tanh.work(of: operands)
        case .hardSwish: return HardSwish.work(of: operands)
        case .leakyRelu: return LeakyRelu.work(of: operands)
        case .relu: return Relu.work(of: operands)
        case .relu6: return Relu6.work(of: operands)
        case .rsqrt: return Rsqrt.work(of: operands)
        case .neg: return Neg.work(of: operands)
        }
    }
}

/// What every operator's home provides. The runtime calls these on concrete types only, through the
/// exhaustive switches in this file, so there are no existentials in the hot path.
protocol OperatorImplementation {
    /// Checks one record of this kind: tensor counts, element types and storage, shapes against the
    /// operator's semantics, and the range of every parameter word. Runs once, when a model loads.
    static func validate(_ check: OperatorValidation) throws(ModelError)
    /// Runs one validated record with the variant this build chooses (packed DSP on Armv7E-M with
    /// `EDGE_ARM_DSP`, register-blocked on other 32-bit cores, SIMD on 64-bit hosts, else reference).
    static func run(_ op: OperatorRecord, in interpreter: Interpreter)
    /// Multiply-accumulates and element-wise steps on operands of these shapes.
    static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork
}

extension OperatorValidation {
    /// Dispatches to the kind's validation.
    func validateKind(_ kind: OperatorKind) throws(ModelError) {
        switch kind {
        case .fullyConnected: try FullyConnected.validate(self)
        case .conv2D: try Conv2D.validate(self)
        case .depthwiseConv2D: try DepthwiseConv2D.validate(self)
        case .averagePool2D: try AveragePool2D.validate(self)
        case .maxPool2D: try MaxPool2D.validate(self)
        case .add: try Add.validate(self)
        case .reshape: try Reshape.validate(self)
        case .softmax: try Softmax.validate(self)
        case .quantize: try Quantize.validate(self)
        case .dequantize: try Dequantize.validate(self)
        case .concatenation: try Concatenation.validate(self)
        case .logistic: try Logistic.validate(self)
        case .tanh: try Tanh.validate(self)
        case .hardSwish: try HardSwish.validate(self)
        case .leakyRelu: try LeakyRelu.validate(self)
        case .relu: try Relu.validate(self)
        case .relu6: try Relu6.validate(self)
        case .rsqrt: try Rsqrt.validate(self)
        case .neg: try Neg.validate(self)
        }
    }
}

extension Interpreter {
    /// Runs operator `index` alone; the operators before it must have run.
    public func run(operator index: Int) {
        let op = model.operatorRecord(index)
        switch op.kind {
        case .fullyConnected: FullyConnected.run(op, in: self)
        case .conv2D: Conv2D.run(op, in: self)
        case .depthwiseConv2D: DepthwiseConv2D.run(op, in: self)
        case .averagePool2D: AveragePool2D.run(op, in: self)
        case .maxPool2D: MaxPool2D.run(op, in: self)
        case .add: Add.run(op, in: self)
        case .reshape: Reshape.run(op, in: self)
        case .softmax: Softmax.run(op, in: self)
        case .quantize: Quantize.run(op, in: self)
        case .dequantize: Dequantize.run(op, in: self)
        case .concatenation: Concatenation.run(op, in: self)
        case .logistic: Logistic.run(op, in: self)
        case .tanh: Tanh.run(op, in: self)
        case .hardSwish: HardSwish.run(op, in: self)
        case .leakyRelu: LeakyRelu.run(op, in: self)
        case .relu: Relu.run(op, in: self)
        case .relu6: Relu6.run(op, in: self)
        case .rsqrt: Rsqrt.run(op, in: self)
        case .neg: Neg.run(op, in: self)
        }
    }
}
