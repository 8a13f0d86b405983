import EdgeRuntime
import Foundation
import TestSupport
import Testing

@testable import EdgeModel

// MARK: - Expected contents of the MLPerf Tiny models (from shared/conformance/mlperf-tiny/MODELS.md)

/// What MODELS.md says about one model.
private struct ExpectedModel: Sendable, CustomTestStringConvertible {
    var file: String
    var operatorKinds: [OperatorKind]
    var tensorCount: Int
    var input: ExpectedEndpoint
    var output: ExpectedEndpoint
    var multiplyAccumulates: Int
    var int8WeightBytes: Int
    var int32BiasBytes: Int
    var otherConstantBytes: Int

    var testDescription: String { file }
}

/// A graph input or output as MODELS.md lists it.
private struct ExpectedEndpoint: Sendable {
    var tensor: Int
    var name: String
    var shape: [Int]
    var scale: Float
    var zeroPoint: Int32
}

private let keywordSpotting = ExpectedModel(
    file: "kws_ref_model.tflite",
    operatorKinds: [.conv2D] + Array(repeating: [.depthwiseConv2D, .conv2D], count: 4).flatMap { $0 }
        + [.averagePool2D, .reshape, .fullyConnected, .softmax],
    tensorCount: 35,
    input: ExpectedEndpoint(tensor: 0, name: "input_1", shape: [1, 49, 10, 1], scale: 0.584703, zeroPoint: 83),
    output: ExpectedEndpoint(tensor: 34, name: "Identity", shape: [1, 12], scale: 0.00390625, zeroPoint: -128),
    multiplyAccumulates: 2_656_768, int8WeightBytes: 22_016, int32BiasBytes: 2_352, otherConstantBytes: 8)

private let imageClassification = ExpectedModel(
    file: "resnet8_cifar10_int8.tflite",
    operatorKinds: [.conv2D, .conv2D, .conv2D, .add, .conv2D, .conv2D, .conv2D, .add, .conv2D, .conv2D, .conv2D, .add,
        .averagePool2D, .reshape, .fullyConnected, .softmax],
    tensorCount: 38,
    input: ExpectedEndpoint(tensor: 0, name: "input_1_int8", shape: [1, 32, 32, 3], scale: 1, zeroPoint: -128),
    output: ExpectedEndpoint(tensor: 37, name: "Identity_int8", shape: [1, 10], scale: 0.00390625, zeroPoint: -128),
    multiplyAccumulates: 12_501_632, int8WeightBytes: 77_360, int32BiasBytes: 1_384, otherConstantBytes: 8)

private let visualWakeWords = ExpectedModel(
    file: "vww_96_int8.tflite",
    operatorKinds: [.conv2D] + Array(repeating: [.depthwiseConv2D, .conv2D], count: 13).flatMap { $0 }
        + [.averagePool2D, .reshape, .fullyConnected, .softmax],
    tensorCount: 89,
    input: ExpectedEndpoint(tensor: 0, name: "input_1_int8", shape: [1, 96, 96, 3], scale: 0.00392157, zeroPoint: -128),
    output: ExpectedEndpoint(tensor: 88, name: "Identity_int8", shape: [1, 2], scale: 0.00390625, zeroPoint: -128),
    multiplyAccumulates: 7_489_664, int8WeightBytes: 208_112, int32BiasBytes: 10_952, otherConstantBytes: 8)

private let anomalyDetection = ExpectedModel(
    file: "ad01_int8.tflite",
    operatorKinds: Array(repeating: .fullyConnected, count: 10),
    tensorCount: 31,
    input: ExpectedEndpoint(tensor: 0, name: "input_1", shape: [1, 640], scale: 0.391015, zeroPoint: 89),
    output: ExpectedEndpoint(tensor: 30, name: "Identity", shape: [1, 640], scale: 0.364498, zeroPoint: 96),
    multiplyAccumulates: 264_192, int8WeightBytes: 264_192, int32BiasBytes: 6_688, otherConstantBytes: 0)

private let allModels = [keywordSpotting, imageClassification, visualWakeWords, anomalyDetection]

/// The bytes of a conformance model, or `nil` (with a printed SKIP) when ../shared is absent.
private func modelBytes(_ file: String, neededBy test: String) throws -> [UInt8]? {
    guard let folder = SharedFixtures.conformance(neededBy: test) else { return nil }
    return [UInt8](try Data(contentsOf: folder.appendingPathComponent(file)))
}

/// Whether `actual` is within a relative 1e-5 of `expected` (MODELS.md prints six significant digits).
private func isClose(_ actual: Float, _ expected: Float) -> Bool {
    abs(actual - expected) <= 1e-5 * max(abs(expected), 1e-30)
}

/// The error `body` throws, or `nil` when it returns normally.
private func importError(_ body: () throws(TFLiteImportError) -> Graph) -> TFLiteImportError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

// MARK: - Real models

@Suite("TFLite import of the MLPerf Tiny models")
struct TFLiteImportConformanceTests {
    @Test("operators, tensors, inputs and outputs match MODELS.md", arguments: allModels)
    fileprivate func structure(of expected: ExpectedModel) throws {
        guard let bytes = try modelBytes(expected.file, neededBy: "TFLite structure \(expected.file)") else { return }
        let graph = try TFLiteImporter.importGraph(from: bytes, name: expected.file)

        #expect(graph.name == expected.file)
        #expect(graph.operators.map(\.kind) == expected.operatorKinds)
        #expect(graph.tensors.count == expected.tensorCount)
        #expect(graph.inputs == [expected.input.tensor])
        #expect(graph.outputs == [expected.output.tensor])
        for endpoint in [expected.input, expected.output] {
            let tensor = graph.tensors[endpoint.tensor]
            #expect(tensor.name == endpoint.name)
            #expect(tensor.shape == endpoint.shape)
            #expect(tensor.elementType == .int8)
            #expect(!tensor.isConstant)
            let quantization = try #require(tensor.quantization)
            #expect(quantization.scales.count == 1)
            #expect(isClose(quantization.scale, endpoint.scale), "scale \(quantization.scale)")
            #expect(quantization.zeroPoint == endpoint.zeroPoint)
        }
        // Every operator refers to tensors that exist (or -1 for an omitted input).
        for description in graph.operators {
            #expect(description.inputs.allSatisfy { $0 == -1 || graph.tensors.indices.contains($0) })
            #expect(description.outputs.allSatisfy { graph.tensors.indices.contains($0) })
        }
    }

    @Test("filters are quantized per channel, fully-connected weights per tensor", arguments: allModels)
    fileprivate func filterQuantization(of expected: ExpectedModel) throws {
        guard let bytes = try modelBytes(expected.file, neededBy: "TFLite filters \(expected.file)") else { return }
        let graph = try TFLiteImporter.importGraph(from: bytes, name: expected.file)
        for (index, description) in graph.operators.enumerated() {
            guard [.conv2D, .depthwiseConv2D, .fullyConnected].contains(description.kind) else { continue }
            let filter = graph.tensors[description.inputs[1]]
            let bias = graph.tensors[description.inputs[2]]
            let output = graph.tensors[description.outputs[0]]
            let outputChannels = try #require(output.shape.last)
            let filterQuantization = try #require(filter.quantization, "operator \(index)")
            #expect(filter.elementType == .int8 && filter.isConstant)
            #expect(bias.elementType == .int32 && bias.isConstant)
            #expect(filterQuantization.zeroPoints.allSatisfy { $0 == 0 }, "filters are symmetric")
            switch description.kind {
            case .conv2D:
                #expect(filterQuantization.scales.count == outputChannels, "operator \(index)")
                #expect(filterQuantization.channelAxis == 0)
            case .depthwiseConv2D:
                #expect(filterQuantization.scales.count == outputChannels, "operator \(index)")
                #expect(filterQuantization.channelAxis == 3)
                #expect(description.options.depthMultiplier == 1)
            default:
                #expect(filterQuantization.scales.count == 1, "operator \(index)")
            }
            #expect(bias.quantization?.scales.count == filterQuantization.scales.count)
        }
    }

    @Test("multiply-accumulates and constant bytes match MODELS.md", arguments: allModels)
    fileprivate func statistics(of expected: ExpectedModel) throws {
        guard let bytes = try modelBytes(expected.file, neededBy: "TFLite statistics \(expected.file)") else { return }
        let graph = try TFLiteImporter.importGraph(from: bytes, name: expected.file)
        #expect(graph.totalMultiplyAccumulates == expected.multiplyAccumulates)

        let constants = graph.tensors.filter(\.isConstant)
        let int8Bytes = constants.filter { $0.elementType == .int8 }.reduce(0) { $0 + $1.byteCount }
        let biasBytes = constants.filter { $0.elementType == .int32 && $0.quantization != nil }
            .reduce(0) { $0 + $1.byteCount }
        let otherBytes = constants.filter { $0.elementType == .int32 && $0.quantization == nil }
            .reduce(0) { $0 + $1.byteCount }
        #expect(int8Bytes == expected.int8WeightBytes)
        #expect(biasBytes == expected.int32BiasBytes)
        #expect(otherBytes == expected.otherConstantBytes)
        #expect(graph.constantByteCount == int8Bytes + biasBytes + otherBytes)
        for tensor in constants {
            #expect(tensor.constantData?.count == tensor.byteCount, "\(tensor.name)")
        }
    }

    @Test("keyword spotting: options of every operator kind and per-operator MACs")
    func keywordSpottingOptions() throws {
        guard let bytes = try modelBytes(keywordSpotting.file, neededBy: "TFLite KWS options") else { return }
        let graph = try TFLiteImporter.importGraph(from: bytes, name: "kws")
        let first = graph.operators[0]
        #expect(first.inputs == [0, 17, 3])
        #expect(first.outputs == [22])
        #expect(first.options.padding == .same)
        #expect(first.options.strideHeight == 2 && first.options.strideWidth == 2)
        #expect(first.options.dilationHeight == 1 && first.options.dilationWidth == 1)
        #expect(first.options.fusedActivation == .relu)
        #expect(graph.multiplyAccumulates(ofOperator: 0) == 320_000)

        let depthwise = graph.operators[1]
        #expect(depthwise.inputs == [22, 5, 4])
        #expect(depthwise.options.strideHeight == 1 && depthwise.options.fusedActivation == .relu)
        #expect(graph.multiplyAccumulates(ofOperator: 1) == 72_000)
        #expect(graph.multiplyAccumulates(ofOperator: 2) == 512_000)

        let pool = graph.operators[9]
        #expect(pool.options.padding == .valid)
        #expect(pool.options.filterHeight == 25 && pool.options.filterWidth == 5)
        #expect(pool.options.strideHeight == 25 && pool.options.strideWidth == 5)
        #expect(pool.options.fusedActivation == .none)
        #expect(graph.multiplyAccumulates(ofOperator: 9) == 0)

        #expect(graph.operators[10].inputs == [31, 2])
        #expect(graph.tensors[2].constantData == [0xFF, 0xFF, 0xFF, 0xFF, 64, 0, 0, 0], "flatten/Const = [-1, 64]")
        #expect(graph.operators[11].options.fusedActivation == .none)
        #expect(graph.multiplyAccumulates(ofOperator: 11) == 768)
        #expect(graph.operators[12].options.softmaxBeta == 1)
        #expect(graph.multiplyAccumulates(ofOperator: 99) == 0)
    }

    @Test("ResNet-8: ADD carries its fused RELU, the residual convolutions none")
    func residualOptions() throws {
        guard let bytes = try modelBytes(imageClassification.file, neededBy: "TFLite ResNet options") else { return }
        let graph = try TFLiteImporter.importGraph(from: bytes, name: "resnet")
        #expect(graph.operators[2].options.fusedActivation == .none)
        #expect(graph.operators[3].inputs == [22, 24])
        #expect(graph.operators[3].options.fusedActivation == .relu)
        #expect(graph.operators[6].options.strideHeight == 2)
        #expect(graph.multiplyAccumulates(ofOperator: 6) == 131_072)
    }
}

// MARK: - Damaged and unsupported files

@Suite("TFLite import rejects damaged and unsupported files")
struct TFLiteImportRejectionTests {
    /// The keyword-spotting model, the smallest convolutional one.
    private static func keywordSpottingBytes(_ test: String) throws -> [UInt8]? {
        try modelBytes(keywordSpotting.file, neededBy: test)
    }

    @Test("files shorter than the header, empty or with the wrong identifier")
    func header() {
        for length in 0..<8 {
            let error = importError { () throws(TFLiteImportError) in
                try TFLiteImporter.importGraph(from: Array(repeating: 0, count: length), name: "short")
            }
            #expect(error?.kind == .malformedFile)
            #expect(error?.byteOffset == 0)
        }
        var bytes = SyntheticModel().serialized()
        bytes.replaceSubrange(4..<8, with: Array("TFL2".utf8))
        let error = importError { () throws(TFLiteImportError) in try TFLiteImporter.importGraph(from: bytes, name: "x") }
        #expect(error?.kind == .malformedFile)
        #expect(error?.description == "malformed TFLite file: file identifier is 'TFL2', not 'TFL3' at byte 4")
    }

    @Test("a file cut anywhere throws and never crashes")
    func truncation() throws {
        guard let bytes = try Self.keywordSpottingBytes("TFLite truncation") else { return }
        var cuts = Array(0..<64) + [bytes.count - 1, bytes.count - 4, bytes.count / 2]
        cuts += stride(from: 64, to: bytes.count, by: 211)
        for cut in cuts {
            let error = importError { () throws(TFLiteImportError) in
                try TFLiteImporter.importGraph(from: Array(bytes[0..<cut]), name: "cut")
            }
            #expect(error != nil, "cut at \(cut) was accepted")
            if let error {
                #expect(!error.description.contains("\n"))
                if error.kind == .malformedFile {
                    #expect(error.description.hasPrefix("malformed TFLite file: "))
                    #expect(error.description.hasSuffix("at byte \(error.byteOffset ?? -1)"))
                }
            }
        }
    }

    @Test("offsets and lengths pointing outside the file are reported with their byte")
    func outOfRangeOffsets() throws {
        guard let original = try Self.keywordSpottingBytes("TFLite offsets") else { return }
        let reader = FlatBufferReader(bytes: original)
        let model = try reader.table(referencedAt: 0, reading: "Model")

        // The root offset itself.
        var bytes = original
        bytes.writeUInt32(0xFFFF_FFF0, at: 0)
        var error = importError { () throws(TFLiteImportError) in try TFLiteImporter.importGraph(from: bytes, name: "x") }
        #expect(error?.kind == .malformedFile)
        #expect(error?.description.contains("Model") == true)

        // The offset to the subgraphs vector.
        let subgraphsField = try #require(try model.fieldPosition(ModelField.subgraphs, width: 4))
        bytes = original
        bytes.writeUInt32(UInt32(original.count), at: subgraphsField)
        error = importError { () throws(TFLiteImportError) in try TFLiteImporter.importGraph(from: bytes, name: "x") }
        #expect(error?.kind == .malformedFile)
        #expect(error?.description.contains("Model.subgraphs") == true)

        // A tensor vector length far beyond the file.
        let subgraph = try #require(try model.vector(ModelField.subgraphs, elementWidth: 4)).table(at: 0)
        let tensors = try #require(try subgraph.vector(SubgraphField.tensors, elementWidth: 4))
        bytes = original
        bytes.writeUInt32(0xFFFF_FFFF, at: tensors.elementsStart - 4)
        error = importError { () throws(TFLiteImportError) in try TFLiteImporter.importGraph(from: bytes, name: "x") }
        #expect(error?.kind == .malformedFile)
        #expect(error?.byteOffset == tensors.elementsStart)

        // A vtable offset sending the table's vtable before the start of the file.
        let firstTensor = try tensors.table(at: 0)
        bytes = original
        bytes.writeUInt32(UInt32(bitPattern: Int32.max), at: firstTensor.position)
        error = importError { () throws(TFLiteImportError) in try TFLiteImporter.importGraph(from: bytes, name: "x") }
        #expect(error?.kind == .malformedFile)
        #expect(error?.description.contains("vtable") == true)

        // A vtable that declares a field beyond the table's inline size.
        bytes = original
        let slot = firstTensor.vtablePosition + 4 + 2 * TensorField.type.rawValue
        bytes.writeUInt16(0xFFF0, at: slot)
        error = importError { () throws(TFLiteImportError) in try TFLiteImporter.importGraph(from: bytes, name: "x") }
        #expect(error?.kind == .malformedFile)
        #expect(error?.byteOffset == slot)

        // A tensor index out of the subgraph's range.
        let firstOperator = try #require(try subgraph.vector(SubgraphField.operators, elementWidth: 4)).table(at: 0)
        let operatorInputs = try #require(try firstOperator.vector(OperatorField.inputs, elementWidth: 4))
        bytes = original
        bytes.writeUInt32(1000, at: operatorInputs.elementsStart)
        error = importError { () throws(TFLiteImportError) in try TFLiteImporter.importGraph(from: bytes, name: "x") }
        #expect(error?.kind == .invalidModel)
        #expect(error?.description == "invalid TFLite model: operator 0 (CONV_2D) input 0 refers to tensor 1000; the subgraph has 35 tensors")
    }

    @Test("random byte corruption throws or imports, never crashes")
    func randomCorruption() throws {
        guard let original = try Self.keywordSpottingBytes("TFLite corruption") else { return }
        // Corrupt the structure (tables, vtables, offsets, shapes, names), not the weights: every
        // byte outside the buffers' data.
        let model = try FlatBufferReader(bytes: original).table(referencedAt: 0, reading: "Model")
        let buffers = try #require(try model.vector(ModelField.buffers, elementWidth: 4))
        var isData = Array(repeating: false, count: original.count)
        for index in 0..<buffers.count {
            guard let data = try buffers.table(at: index).vector(BufferField.data, elementWidth: 1) else { continue }
            for position in data.elementsStart..<data.elementsEnd { isData[position] = true }
        }
        let structure = original.indices.filter { !isData[$0] }
        #expect(structure.count > 1000 && original.count - structure.count >= 24_376, "at least the constant bytes of MODELS.md")

        var generator = SplitMix64(seed: 0x7F1_17E)
        var rejected = 0
        for round in 0..<500 {
            var bytes = original
            for _ in 0..<(1 + round % 3) {
                let position = structure[Int(generator.next() % UInt64(structure.count))]
                bytes[position] = UInt8(truncatingIfNeeded: generator.next())
            }
            if let error = importError({ () throws(TFLiteImportError) in
                try TFLiteImporter.importGraph(from: bytes, name: "corrupt")
            }) {
                rejected += 1
                #expect(!error.description.isEmpty && !error.description.contains("\n"))
            }
        }
        #expect(rejected > 100, "only \(rejected) of 500 corrupted files were rejected")
    }

    @Test("an operator patched to LSH_PROJECTION is named with its index and code")
    func unsupportedOperator() throws {
        guard let original = try Self.keywordSpottingBytes("TFLite unsupported operator") else { return }
        let graph = try TFLiteImporter.importGraph(from: original, name: "kws")
        #expect(graph.operators[12].kind == .softmax)

        // Find SOFTMAX's operator code (used only by the last operator) and turn it into LSH_PROJECTION.
        let reader = FlatBufferReader(bytes: original)
        let model = try reader.table(referencedAt: 0, reading: "Model")
        let codes = try #require(try model.vector(ModelField.operatorCodes, elementWidth: 4))
        var bytes = original
        var patched = false
        for index in 0..<codes.count {
            // Files from converters before schema 3a carry only the byte-wide deprecated code.
            let code = try codes.table(at: index)
            let resolved = max(Int32(try code.int8(OperatorCodeField.deprecatedBuiltinCode)), try code.int32(OperatorCodeField.builtinCode))
            guard resolved == 25 else { continue }
            if let deprecated = try code.fieldPosition(OperatorCodeField.deprecatedBuiltinCode, width: 1) {
                bytes[deprecated] = 15
                patched = true
            }
            if let builtin = try code.fieldPosition(OperatorCodeField.builtinCode, width: 4) {
                bytes.writeUInt32(15, at: builtin)
                patched = true
            }
        }
        #expect(patched)
        let error = importError { () throws(TFLiteImportError) in try TFLiteImporter.importGraph(from: bytes, name: "x") }
        #expect(error?.kind == .unsupportedOperator)
        #expect(
            error?.description == "operator 12 (LSH_PROJECTION, code 15) is not supported; supported: "
                + TFLiteBuiltinOperator.supportedNames)
    }

    @Test("unsupported element type and fused activation name the tensor or operator")
    func unsupportedTensorAndActivation() throws {
        guard let original = try Self.keywordSpottingBytes("TFLite unsupported tensor") else { return }
        let reader = FlatBufferReader(bytes: original)
        let model = try reader.table(referencedAt: 0, reading: "Model")
        let subgraph = try #require(try model.vector(ModelField.subgraphs, elementWidth: 4)).table(at: 0)

        let input = try #require(try subgraph.vector(SubgraphField.tensors, elementWidth: 4)).table(at: 0)
        var bytes = original
        bytes[try #require(try input.fieldPosition(TensorField.type, width: 1))] = 3  // UINT8
        var error = importError { () throws(TFLiteImportError) in try TFLiteImporter.importGraph(from: bytes, name: "x") }
        #expect(error?.kind == .unsupportedTensor)
        #expect(error?.description == "tensor 0 'input_1' has element type UINT8; supported: FLOAT32, INT32, INT8")

        let convolution = try #require(try subgraph.vector(SubgraphField.operators, elementWidth: 4)).table(at: 0)
        let options = try #require(try convolution.table(OperatorField.builtinOptions))
        bytes = original
        bytes[try #require(try options.fieldPosition(Conv2DOptionsField.fusedActivationFunction, width: 1))] = 4
        error = importError { () throws(TFLiteImportError) in try TFLiteImporter.importGraph(from: bytes, name: "x") }
        #expect(error?.kind == .unsupportedOption)
        #expect(
            error?.description
                == "operator 0 (CONV_2D) has fused activation TANH; supported: NONE, RELU, RELU_N1_TO_1, RELU6")
    }
}

// MARK: - Synthetic models (schema defaults, large-model buffers, edge cases)

@Suite("TFLite import of hand-built flatbuffers")
struct TFLiteImportSyntheticTests {
    @Test("absent option fields take the schema defaults")
    func schemaDefaults() throws {
        let graph = try TFLiteImporter.importGraph(from: SyntheticModel().serialized(), name: "tiny")
        #expect(graph.tensors.count == 4)
        #expect(graph.inputs == [0] && graph.outputs == [3])
        let convolution = try #require(graph.operators.first)
        #expect(convolution.kind == .conv2D)
        #expect(convolution.inputs == [0, 1, 2] && convolution.outputs == [3])
        #expect(convolution.options == OperatorOptions(padding: .same, strideHeight: 1, strideWidth: 1))
        let filter = graph.tensors[1]
        #expect(filter.constantData == SyntheticModel.filterData)
        #expect(filter.quantization == QuantizationParameters(scales: [0.5, 0.25, 0.125], zeroPoints: [0, 0, 0]))
        #expect(graph.tensors[0].quantization == QuantizationParameters(scale: 0.5, zeroPoint: -3))
        #expect(graph.tensors[0].name == "input" && !graph.tensors[0].isConstant)
        #expect(graph.tensors[2].constantData == nil, "buffer 0 is the empty sentinel")
        #expect(graph.totalMultiplyAccumulates == 4 * 4 * 3 * 2)
    }

    @Test("buffers stored past the flatbuffer (offset and size) are read; out-of-file ones are rejected")
    func largeModelBuffers() throws {
        var model = SyntheticModel()
        model.filterStoredOutside = true
        let bytes = model.serialized()
        let graph = try TFLiteImporter.importGraph(from: bytes, name: "outside")
        #expect(graph.tensors[1].constantData == SyntheticModel.filterData)

        let truncated = Array(bytes.dropLast())
        let error = importError { () throws(TFLiteImportError) in try TFLiteImporter.importGraph(from: truncated, name: "x") }
        #expect(error?.kind == .malformedFile)
        #expect(error?.description.contains("buffer 1 data") == true)
    }

    @Test("a buffer whose size differs from the tensor's shape is rejected")
    func bufferSizeMismatch() {
        var model = SyntheticModel()
        model.filterData = [1, 2, 3]
        let error = importError { () throws(TFLiteImportError) in
            try TFLiteImporter.importGraph(from: model.serialized(), name: "x")
        }
        #expect(error?.kind == .invalidModel)
        #expect(
            error?.description
                == "invalid TFLite model: tensor 1 'filter' has shape [3, 1, 1, 2] of INT8 (6 bytes) but buffer 1 holds 3 bytes")
    }

    @Test("custom and unknown operator codes, old files with only the deprecated code")
    func operatorCodes() {
        var model = SyntheticModel()
        model.operatorCode = .table([0: .int8(32), 1: .string("MyOp"), 3: .int32(32)])
        var error = importError { () throws(TFLiteImportError) in try TFLiteImporter.importGraph(from: model.serialized(), name: "x") }
        #expect(error?.description.hasPrefix("operator 0 (CUSTOM 'MyOp', code 32) is not supported; supported: ADD") == true)

        model.operatorCode = .table([0: .int8(127), 3: .int32(999)])
        error = importError { () throws(TFLiteImportError) in try TFLiteImporter.importGraph(from: model.serialized(), name: "x") }
        #expect(error?.description.hasPrefix("operator 0 (code 999) is not supported") == true)

        model.operatorCode = .table([0: .int8(3)])
        #expect(importError { () throws(TFLiteImportError) in try TFLiteImporter.importGraph(from: model.serialized(), name: "x") } == nil)
    }

    @Test("tables sharing one large vector cannot blow the import up; hostile names stay on one line")
    func sharedDataAmplification() {
        var model = SyntheticModel()
        model.inputName = String(repeating: "n", count: 100_000)
        model.inputRepetitions = 5_000
        var error = importError { () throws(TFLiteImportError) in
            try TFLiteImporter.importGraph(from: model.serialized(), name: "x")
        }
        #expect(error?.kind == .invalidModel)
        #expect(error?.description.contains("eight times the file") == true)

        model = SyntheticModel()
        model.inputName = "in\nput"
        model.inputType = 4
        error = importError { () throws(TFLiteImportError) in try TFLiteImporter.importGraph(from: model.serialized(), name: "x") }
        #expect(error?.description == "tensor 0 'in?put' has element type INT64; supported: FLOAT32, INT32, INT8")
    }

    @Test("zero strides, wrong options type, unsupported dtypes and schema versions are rejected")
    func invalidSettings() {
        func errorFor(_ change: (inout SyntheticModel) -> Void) -> TFLiteImportError? {
            var model = SyntheticModel()
            change(&model)
            return importError { () throws(TFLiteImportError) in try TFLiteImporter.importGraph(from: model.serialized(), name: "x") }
        }
        #expect(
            errorFor { $0.convolutionOptions = .table([:]) }?.description
                == "invalid TFLite model: operator 0 (CONV_2D) has stride_h 0; it must be at least 1")
        #expect(errorFor { $0.optionsType = 9 }?.kind == .invalidModel)
        #expect(errorFor { $0.inputType = 7 }?.description.contains("element type INT16") == true)
        #expect(errorFor { $0.schemaVersion = 2 }?.kind == .unsupportedModel)
        #expect(errorFor { $0.filterAxis = 2 }?.kind == .invalidModel)
        #expect(errorFor { $0.subgraphCount = 0 }?.description == "invalid TFLite model: the model has no subgraph")
        #expect(errorFor { $0.subgraphCount = 2 } == nil, "subgraphs after the first are ignored")
    }
}

// MARK: - Test helpers

extension [UInt8] {
    /// Overwrites four bytes at `position` with `value`, little-endian.
    fileprivate mutating func writeUInt32(_ value: UInt32, at position: Int) {
        for index in 0..<4 { self[position + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))) }
    }

    /// Overwrites two bytes at `position` with `value`, little-endian.
    fileprivate mutating func writeUInt16(_ value: UInt16, at position: Int) {
        self[position] = UInt8(truncatingIfNeeded: value)
        self[position + 1] = UInt8(truncatingIfNeeded: value >> 8)
    }
}

/// A deterministic pseudo-random generator for the corruption test.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// A one-CONV_2D TFLite model built field by field, to test schema defaults and edge cases that the
/// converter-written models do not contain.
private struct SyntheticModel {
    static let filterData: [UInt8] = [1, 2, 3, 4, 5, 6]

    var schemaVersion: UInt32 = 3
    var subgraphCount = 1
    var operatorCode: FlatBufferNode = .table([0: .int8(3), 2: .int32(1), 3: .int32(3)])
    var optionsType: UInt8 = 1
    /// Strides only: padding, activation and dilation are left to their defaults.
    var convolutionOptions: FlatBufferNode = .table([1: .int32(1), 2: .int32(1)])
    var inputType: Int8 = 9
    var filterData = SyntheticModel.filterData
    var filterAxis: Int32 = 0
    var filterStoredOutside = false
    var inputName = "input"
    /// How many times the subgraph's tensor list repeats tensor 0 (sharing one table) before the others.
    var inputRepetitions = 1

    func serialized() -> [UInt8] {
        if !filterStoredOutside { return build(filterOffset: 0).serialized() }
        let length = build(filterOffset: 0).serialized().count
        return build(filterOffset: UInt64(length)).serialized() + filterData
    }

    private func build(filterOffset: UInt64) -> FlatBufferNode {
        func tensor(_ name: String, _ shape: [Int32], type: Int8, buffer: UInt32, quantization: FlatBufferNode?) -> FlatBufferNode {
            var fields: [Int: FlatBufferNode] = [
                0: .int32Vector(shape), 1: .int8(type), 2: .uint32(buffer), 3: .string(name),
            ]
            fields[4] = quantization
            return .table(fields)
        }
        let tensors: [FlatBufferNode] = [
            tensor(inputName, [1, 4, 4, 2], type: inputType, buffer: 0,
                quantization: .table([2: .floatVector([0.5]), 3: .int64Vector([-3])])),
            tensor("filter", [3, 1, 1, 2], type: 9, buffer: 1,
                quantization: .table([2: .floatVector([0.5, 0.25, 0.125]), 3: .int64Vector([0, 0, 0]), 6: .int32(filterAxis)])),
            tensor("bias", [3], type: 2, buffer: 0, quantization: nil),
            tensor("output", [1, 4, 4, 3], type: 9, buffer: 2,
                quantization: .table([2: .floatVector([0.25]), 3: .int64Vector([1])])),
        ]
        let convolution: FlatBufferNode = .table([
            0: .uint32(0), 1: .int32Vector([0, 1, 2]), 2: .int32Vector([3]), 3: .uint8(optionsType), 4: convolutionOptions,
        ])
        let subgraph: FlatBufferNode = .table([
            0: inputRepetitions == 1 ? .tableVector(tensors) : .sharedTableVector(tensors[0], count: inputRepetitions),
            1: .int32Vector([0]), 2: .int32Vector([3]), 3: .tableVector([convolution]),
        ])
        let filterBuffer: FlatBufferNode =
            filterStoredOutside ? .table([1: .uint64(filterOffset), 2: .uint64(UInt64(filterData.count))])
            : .table([0: .bytes(filterData)])
        return .table([
            0: .uint32(schemaVersion),
            1: .tableVector([operatorCode]),
            2: .tableVector(Array(repeating: subgraph, count: subgraphCount)),
            4: .tableVector([.table([:]), filterBuffer, .table([:])]),
        ])
    }
}

/// A FlatBuffer value for `FlatBufferNode.serialized()`: scalars are stored inline in their table;
/// tables, vectors and strings are stored after it and referenced by a forward 32-bit offset.
private indirect enum FlatBufferNode {
    case uint8(UInt8), int8(Int8), int32(Int32), uint32(UInt32), uint64(UInt64)
    case table([Int: FlatBufferNode])
    case tableVector([FlatBufferNode])
    /// A vector of `count` offsets that all point at one table.
    case sharedTableVector(FlatBufferNode, count: Int)
    case int32Vector([Int32]), int64Vector([Int64]), floatVector([Float]), bytes([UInt8]), string(String)

    /// The file: root offset, `TFL3`, then this node as the root table.
    func serialized() -> [UInt8] {
        var output: [UInt8] = [0, 0, 0, 0] + Array("TFL3".utf8)
        let root = write(into: &output)
        output.writeUInt32(UInt32(root), at: 0)
        return output
    }

    /// The inline bytes of a scalar, or `nil` for a node stored by offset.
    private var scalarBytes: [UInt8]? {
        switch self {
        case .uint8(let value): return [value]
        case .int8(let value): return [UInt8(bitPattern: value)]
        case .int32(let value): return littleEndian(UInt64(UInt32(bitPattern: value)), width: 4)
        case .uint32(let value): return littleEndian(UInt64(value), width: 4)
        case .uint64(let value): return littleEndian(value, width: 8)
        default: return nil
        }
    }

    /// Appends the node (and, after it, everything it references); returns where it starts.
    private func write(into output: inout [UInt8]) -> Int {
        switch self {
        case .table(let fields):
            let identifiers = fields.keys.sorted()
            let slotCount = (identifiers.last ?? -1) + 1
            // Inline layout: the vtable offset, then each field (4 bytes for offsets).
            var fieldOffsets = Array(repeating: 0, count: slotCount)
            var inlineSize = 4
            for identifier in identifiers {
                fieldOffsets[identifier] = inlineSize
                inlineSize += fields[identifier]?.scalarBytes?.count ?? 4
            }
            let vtable = output.count
            output += littleEndian(UInt64(4 + 2 * slotCount), width: 2) + littleEndian(UInt64(inlineSize), width: 2)
            for offset in fieldOffsets { output += littleEndian(UInt64(offset), width: 2) }
            let table = output.count
            output += littleEndian(UInt64(UInt32(table - vtable)), width: 4)
            var references: [(position: Int, node: FlatBufferNode)] = []
            for identifier in identifiers {
                guard let node = fields[identifier] else { continue }
                if let scalar = node.scalarBytes {
                    output += scalar
                } else {
                    references.append((output.count, node))
                    output += [0, 0, 0, 0]
                }
            }
            for reference in references {
                let target = reference.node.write(into: &output)
                output.writeUInt32(UInt32(target - reference.position), at: reference.position)
            }
            return table
        case .tableVector(let elements):
            let start = output.count
            output += littleEndian(UInt64(elements.count), width: 4)
            let slots = output.count
            output += Array(repeating: 0, count: 4 * elements.count)
            for (index, element) in elements.enumerated() {
                let target = element.write(into: &output)
                output.writeUInt32(UInt32(target - (slots + 4 * index)), at: slots + 4 * index)
            }
            return start
        case .sharedTableVector(let element, let count):
            let start = output.count
            output += littleEndian(UInt64(count), width: 4)
            let slots = output.count
            output += Array(repeating: 0, count: 4 * count)
            let target = element.write(into: &output)
            for index in 0..<count {
                output.writeUInt32(UInt32(target - (slots + 4 * index)), at: slots + 4 * index)
            }
            return start
        case .int32Vector(let values):
            return appendVector(values.map { littleEndian(UInt64(UInt32(bitPattern: $0)), width: 4) }, into: &output)
        case .int64Vector(let values):
            return appendVector(values.map { littleEndian(UInt64(bitPattern: $0), width: 8) }, into: &output)
        case .floatVector(let values):
            return appendVector(values.map { littleEndian(UInt64($0.bitPattern), width: 4) }, into: &output)
        case .bytes(let values):
            return appendVector(values.map { [$0] }, into: &output)
        case .string(let text):
            return appendVector(text.utf8.map { [$0] }, into: &output)
        case .uint8, .int8, .int32, .uint32, .uint64:
            // A scalar is never referenced by offset; store it as a one-element vector to stay total.
            return appendVector([scalarBytes ?? []], into: &output)
        }
    }

    private func appendVector(_ elements: [[UInt8]], into output: inout [UInt8]) -> Int {
        let start = output.count
        output += littleEndian(UInt64(elements.count), width: 4)
        for element in elements { output += element }
        return start
    }

    private func littleEndian(_ value: UInt64, width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }
}
