import EdgeRuntime

extension ModelError: CustomStringConvertible {
    /// A one-line explanation naming what failed (the runtime itself carries no strings).
    public var description: String {
        switch self {
        case .truncated(let needed, let available):
            return "model file is truncated: needs \(needed) bytes, has \(available)"
        case .misalignedBuffer: return "model or arena buffer is not 16-byte aligned"
        case .badMagic(let found):
            return "not an EdgeDistill model: bad magic 0x\(String(found, radix: 16)) (expected 'EDGM')"
        case .unsupportedVersion(let major, let minor):
            return "unsupported model format version \(major).\(minor) (this runtime reads \(ModelFormat.majorVersion).x)"
        case .invalidHeaderField(let offset, let value): return "invalid header field at byte \(offset): \(value)"
        case .fileSizeMismatch(let declared, let actual):
            return "model file size mismatch: header says \(declared) bytes, file has \(actual)"
        case .checksumMismatch(let stored, let computed):
            return "model file is corrupted: CRC-32 0x\(String(computed, radix: 16)) does not match the stored 0x\(String(stored, radix: 16))"
        case .invalidSectionTable(let kind): return "invalid section table: section kind \(kind) is unknown or repeated"
        case .sectionOutOfBounds(let kind): return "section \(sectionName(kind)) lies outside the file, is misaligned or has the wrong size"
        case .unknownElementType(let tensor, let code): return "tensor \(tensor) has unknown element type code \(code)"
        case .unknownStorage(let tensor, let code): return "tensor \(tensor) has unknown storage code \(code)"
        case .invalidShape(let tensor): return "tensor \(tensor) has an invalid shape (rank above 6 or a dimension below 1)"
        case .elementCountOverflow(let tensor): return "tensor \(tensor): the product of its dimensions overflows"
        case .byteCountMismatch(let tensor, let declared, let expected):
            return "tensor \(tensor) declares \(declared) bytes but its shape needs \(expected)"
        case .constantOutOfBounds(let tensor): return "tensor \(tensor): constant data lies outside the constants section or is misaligned"
        case .arenaTensorOutOfBounds(let tensor): return "tensor \(tensor) lies outside its region's planned arena"
        case .tensorMetadataOutOfBounds(let tensor): return "tensor \(tensor): quantization entries or name lie outside their sections"
        case .unknownOperator(let op, let code): return "operator \(op) has unknown operator code \(code)"
        case .operatorOutOfBounds(let op): return "operator \(op): tensor list or parameters lie outside their sections"
        case .wrongTensorCount(let op): return "operator \(op) has the wrong number of inputs or outputs"
        case .tensorIndexOutOfRange(let op, let index): return "operator \(op) refers to tensor \(index), which does not exist"
        case .wrongParameterCount(let op, let expected, let found):
            return "operator \(op) has \(found) parameter words, expected \(expected)"
        case .invalidParameter(let op, let word): return "operator \(op): parameter word \(word) is out of range"
        case .elementTypeMismatch(let op, let tensor):
            return "operator \(op): tensor \(tensor) has the wrong element type, storage or quantization"
        case .shapeMismatch(let op, let tensor): return "operator \(op): tensor \(tensor) has a shape the operator cannot take"
        case .scratchOutOfBounds(let op): return "operator \(op): scratch buffer lies outside the arena or overlaps a live tensor"
        case .invalidGraphIO(let position): return "graph input/output \(position) is not a valid arena tensor"
        case .readBeforeWrite(let op, let tensor): return "operator \(op) reads tensor \(tensor) before any operator writes it"
        case .writtenTwice(let op, let tensor): return "operator \(op) writes tensor \(tensor), which is already written or a graph input"
        case .overlappingTensors(let first, let second):
            return "arena plan is invalid: tensors \(first) and \(second) are alive at the same time and overlap"
        case .arenaSizeMismatch(let region, let declared, let planned):
            return "the header's arena size \(declared) bytes\(regionName(region)) is not the \(planned) bytes its tensors and scratch buffers span"
        case .arenaTooSmall(let region, let required, let available):
            return "arena too small\(regionName(region)): the model needs \(required) bytes, got \(available)"
        case .workspaceTooSmall(let required, let available):
            return "kernel workspace too small: the model needs \(required) bytes, got \(available)"
        }
    }

    private func regionName(_ region: Int) -> String { region == 0 ? "" : " of region \(region)" }

    private func sectionName(_ kind: Int) -> String {
        guard let known = SectionKind(rawValue: UInt32(truncatingIfNeeded: kind)) else { return "\(kind)" }
        return "\(known)"
    }
}
