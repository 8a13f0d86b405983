import EdgeModel
import EdgeRuntime
import Foundation

/// `edge-distill run MODEL.edm --input IN.npy --output OUT.npy`.
enum RunCommand {
    static let usage = """
        usage: edge-distill run MODEL.edm --input IN.npy[,IN2.npy...] --output OUT.npy
          IN holds a batch [N, input shape...] of int8, or of float32 that is quantized with the
          input's scale and zero point (a float32 model input takes float32 as it is). A model with
          several inputs takes one file per input, comma separated, each with the same N.
          OUT receives [N, output shape...] in the output's element type.
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(arguments, options: ["--input", "--output"], usage: usage)
        let modelPath = try parsed.onlyPositional("model file")
        guard let inputPath = parsed.value("--input") else { throw UsageError("missing --input IN.npy") }
        guard let outputPath = parsed.value("--output") else { throw UsageError("missing --output OUT.npy") }
        let inputPaths = inputPath.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var files = FilePaths()
        files.input(modelPath, "model")
        for path in inputPaths { files.input(path, "--input") }
        files.output(outputPath, "--output")
        try files.check()
        let loaded = try LoadedModel(contentsOf: URL(fileURLWithPath: modelPath))
        let model = loaded.model
        guard model.inputCount == inputPaths.count, model.outputCount == 1 else {
            throw UsageError("the model has \(model.inputCount) inputs and \(model.outputCount) outputs; run takes one output and one --input file per input (given \(inputPaths.count))")
        }
        var rows = 0
        var samples: [[UInt8]] = []
        for (position, path) in inputPaths.enumerated() {
            let batch = try NumPyArray.load(contentsOf: URL(fileURLWithPath: path))
            let inputTensor = model.tensor(model.inputTensorIndex(position))
            let inputShape = (0..<inputTensor.rank).map(inputTensor.dimension)
            let sampleShape = inputShape.first == 1 ? Array(inputShape.dropFirst()) : inputShape
            guard batch.shape.count >= 1, Array(batch.shape.dropFirst()) == sampleShape else {
                throw UsageError("\(path) has shape \(batch.shape) but the model input '\(loaded.tensorName(model.inputTensorIndex(position)))' is \(inputShape); expected [N, \(sampleShape.map(String.init).joined(separator: ", "))]")
            }
            guard position == 0 || batch.shape[0] == rows else {
                throw UsageError("\(path) holds \(batch.shape[0]) rows, \(inputPaths[0]) holds \(rows)")
            }
            rows = batch.shape[0]
            samples.append(try inputSamples(batch, rows: rows, tensor: inputTensor, path: path))
        }
        let outputTensor = model.tensor(model.outputTensorIndex(0))

        let runner = try ModelRunner(loaded)
        var output: [UInt8] = []
        output.reserveCapacity(rows * outputTensor.byteCount)
        for row in 0..<rows {
            for (position, bytes) in samples.enumerated() {
                let size = model.tensor(model.inputTensorIndex(position)).byteCount
                bytes.withUnsafeBytes { source in
                    runner.inputBytes(position).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[(row * size)..<((row + 1) * size)]))
                }
            }
            runner.invoke()
            output += runner.outputBytes(0)
        }
        let outputShape = (0..<outputTensor.rank).map(outputTensor.dimension)
        let rowShape = outputShape.first == 1 ? Array(outputShape.dropFirst()) : outputShape
        let elementType: NumPyArray.ElementType = outputTensor.elementType == .float32 ? .float32 : (outputTensor.elementType == .int32 ? .int32 : .int8)
        let result = try NumPyArray(shape: [rows] + rowShape, elementType: elementType, bytes: output)
        try writeAtomically(Data(result.npyBytes()), to: URL(fileURLWithPath: outputPath))
        printError("ran \(rows) inputs; wrote \(outputPath) \([rows] + rowShape)")
    }

    /// The batch as the model input's raw bytes: int8 as is; float32 quantized (or kept for a float input).
    static func inputSamples(_ batch: NumPyArray, rows: Int, tensor: TensorRecord, path: String) throws -> [UInt8] {
        switch (tensor.elementType, batch.elementType) {
        case (.int8, .int8), (.float32, .float32):
            return batch.bytes
        case (.int8, .float32):
            let floats = batch.floats()
            var quantized = [Int8](repeating: 0, count: floats.count)
            floats.withUnsafeBufferPointer { source in
                quantized.withUnsafeMutableBufferPointer { destination in
                    Quantize.run(scale: tensor.scale, zeroPoint: Int32(tensor.zeroPoint), input: source.baseAddress!, output: destination.baseAddress!, count: floats.count)
                }
            }
            return quantized.map { UInt8(bitPattern: $0) }
        default:
            throw UsageError("\(path) holds \(batch.elementType) values but the model input is \(tensor.elementType); give int8 or float32")
        }
    }
}
