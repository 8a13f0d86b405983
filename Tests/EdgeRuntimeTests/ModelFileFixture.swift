import EdgeModel
import EdgeRuntime
import TestSupport

/// A written model file plus helpers to find and patch its records, for malformed-file tests.
struct ModelFileFixture {
    var bytes: [UInt8]

    init(_ graph: Graph = SampleGraphs.everyOperator()) throws {
        bytes = try ModelWriter().write(graph)
    }

    func word(at offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * $1.offset) }
    }

    mutating func setWord(_ value: UInt32, at offset: Int) {
        for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
    }

    mutating func setInt32(_ value: Int32, at offset: Int) { setWord(UInt32(bitPattern: value), at: offset) }

    /// Offset of section-table entry for `kind`.
    func sectionEntry(_ kind: SectionKind) -> Int {
        let count = Int(word(at: ModelFormat.Header.sectionCount))
        for entry in 0..<count {
            let at = ModelFormat.headerBytes + entry * ModelFormat.sectionEntryBytes
            if word(at: at) == kind.rawValue { return at }
        }
        fatalError("section \(kind) missing from fixture")
    }

    func sectionStart(_ kind: SectionKind) -> Int { Int(word(at: sectionEntry(kind) + 4)) }

    func tensorRecord(_ index: Int) -> Int { sectionStart(.tensors) + index * ModelFormat.tensorRecordBytes }

    func operatorRecord(_ index: Int) -> Int { sectionStart(.operators) + index * ModelFormat.operatorRecordBytes }

    /// Offset of entry `position` in operator `index`'s tensor list.
    func operatorTensor(_ index: Int, position: Int) -> Int {
        sectionStart(.operatorTensors) + (Int(word(at: operatorRecord(index) + ModelFormat.OperatorField.tensorListIndex)) + position) * 4
    }

    /// Offset of parameter word `position` of operator `index`.
    func parameter(_ index: Int, position: Int) -> Int {
        sectionStart(.parameters) + (Int(word(at: operatorRecord(index) + ModelFormat.OperatorField.parameterIndex)) + position) * 4
    }

    /// Recomputes the body checksum so that validation reaches deeper checks.
    mutating func fixChecksum() {
        let body = Array(bytes[ModelFormat.headerBytes...])
        setWord(body.withUnsafeBytes { Checksum.crc32($0) }, at: ModelFormat.Header.bodyChecksum)
    }

    /// Validates the bytes, returning the error (or `nil` when they pass).
    func validationError() -> ModelError? {
        do {
            _ = try LoadedModel(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }
}
