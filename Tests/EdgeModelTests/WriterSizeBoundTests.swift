import EdgeRuntime
import Testing
@testable import EdgeModel

/// Sizes the `.edm` cannot describe (every size, offset and stride is a 32-bit word) are refused by
/// the writer with one line; before, narrowing them trapped (`edge-distill import` crashed). Found
/// while fuzzing the TFLite importer: the same class as the pooling padding and reduction strides in
/// `FuzzRegressionTests`.
@Suite("Writer: sizes beyond 32-bit words")
struct WriterSizeBoundTests {
    static func int32Bytes(_ values: [Int32]) -> [UInt8] {
        values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: UInt32(bitPattern: value) >> (8 * $0)) } }
    }

    /// A RELU whose int8 tensors hold `shape`.
    static func relu(shape: [Int]) -> Graph {
        let q = QuantizationParameters(scale: 0.1, zeroPoint: 0)
        return Graph(
            name: "big", tensors: [
                TensorDescription(name: "x", shape: shape, elementType: .int8, quantization: q),
                TensorDescription(name: "y", shape: shape, elementType: .int8, quantization: q),
            ], operators: [OperatorDescription(kind: .relu, inputs: [0], outputs: [1])], inputs: [0], outputs: [1])
    }

    @Test func tensorBeyondInt32BytesIsRefused() {
        let error = #expect(throws: ModelWriterError.self) { try ModelWriter().write(Self.relu(shape: [65_536, 65_536])) }
        #expect(error?.description.contains("needs more than 2147483647 bytes") == true)
        // A shape whose element count overflows Int itself.
        let overflow = #expect(throws: ModelWriterError.self) { try ModelWriter().write(Self.relu(shape: [Int(Int32.max), Int(Int32.max), Int(Int32.max)])) }
        #expect(overflow?.description.contains("tensor 0") == true)
    }

    /// Per-channel quantization along an axis the tensor has, one scale per channel (the channel
    /// axis is a word of the tensor record; a negative one trapped narrowing it).
    @Test func perChannelAxisIsChecked() {
        var graph = Self.relu(shape: [2, 3])
        graph.tensors[0].quantization = QuantizationParameters(scales: [0.1, 0.2], zeroPoints: [0, 0], channelAxis: -1)
        let negative = #expect(throws: ModelWriterError.self) { try ModelWriter().write(graph) }
        #expect(negative?.description.contains("along axis -1 of shape [2, 3]") == true)
        graph.tensors[0].quantization = QuantizationParameters(scales: [0.1, 0.2], zeroPoints: [0, 0], channelAxis: 1)
        let wrongCount = #expect(throws: ModelWriterError.self) { try ModelWriter().write(graph) }
        #expect(wrongCount?.description.contains("2 per-channel scales along axis 1") == true)
    }

    /// RESIZE_NEAREST_NEIGHBOR over an input of 2³¹ − 1 rows: the Float position of the last output
    /// row (align corners) rounded to 2³¹, which trapped narrowing; the arena check now refuses it.
    @Test func resizeNearestNeighborOfAHugeInput() {
        let q = QuantizationParameters(scale: 0.1, zeroPoint: 0)
        let graph = Graph(
            name: "resize", tensors: [
                TensorDescription(name: "x", shape: [1, Int(Int32.max), 1, 1], elementType: .int8, quantization: q),
                TensorDescription(name: "size", shape: [2], elementType: .int32, constantData: Self.int32Bytes([3, 1])),
                TensorDescription(name: "y", shape: [1, 3, 1, 1], elementType: .int8, quantization: q),
            ], operators: [OperatorDescription(kind: .resizeNearestNeighbor, inputs: [0, 1], outputs: [2], options: .init(alignCorners: true))],
            inputs: [0], outputs: [2])
        let error = #expect(throws: ModelWriterError.self) { try ModelWriter().write(graph) }
        #expect(error?.description.contains("arena needs") == true, "\(String(describing: error))")
    }

    /// fuzz-tflite (session 10, a 13 s timeout): an 888-byte file resized float32 tensors to a width
    /// of 16,515,071, and the writer built 50 M table words (200 MB) and their checksum before the
    /// runtime refused the element type. The writer now checks the element type first and refuses
    /// outputs past 65,536 rows or columns.
    @Test func resizeTablesAreBounded() {
        for elementType in [ElementType.float32, .int8] {
            let q = QuantizationParameters(scale: 0.05, zeroPoint: 127)
            let graph = Graph(
                name: "resize", tensors: [
                    TensorDescription(name: "x", shape: [1, 4, 1, 3], elementType: elementType, quantization: q),
                    TensorDescription(name: "size", shape: [2], elementType: .int32, constantData: Self.int32Bytes([7, 16_515_071])),
                    TensorDescription(name: "y", shape: [1, 7, 16_515_071, 3], elementType: elementType, quantization: q),
                ], operators: [OperatorDescription(kind: .resizeBilinear, inputs: [0, 1], outputs: [2])],
                inputs: [0], outputs: [2])
            let error = #expect(throws: ModelWriterError.self) { try ModelWriter().write(graph) }
            let expected = elementType == .int8 ? "the writer's limit" : "must be int8"
            #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
        }
    }

    @Test func arenaBeyondInt32IsRefused() {
        // Two live tensors of 1.5 GB each: every tensor fits a word, the arena does not.
        let error = #expect(throws: ModelWriterError.self) { try ModelWriter().write(Self.relu(shape: [3, 512, 1024, 1024])) }
        #expect(error?.description.contains("arena needs") == true, "\(String(describing: error))")
    }

    /// STRIDED_SLICE with a step far past its axis: TFLM takes one element, and the step times the
    /// axis's stride overflowed a word. An axis walked once now has stride 0.
    @Test(arguments: [Int32(1) << 30, Int32.max])
    func stridedSliceStepPastTheAxisIsOneElement(step: Int32) throws {
        let q = QuantizationParameters(scale: 0.1, zeroPoint: 0)
        let graph = Graph(
            name: "slice", tensors: [
                TensorDescription(name: "x", shape: [4, 3], elementType: .int8, quantization: q),
                TensorDescription(name: "begin", shape: [2], elementType: .int32, constantData: Self.int32Bytes([1, 0])),
                TensorDescription(name: "end", shape: [2], elementType: .int32, constantData: Self.int32Bytes([4, 3])),
                TensorDescription(name: "strides", shape: [2], elementType: .int32, constantData: Self.int32Bytes([step, 1])),
                TensorDescription(name: "y", shape: [1, 3], elementType: .int8, quantization: q),
            ], operators: [OperatorDescription(kind: .stridedSlice, inputs: [0, 1, 2, 3], outputs: [4])], inputs: [0], outputs: [4])
        let file = try LoadedModel(bytes: try ModelWriter().write(graph))
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: file.model.arenaBytes, alignment: 16)
        defer { arena.deallocate() }
        let interpreter = try Interpreter(model: file.model, arena: arena)
        withExtendedLifetime(file) {
            interpreter.inputBytes(0).copyBytes(from: (0..<12).map { UInt8($0) })
            interpreter.invoke()
            #expect(Array(interpreter.outputBytes(0)) == [3, 4, 5])
        }
    }
}
