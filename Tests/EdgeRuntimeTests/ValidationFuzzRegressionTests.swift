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
}
