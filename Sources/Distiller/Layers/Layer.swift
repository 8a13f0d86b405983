/// A trainable tensor and the gradient accumulated for it by ``Layer/backward(_:)``.
public final class Parameter {
    /// A name for checkpoints and messages, such as `dense0.weight`.
    public var name: String
    /// The current value.
    public var value: Tensor
    /// The accumulated gradient of the loss with respect to `value` (same shape).
    public var gradient: Tensor
    /// Whether weight decay applies (weights yes; biases and normalisation parameters no).
    public var isDecayed: Bool

    /// Creates a parameter with a zero gradient.
    public init(name: String, value: Tensor, isDecayed: Bool = true) {
        self.name = name
        self.value = value
        self.gradient = Tensor(shape: value.shape)
        self.isDecayed = isDecayed
    }

    /// Sets the gradient to zero.
    public func zeroGradient() {
        gradient.scalars.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
}

/// One step of a network. Layers are classes because they remember what `backward` needs from
/// the last `forward` call (inputs, masks); call `forward` then `backward` on the same batch.
public protocol Layer: AnyObject {
    /// A short description of the layer and its sizes, such as `dense 784→1200`.
    var description: String { get }
    /// The trainable tensors, in a fixed order (checkpoints rely on it).
    var parameters: [Parameter] { get }
    /// Tensors that are not trained but belong to the model's state, such as running statistics.
    var buffers: [Parameter] { get }
    /// Computes the output and remembers what the backward pass needs.
    /// `training` turns on dropout and batch statistics.
    func forward(_ input: Tensor, training: Bool) -> Tensor
    /// Given the gradient of the loss with respect to the last output, adds the parameter gradients
    /// to ``Parameter/gradient`` and returns the gradient with respect to the last input.
    func backward(_ outputGradient: Tensor) -> Tensor
    /// The output shape for an input shape (batch first), or `nil` when the input does not fit.
    func outputShape(for inputShape: [Int]) -> [Int]?
    /// Seeds the layer's random numbers (dropout) for one stream, such as one epoch of a run.
    func reseed(seed: UInt64, stream: UInt64)
    /// Like ``backward(_:)`` when the caller does not need the input gradient (the first trainable
    /// layer of a network): parameter gradients are still accumulated; the return value may be empty.
    func backwardWithoutInputGradient(_ outputGradient: Tensor) -> Tensor
}

extension Layer {
    /// No trainable tensors.
    public var parameters: [Parameter] { [] }
    /// No state buffers.
    public var buffers: [Parameter] { [] }
    /// Layers without randomness ignore seeds.
    public func reseed(seed: UInt64, stream: UInt64) {}
    /// Calls ``backward(_:)``; layers that can skip the input gradient override this.
    public func backwardWithoutInputGradient(_ outputGradient: Tensor) -> Tensor { backward(outputGradient) }
    /// Element-wise layers keep the shape.
    public func outputShape(for inputShape: [Int]) -> [Int]? { inputShape }
}

/// Layers run one after another; the usual way to build a network.
public final class Sequential {
    /// The layers, first to last.
    public var layers: [any Layer]

    /// Creates a network from its layers.
    public init(_ layers: [any Layer]) {
        self.layers = layers
    }

    /// All trainable parameters, layer by layer.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// All state buffers (such as batch-norm running statistics), layer by layer.
    public var buffers: [Parameter] { layers.flatMap(\.buffers) }

    /// Number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// Runs every layer.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        var activation = input
        for layer in layers { activation = layer.forward(activation, training: training) }
        return activation
    }

    /// Back-propagates through every layer, last first, and returns the input gradient.
    ///
    /// With `needsInputGradient: false` (training), layers before the first trainable layer are
    /// skipped and that layer does not compute its input gradient; the result is then empty.
    @discardableResult
    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool = true) -> Tensor {
        var gradient = outputGradient
        let firstTrainable = needsInputGradient ? 0 : (layers.firstIndex { !$0.parameters.isEmpty } ?? 0)
        for index in layers.indices.reversed() where index >= firstTrainable {
            gradient = index == firstTrainable && !needsInputGradient
                ? layers[index].backwardWithoutInputGradient(gradient)
                : layers[index].backward(gradient)
        }
        return needsInputGradient ? gradient : Tensor(shape: [0])
    }

    /// Zeroes every parameter gradient.
    public func zeroGradients() {
        for parameter in parameters { parameter.zeroGradient() }
    }

    /// Seeds every random layer for one stream (for example one epoch).
    public func reseed(seed: UInt64, stream: UInt64) {
        for (index, layer) in layers.enumerated() {
            layer.reseed(seed: seed &+ UInt64(index) &* 0x9E37_79B9, stream: stream)
        }
    }

    /// The output shape for an input shape, or `nil` with the index of the first layer that rejects it.
    public func outputShape(for inputShape: [Int]) -> (shape: [Int]?, failingLayer: Int?) {
        var shape = inputShape
        for (index, layer) in layers.enumerated() {
            guard let next = layer.outputShape(for: shape) else { return (nil, index) }
            shape = next
        }
        return (shape, nil)
    }

    /// Runs the network in inference mode in batches and returns the outputs stacked.
    public func predict(_ inputs: Tensor, batchSize: Int = 256) -> Tensor {
        var outputs: [Float] = []
        var outputShape: [Int] = []
        var start = 0
        while start < inputs.batchSize {
            let end = min(start + batchSize, inputs.batchSize)
            let output = forward(inputs.items(start..<end), training: false)
            outputs.append(contentsOf: output.scalars)
            outputShape = output.shape
            start = end
        }
        outputShape[0] = inputs.batchSize
        return Tensor(shape: outputShape, scalars: outputs)
    }
}
