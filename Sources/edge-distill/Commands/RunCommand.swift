import EdgeModel
import EdgeRuntime
import Foundation

/// `edge-distill run MODEL.edm --input IN.npy|IN.csv --output OUT.npy|OUT.csv`.
enum RunCommand {
    static let usage = """
        usage: edge-distill run MODEL.edm --input IN.npy[,IN2.npy...]|IN.csv --output OUT.npy|OUT.csv
          IN holds a batch [N, input shape...] of int8, or of float32 that is quantized with the
          input's scale and zero point (a float32 model input takes float32 as it is). A model with
          several inputs takes one file per input, comma separated, each with the same N.
          IN.csv is a stream of rows, one example per line (a sensor log): the numbers of each row
          fill the input in order; a header line and a trailing label field are skipped.
          OUT.npy receives [N, output shape...] in the output's element type; OUT.csv one line per
          example: the outputs as real values (dequantized) and the class (the largest output).
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
            let inputTensor = model.tensor(model.inputTensorIndex(position))
            let inputShape = (0..<inputTensor.rank).map(inputTensor.dimension)
            let sampleShape = inputShape.first == 1 ? Array(inputShape.dropFirst()) : inputShape
            let batch = path.lowercased().hasSuffix(".csv")
                ? try csvBatch(path, sampleShape: sampleShape, inputName: loaded.tensorName(model.inputTensorIndex(position)))
                : try NumPyArray.load(contentsOf: URL(fileURLWithPath: path))
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
        if outputPath.lowercased().hasSuffix(".csv") {
            try writeAtomically(Data(csvText(output, rows: rows, tensor: outputTensor).utf8), to: URL(fileURLWithPath: outputPath))
            printError("ran \(rows) inputs; wrote \(outputPath) (\(rows) lines of \(outputTensor.elementCount) outputs and the class)")
            return
        }
        let elementType: NumPyArray.ElementType = outputTensor.elementType == .float32 ? .float32 : (outputTensor.elementType == .int32 ? .int32 : .int8)
        let result = try NumPyArray(shape: [rows] + rowShape, elementType: elementType, bytes: output)
        try writeAtomically(Data(result.npyBytes()), to: URL(fileURLWithPath: outputPath))
        printError("ran \(rows) inputs; wrote \(outputPath) \([rows] + rowShape)")
    }

    /// A CSV stream as a float32 batch `[rows] + sampleShape`; each row must fill one input.
    static func csvBatch(_ path: String, sampleShape: [Int], inputName: String) throws -> NumPyArray {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw UsageError("\(path) cannot be read as UTF-8 text")
        }
        let table: CSVRows
        do { table = try CSVRows(text: text, name: path) } catch { throw UsageError(error.description) }
        let perExample = sampleShape.reduce(1, *)
        guard table.columnCount == perExample else {
            throw UsageError("\(path) has \(table.columnCount) values per line but the model input '\(inputName)' takes \(perExample) (shape \(sampleShape))")
        }
        let bytes = table.values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
        return try NumPyArray(shape: [table.rowCount] + sampleShape, elementType: .float32, bytes: bytes)
    }

    /// One CSV line per example: the outputs as real values and the index of the largest.
    static func csvText(_ output: [UInt8], rows: Int, tensor: TensorRecord) -> String {
        let count = tensor.elementCount
        var text = (0..<count).map { "output\($0)" }.joined(separator: ",") + ",class\n"
        for row in 0..<rows {
            let values: [Float] = (0..<count).map { index in
                let offset = row * tensor.byteCount
                let word = { (0..<4).reduce(UInt32(0)) { $0 | UInt32(output[offset + 4 * index + $1]) << (8 * $1) } }
                switch tensor.elementType {
                case .float32: return Float(bitPattern: word())
                case .int32: return Float(Int32(bitPattern: word()))
                case .int8:
                    return Float(Int32(Int8(bitPattern: output[offset + index])) - Int32(tensor.zeroPoint)) * tensor.scale
                }
            }
            let best = values.indices.max { values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1) } ?? 0
            text += values.map { "\($0)" }.joined(separator: ",") + ",\(best)\n"
        }
        return text
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
