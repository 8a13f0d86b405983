import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

/// Model files that made the runtime's validator trap under `fuzz-edm` (docs/RELIABILITY.md); each
/// must now be refused with a `ModelError`.
@Suite struct ValidationFuzzRegressionTests {
    /// fuzz-edm (session 12, after about 3.9 million executions): a BATCH_MATMUL whose five dimension
    /// words were each within 1…65,536 but whose product overflowed `Int` trapped in validation
    /// ("arithmetic overflow" in `BatchMatMul.validate`). The output count and each operand's reach
    /// are now computed with overflow checks (a stride times a dimension also overflows the 32-bit
    /// `Int` of a microcontroller). (The crashing 898-byte input, with the file size and checksum the
    /// harness rewrites.)
    @Test func batchMatMulDimensionsWhoseProductOverflows() throws {
        var fixture = try ModelFileFixture()
        fixture.bytes = try #require(Data(base64Encoded: "RURHTQEAAAAAAAAAQAAAADECAABO5lyuUAAAAAgAAAADAAAAAQAAAAIAAAABAAAABQAAAAAAAAAAAAAAAAAAAAEAAADAAAAAwAAAAAAAAAACAAAAgAEAACAAAAAAAAAAAwAAAKABAAAMAAAAAAAAAAQAAACwAQAAXAAAAAAAAAAFAAAAEAIAAAAAAAAAAAAABgAAABACAAAMAAAAAAAuAAcAAAAgAgAAAAAAAAAAAAAIAAAAIAIAABEAAAAAAAAAAQUAAAEAAAABAAAAAQAAAAEAAAAIAAAAAAAAADUAAAAIAAAAJBdcOQAAAAAAAAAAAAAAAAAAAAAFAAAAAgAAAAEFAAABAAAAAQAAAAMAAAACAAAACAAAAAAAAAAAAAAAMAAAAAlB/8SBAAAJAAAAAAAAAAAAAAAABwAAAAIAAAABBQAAAQAAAAEAAAADAAAAAQAAAAIAAAAAAAAAQAAAAAYAAABmnlk6/v///wAAAAAAAAAAAAAAAAkAAAAIAAAAGQAAAAAAAAACAAEAAAAAABcAAAAAAAAAAAAAAAAAAAAAAAAAAQAAAAIAAAAAAAAAAAAAAIH////+////xKYaQfb///+A////fwAAAAEAAAAAAAEAAAABAAAAAQAAAAEAAAAIAAAAAAAAADUAAAAIAAAAJBdcOQAAAAAAAAAAAAAAAAAAAAAFAAAAAgAAAAEFAAABAAAAAQAAAAMAAAACAAAACAAAAAAAAAAAAAAAMAAAAAlB/8SBAAAJAAAAAAAAAAAAAAAABwAAAAIAAAABBQAAAQAAAAEAAAADAAAAAQAAAAIAAAAAAAAAQAAAAAYAAABmnlk6/v///wAAAAAAAAAAAAAAAAkAAAAIAAAAGQAAAAAAAAACAAEAAAAAABcAAAAAAAAAAAAAAAAAAAAAAAAAAQAAAAIAAAAAAAAAAAAAAIH////+////xKYaQfb///+A////fwAAAAEAAAABAAAAAwAAAAEAAAACAAAACAAAAAAAAAAAAAAAAAAAAAgAAAABAAAA/////////////////////////wEAAAADAAAAAQAAAAIAAAAIAAAAAAAAAAAAAAAAAAAACAAAAAEAAAD///////////////////////////////////////////////8BAAAAAgAAAAAAAABtb2RlbHgweDFJZGVudGl0eQ==").map { [UInt8]($0) })
        fixture.setWord(UInt32(fixture.bytes.count), at: ModelFormat.Header.fileBytes)
        fixture.fixChecksum()
        // Its depth word (12) is out of range too; the product of the four before it overflowed first.
        #expect(fixture.validationError() == .invalidParameter(operator: 0, word: 12))
    }

    /// The same class on a model the writer made: dimensions of 65,536 (the most a word may hold)
    /// whose product is past `Int`, and strides whose reach is past it.
    @Test func batchMatMulWordsAtTheirLimits() throws {
        let graph = try #require(LayerSamples.graph(of: .batchMatMul, seed: 3))
        let words = BatchMatMul.Parameters.Word.self
        for (first, last, value) in [
            (words.batch0.rawValue, words.depth.rawValue, Int32(65536)), (words.lhsBatch0.rawValue, words.rhsColumn.rawValue, Int32.max),
        ] {
            var fixture = try ModelFileFixture(graph)
            let op = (0..<Int(fixture.word(at: ModelFormat.Header.operatorCount))).first {
                fixture.bytes[fixture.operatorRecord($0)] == UInt8(OperatorKind.batchMatMul.rawValue)
            }!
            for word in first...last { fixture.setInt32(value, at: fixture.parameter(op, position: word)) }
            fixture.fixChecksum()
            guard case .shapeMismatch = fixture.validationError() else {
                Issue.record("words \(first)...\(last) = \(value): expected a shape mismatch, got \(String(describing: fixture.validationError()))")
                continue
            }
        }
    }

    /// Found by review after finding 11 (a file larger than the fuzzers' 64 KiB): a convolution filter
    /// 2,162,688 rows tall with a dilation of 1,024 spans more than `Int32.max`, and the validator's
    /// padding bound `Int32((filter − 1) · dilation)` trapped. The span is now clamped and every
    /// window product checked (they also overflow a microcontroller's 32-bit `Int`). The writer
    /// refuses such a filter, so the file is a written 65,536 × 33 filter whose record says 2,162,688 × 1.
    @Test func convolutionSpanPastInt32() throws {
        let (height, width) = (65536, 33)
        let tensors = [
            TensorDescription(name: "x", shape: [1, height, width, 1], elementType: .int8, quantization: .init(scale: 0.1, zeroPoint: 0)),
            TensorDescription(
                name: "w", shape: [1, height, width, 1], elementType: .int8,
                quantization: .init(scales: [0.01], zeroPoints: [0], channelAxis: 0), constantData: [UInt8](repeating: 1, count: height * width)),
            TensorDescription(name: "y", shape: [1, 1, 1, 1], elementType: .int8, quantization: .init(scale: 0.5, zeroPoint: 0)),
        ]
        let graph = Graph(
            name: "tall", tensors: tensors,
            operators: [.init(kind: .conv2D, inputs: [0, 1, -1], outputs: [2], options: .init(padding: .valid))], inputs: [0], outputs: [2])
        var fixture = try ModelFileFixture(graph)
        #expect(fixture.validationError() == nil)
        let filter = fixture.tensorRecord(1) + ModelFormat.TensorField.dimensions
        fixture.setWord(UInt32(height * width), at: filter + 4)
        fixture.setWord(1, at: filter + 8)
        fixture.setInt32(1024, at: fixture.parameter(0, position: 2))  // the window's dilation height (words 0…5)
        fixture.fixChecksum()
        // Validated without trapping: it is accepted, since every window starts inside the input and
        // the kernels skip the taps past it, as they skip padding.
        #expect(fixture.validationError() == nil)
    }
}
