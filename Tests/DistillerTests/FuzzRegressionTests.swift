import EdgeRuntime
import Testing
@testable import Distiller

/// Inputs the libFuzzer harnesses in tools/fuzz found crashing a parser (docs/RELIABILITY.md); each
/// must now be refused with an error.
@Suite("Fuzzing regressions: checkpoints, architecture strings")
struct FuzzRegressionTests {
    /// A checkpoint body with a valid CRC-32: `body` after magic, version and checksum.
    static func checkpoint(version: UInt32 = 1, body: [UInt8]) -> [UInt8] {
        let crc = body.withUnsafeBytes { Checksum.crc32($0) }
        return Array("EDCK".utf8) + u32(version) + u32(crc) + body
    }

    static func u32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    static func string(_ text: String) -> [UInt8] { u32(UInt32(text.utf8.count)) + Array(text.utf8) }

    /// fuzz-checkpoint: a tensor of rank 3 with dimensions 2³²−1 (their product overflows `Int`)
    /// trapped with "arithmetic overflow" instead of reporting a malformed checkpoint.
    @Test func tensorDimensionsWhoseProductOverflows() {
        let body = Self.string("mlp:2-2") + Self.u32(1) + Self.u32(7) + Self.u32(0) + Self.u32(0) + Self.u32(1)
            + Self.string("dense0.weight") + Self.u32(3) + Self.u32(.max) + Self.u32(.max) + Self.u32(.max)
        #expect(throws: CheckpointError.self) { try Checkpoint(bytes: Self.checkpoint(body: body)) }
        // Dimensions whose product fits an Int but not the bytes left (4 × count would overflow).
        let large = Self.string("mlp:2-2") + Self.u32(1) + Self.u32(7) + Self.u32(0) + Self.u32(0) + Self.u32(1)
            + Self.string("dense0.weight") + Self.u32(2) + Self.u32(.max) + Self.u32(.max) + [0, 0, 0, 0]
        #expect(throws: CheckpointError.self) { try Checkpoint(bytes: Self.checkpoint(body: large)) }
    }

    /// An option of only "=" (`--arch mlp:2-2,=`, in a recipe, or in a checkpoint) split into no
    /// parts, and reading its name trapped with "Index out of range".
    @Test func optionOfOnlyAnEqualsSign() {
        for text in ["mlp:2-2,=", "cnn:4x4x1-c2k3-2,bn,=", "mlp:2-2,==", "mlp:2-2,=0.5"] {
            #expect(throws: Architecture.ParseError.self) { try Architecture(text) }
        }
    }
}
