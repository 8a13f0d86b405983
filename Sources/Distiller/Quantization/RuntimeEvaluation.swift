import EdgeModel
import EdgeRuntime

/// Runs a quantized `.edm` model with the int8 runtime over a dataset, one example at a time, the
/// way a device would: each example is quantized with the input tensor's scale and zero point, the
/// interpreter runs, and the output is dequantized. Accuracy measured this way is the int8 model's
/// own, not a float simulation of it.
public struct RuntimeEvaluation {
    /// The model being run.
    public let model: LoadedModel

    /// Wraps a loaded model.
    public init(model: LoadedModel) {
        self.model = model
    }

    /// The dequantized outputs for every example of `inputs` (batch first), `[count, outputs]`.
    public func outputs(for inputs: Tensor) throws(QuantizationError) -> Tensor {
        let model = model.model
        guard model.inputCount == 1, model.outputCount == 1 else {
            throw .unsupportedModelBoundary("the model has \(model.inputCount) inputs and \(model.outputCount) outputs; evaluation needs one of each")
        }
        let input = model.tensor(model.inputTensorIndex(0))
        let output = model.tensor(model.outputTensorIndex(0))
        guard input.elementCount == inputs.itemSize else {
            throw .modelInputMismatch(modelElements: input.elementCount, exampleElements: inputs.itemSize)
        }
        guard [.int8, .float32].contains(input.elementType), [.int8, .float32].contains(output.elementType) else {
            throw .unsupportedModelBoundary("the model's input and output must be int8 or float32")
        }
        let inputQuantization = AffineQuantization(scale: input.scale, zeroPoint: Int32(input.zeroPoint))
        let outputQuantization = AffineQuantization(scale: output.scale, zeroPoint: Int32(output.zeroPoint))
        let runner: ModelRunner
        do { runner = try ModelRunner(self.model) } catch {
            throw .unsupportedModelBoundary("the runtime rejected the model: \(error)")
        }
        let size = inputs.itemSize, outputCount = output.elementCount
        var results = [Float](repeating: 0, count: inputs.batchSize * outputCount)
        inputs.scalars.withUnsafeBufferPointer { scalars in
            for item in 0..<inputs.batchSize {
                let destination = runner.inputBytes(0)
                let example = scalars[(item * size)..<((item + 1) * size)]
                if input.elementType == .int8 {
                    for (offset, value) in example.enumerated() {
                        destination[offset] = UInt8(bitPattern: inputQuantization.quantize(value))
                    }
                } else {
                    for (offset, value) in example.enumerated() {
                        destination.storeBytes(of: value, toByteOffset: offset * 4, as: Float.self)
                    }
                }
                runner.invoke()
                let source = runner.outputBytes(0)
                for index in 0..<outputCount {
                    results[item * outputCount + index] = output.elementType == .int8
                        ? outputQuantization.dequantize(Int8(bitPattern: source[index]))
                        : source.loadUnaligned(fromByteOffset: index * 4, as: Float.self)
                }
            }
        }
        return Tensor(shape: [inputs.batchSize, outputCount], scalars: results)
    }
}
