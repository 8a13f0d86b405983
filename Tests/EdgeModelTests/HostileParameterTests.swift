import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

/// Every parameter word of every converter-made single-operator case, set to hostile values: either
/// the runtime's validation refuses the file, or the model runs without writing a byte outside its
/// arena (guard bytes around the arena stay untouched).
@Suite struct HostileParameterTests {
    static let guardBytes = 4096

    /// The file's bytes with word `position` of operator `op`'s parameters set to `value` and the
    /// checksum fixed, so validation reaches the operator's own checks.
    static func patched(_ file: [UInt8], operator op: Int, position: Int, value: Int32) -> [UInt8] {
        var bytes = file
        func word(_ at: Int) -> Int { bytes[at..<(at + 4)].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) } }
        func section(_ kind: SectionKind) -> Int {
            for entry in 0..<SectionKind.allCases.count {
                let at = ModelFormat.headerBytes + entry * ModelFormat.sectionEntryBytes
                if word(at) == Int(kind.rawValue) { return word(at + 4) }
            }
            return 0
        }
        let record = section(.operators) + op * ModelFormat.operatorRecordBytes
        let at = section(.parameters) + (word(record + ModelFormat.OperatorField.parameterIndex) + position) * 4
        for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: UInt32(bitPattern: value) >> (8 * i)) }
        let checksum = Array(bytes[ModelFormat.headerBytes...]).withUnsafeBytes { Checksum.crc32($0) }
        for i in 0..<4 { bytes[ModelFormat.Header.bodyChecksum + i] = UInt8(truncatingIfNeeded: checksum >> (8 * i)) }
        return bytes
    }

    @Test(arguments: OperatorCaseTests.cases)
    func hostileWordsAreRefusedOrHarmless(name: String) throws {
        let tflite = try [UInt8](Data(contentsOf: OperatorCaseTests.folder.appendingPathComponent("\(name)/model.tflite")))
        let file = try ModelWriter().write(try TFLiteImporter.importGraph(from: tflite, name: name))
        // The model reads the bytes its LoadedModel owns: keep that object alive while reading.
        let originalFile = try LoadedModel(bytes: file)
        defer { withExtendedLifetime(originalFile) {} }
        let original = originalFile.model
        var refused = 0
        var accepted = 0
        for op in 0..<original.operatorCount {
            // Every word of short records; about 40 evenly spread words of long per-channel tables.
            let count = original.operatorRecord(op).parameterCount
            for position in stride(from: 0, to: count, by: max(1, count / 40)) {
                let word = original.operatorRecord(op).parameter(position)
                for value in [word &- 1, word &+ 1, -1, Int32.max, Int32.min, word &+ 1000] where value != word {
                    guard let loaded = try? LoadedModel(bytes: Self.patched(file, operator: op, position: position, value: value)) else {
                        refused += 1
                        continue
                    }
                    accepted += 1
                    let total = loaded.model.arenaBytes + 2 * Self.guardBytes
                    let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: total, alignment: 16)
                    defer { memory.deallocate() }
                    memory.initializeMemory(as: UInt8.self, repeating: 0xA5)
                    let arena = UnsafeMutableRawBufferPointer(rebasing: memory[Self.guardBytes..<(Self.guardBytes + loaded.model.arenaBytes)])
                    let interpreter = try Interpreter(model: loaded.model, arena: arena)
                    withExtendedLifetime(loaded) { interpreter.invoke() }
                    let intact = memory[..<Self.guardBytes].allSatisfy { $0 == 0xA5 }
                        && memory[(Self.guardBytes + loaded.model.arenaBytes)...].allSatisfy { $0 == 0xA5 }
                    #expect(intact, "\(name): operator \(op) word \(position) = \(value) wrote outside the arena")
                }
            }
        }
        // Every model with parameter words had some refused (RESHAPE-only models have none).
        #expect(refused > 0 || accepted == 0, "\(name): no hostile word was refused")
    }
}
