import EdgeModel
import EdgeRuntime
import Testing
import TestSupport

/// Truncated, corrupted and hostile model files: each is rejected with its named error before it
/// can run, and none crashes.
@Suite struct MalformedModelTests {
    /// Applies `patch` to a valid file, fixes the checksum, and returns the validation error.
    func error(after patch: (inout ModelFileFixture) -> Void, fixChecksum: Bool = true) throws -> ModelError? {
        var fixture = try ModelFileFixture()
        patch(&fixture)
        if fixChecksum { fixture.fixChecksum() }
        return fixture.validationError()
    }

    @Test func validFileIsAccepted() throws {
        #expect(try ModelFileFixture().validationError() == nil)
    }

    @Test func emptyFile() {
        #expect(throws: ModelError.truncated(needed: 64, available: 0)) { _ = try LoadedModel(bytes: []) }
    }

    @Test(arguments: [SectionKind.tensors, .operators, .operatorTensors, .parameters, .constants, .graphIO, .quantization, .names])
    func truncationAtEachSection(kind: SectionKind) throws {
        var fixture = try ModelFileFixture()
        let cut = fixture.sectionStart(kind) + 1
        fixture.bytes = Array(fixture.bytes[..<cut])
        guard case .truncated(let needed, let available)? = fixture.validationError() else {
            Issue.record("truncation inside \(kind) was not reported as truncation: \(String(describing: fixture.validationError()))")
            return
        }
        #expect(available == cut && needed > cut)
    }

    @Test func truncationInsideTheHeaderAndTable() throws {
        let fixture = try ModelFileFixture()
        for cut in [1, 20, 63, 64, 70, 100] {
            let error = try LoadedModel.validationError(Array(fixture.bytes[..<cut]))
            guard case .truncated? = error else {
                Issue.record("cut at \(cut): \(String(describing: error))")
                continue
            }
        }
    }

    @Test func everyTruncationLengthIsRejectedWithoutCrashing() throws {
        let fixture = try ModelFileFixture()
        for cut in stride(from: 0, to: fixture.bytes.count, by: 7) {
            #expect(try LoadedModel.validationError(Array(fixture.bytes[..<cut])) != nil)
        }
    }

    @Test func badMagic() throws {
        let found = try error(after: { $0.bytes[0] = UInt8(ascii: "X") }, fixChecksum: false)
        guard case .badMagic? = found else { Issue.record("\(String(describing: found))"); return }
    }

    @Test func unsupportedVersion() throws {
        #expect(try error(after: { $0.bytes[4] = 2 }, fixChecksum: false) == .unsupportedVersion(major: 2, minor: 0))
    }

    @Test func nonZeroFlags() throws {
        #expect(try error(after: { $0.bytes[8] = 1 }, fixChecksum: false) == .invalidHeaderField(offset: 8, value: 1))
    }

    @Test func checksumMismatch() throws {
        let found = try error(after: { fixture in
            let at = fixture.sectionStart(.constants)
            fixture.bytes[at] ^= 0x55
        }, fixChecksum: false)
        guard case .checksumMismatch? = found else { Issue.record("\(String(describing: found))"); return }
    }

    @Test func trailingBytes() throws {
        let found = try error(after: { $0.bytes += [0, 0, 0, 0] }, fixChecksum: false)
        guard case .fileSizeMismatch? = found else { Issue.record("\(String(describing: found))"); return }
    }

    @Test func repeatedSection() throws {
        let found = try error(after: { fixture in
            fixture.setWord(SectionKind.tensors.rawValue, at: fixture.sectionEntry(.names))
        })
        #expect(found == .invalidSectionTable(kind: Int(SectionKind.tensors.rawValue)))
    }

    @Test func sectionBeyondTheFile() throws {
        let found = try error(after: { fixture in
            fixture.setWord(UInt32(fixture.bytes.count + 16), at: fixture.sectionEntry(.constants) + 4)
        })
        #expect(found == .sectionOutOfBounds(kind: Int(SectionKind.constants.rawValue)))
    }

    @Test func misalignedSection() throws {
        let found = try error(after: { fixture in
            let entry = fixture.sectionEntry(.parameters)
            fixture.setWord(fixture.word(at: entry + 4) + 4, at: entry + 4)
        })
        #expect(found == .sectionOutOfBounds(kind: Int(SectionKind.parameters.rawValue)))
    }

    @Test func sectionSizeDisagreesWithRecordCount() throws {
        let found = try error(after: { fixture in
            fixture.setWord(fixture.word(at: ModelFormat.Header.tensorCount) + 1, at: ModelFormat.Header.tensorCount)
        })
        #expect(found == .sectionOutOfBounds(kind: Int(SectionKind.tensors.rawValue)))
    }

    @Test func unknownElementType() throws {
        #expect(try error(after: { $0.bytes[$0.tensorRecord(3)] = 77 }) == .unknownElementType(tensor: 3, code: 77))
    }

    @Test func unknownStorage() throws {
        #expect(try error(after: { $0.bytes[$0.tensorRecord(3) + 2] = 9 }) == .unknownStorage(tensor: 3, code: 9))
    }

    @Test func rankAboveSix() throws {
        #expect(try error(after: { $0.bytes[$0.tensorRecord(0) + 1] = 7 }) == .invalidShape(tensor: 0))
    }

    @Test func zeroDimension() throws {
        #expect(try error(after: { $0.setWord(0, at: $0.tensorRecord(0) + 4 + 4) }) == .invalidShape(tensor: 0))
    }

    @Test func dimensionProductOverflows() throws {
        let found = try error(after: { fixture in
            for axis in 0..<4 { fixture.setWord(0x7FFF_FFFF, at: fixture.tensorRecord(0) + 4 + axis * 4) }
        })
        #expect(found == .elementCountOverflow(tensor: 0))
    }

    @Test func byteCountDisagreesWithShape() throws {
        let found = try error(after: { $0.setWord(129, at: $0.tensorRecord(0) + ModelFormat.TensorField.byteCount) })
        #expect(found == .byteCountMismatch(tensor: 0, declared: 129, expected: 128))
    }

    @Test func constantOutsideItsSection() throws {
        let found = try error(after: { $0.setWord(1 << 20, at: $0.tensorRecord(1) + ModelFormat.TensorField.dataOffset) })
        #expect(found == .constantOutOfBounds(tensor: 1))
    }

    @Test func misalignedConstant() throws {
        let found = try error(after: { fixture in
            let at = fixture.tensorRecord(1) + ModelFormat.TensorField.dataOffset
            fixture.setWord(fixture.word(at: at) + 1, at: at)
        })
        #expect(found == .constantOutOfBounds(tensor: 1))
    }

    @Test func arenaTensorOutsideTheArena() throws {
        let found = try error(after: { fixture in
            fixture.setWord(fixture.word(at: ModelFormat.Header.arenaBytes), at: fixture.tensorRecord(0) + ModelFormat.TensorField.dataOffset)
        })
        #expect(found == .arenaTensorOutOfBounds(tensor: 0))
    }

    @Test func unknownOperator() throws {
        let found = try error(after: { fixture in
            fixture.bytes[fixture.operatorRecord(2)] = 200
            fixture.bytes[fixture.operatorRecord(2) + 1] = 0
        })
        #expect(found == .unknownOperator(operator: 2, code: 200))
    }

    @Test func operatorTensorIndexOutOfRange() throws {
        #expect(try error(after: { $0.setInt32(999, at: $0.operatorTensor(0, position: 0)) }) == .tensorIndexOutOfRange(operator: 0, index: 999))
    }

    @Test func operatorListBeyondItsSection() throws {
        let found = try error(after: { $0.setWord(1 << 20, at: $0.operatorRecord(4) + ModelFormat.OperatorField.tensorListIndex) })
        #expect(found == .operatorOutOfBounds(operator: 4))
    }

    @Test func wrongInputCount() throws {
        let found = try error(after: { fixture in
            // ADD (operator 4) with one input: its second input becomes its output slot.
            fixture.bytes[fixture.operatorRecord(4) + ModelFormat.OperatorField.inputCount] = 1
        })
        #expect(found == .wrongTensorCount(operator: 4))
    }

    @Test func wrongParameterCount() throws {
        let found = try error(after: { $0.setWord(3, at: $0.operatorRecord(7) + ModelFormat.OperatorField.parameterCount) })
        #expect(found == .wrongParameterCount(operator: 7, expected: FullyConnected.parameterWords, found: 3))
    }

    @Test func zeroStride() throws {
        #expect(try error(after: { $0.setInt32(0, at: $0.parameter(0, position: 0)) }) == .invalidParameter(operator: 0, word: 0))
    }

    @Test func shiftOutOfRange() throws {
        #expect(try error(after: { $0.setInt32(-40, at: $0.parameter(7, position: 4)) }) == .invalidParameter(operator: 7, word: 4))
    }

    @Test func activationClampOutsideInt8() throws {
        #expect(try error(after: { $0.setInt32(300, at: $0.parameter(7, position: 6)) }) == .invalidParameter(operator: 7, word: 6))
    }

    @Test func weightsShapeDisagreesWithOperator() throws {
        // Fully-connected weights [5, 32] relabelled [4, 40]: same bytes, wrong shape for the input.
        let found = try error(after: { fixture in
            let record = fixture.tensorRecord(12)
            fixture.setWord(4, at: record + 4)
            fixture.setWord(40, at: record + 8)
        })
        // The 32-element input no longer divides into rows of 40: the input is named.
        #expect(found == .shapeMismatch(operator: 7, tensor: 11))
    }

    @Test func constantBiasMovedToTheArena() throws {
        #expect(try error(after: { $0.bytes[$0.tensorRecord(2) + 2] = 0 }) == .elementTypeMismatch(operator: 0, tensor: 2))
    }

    @Test func softmaxOutputZeroPoint() throws {
        let found = try error(after: { $0.setInt32(0, at: $0.tensorRecord(15) + ModelFormat.TensorField.zeroPoint) })
        #expect(found == .elementTypeMismatch(operator: 8, tensor: 15))
    }

    @Test func overlappingLiveTensors() throws {
        // Move the max-pool output onto the depthwise output it is computed from.
        let found = try error(after: { fixture in
            let source = fixture.word(at: fixture.tensorRecord(6) + ModelFormat.TensorField.dataOffset)
            fixture.setWord(source, at: fixture.tensorRecord(7) + ModelFormat.TensorField.dataOffset)
        })
        #expect(found == .overlappingTensors(first: 6, second: 7))
    }

    @Test func readBeforeWrite() throws {
        // The max pool (operator 2) reads the average pool's output, which operator 3 writes later.
        #expect(try error(after: { $0.setInt32(8, at: $0.operatorTensor(2, position: 0)) }) == .readBeforeWrite(operator: 2, tensor: 8))
    }

    @Test func tensorWrittenTwice() throws {
        // The max pool (operator 2) writes the average pool's output; operator 3 writes it again.
        #expect(try error(after: { $0.setInt32(8, at: $0.operatorTensor(2, position: 1)) }) == .writtenTwice(operator: 3, tensor: 8))
    }

    @Test func graphInputIsAConstant() throws {
        #expect(try error(after: { $0.setInt32(1, at: $0.sectionStart(.graphIO)) }) == .invalidGraphIO(position: 0))
    }

    @Test func arenaSmallerThanThePlan() throws {
        let loaded = try LoadedModel(bytes: ModelFileFixture().bytes)
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: loaded.model.arenaBytes - 16, alignment: 16)
        defer { arena.deallocate() }
        #expect(throws: ModelError.arenaTooSmall(region: 0, required: loaded.model.arenaBytes, available: loaded.model.arenaBytes - 16)) {
            _ = try Interpreter(model: loaded.model, arena: arena)
        }
    }

    @Test func misalignedModelBuffer() throws {
        let bytes = try ModelFileFixture().bytes
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count + 1, alignment: 16)
        defer { buffer.deallocate() }
        UnsafeMutableRawBufferPointer(rebasing: buffer[1...]).copyBytes(from: bytes)
        #expect(throws: ModelError.misalignedBuffer) { _ = try Model(bytes: UnsafeRawBufferPointer(rebasing: buffer[1...])) }
    }

    @Test func randomByteFlipsNeverCrash() throws {
        let original = try ModelFileFixture()
        var random = SampleGraphs.Generator(seed: 42)
        var rejected = 0
        for _ in 0..<300 {
            var fixture = original
            for _ in 0..<random.integer(in: 1...4) {
                fixture.bytes[random.integer(in: ModelFormat.headerBytes...(fixture.bytes.count - 1))] = UInt8(truncatingIfNeeded: random.next())
            }
            fixture.fixChecksum()
            if fixture.validationError() != nil { rejected += 1 }
        }
        // Flips in names, constants and unused bytes are harmless; most others are caught.
        #expect(rejected > 100)
    }
}

extension LoadedModel {
    /// The validation error of `bytes`, or `nil` when they pass.
    static func validationError(_ bytes: [UInt8]) throws -> ModelError? {
        do {
            _ = try LoadedModel(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }
}
