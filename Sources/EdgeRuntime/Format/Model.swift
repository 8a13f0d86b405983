/// A validated, read-only view of an `.edm` model file, used in place (zero copy).
///
/// `init(bytes:)` checks everything before the first invoke: header, checksum, section bounds,
/// every tensor and operator record, shapes against each operator's semantics, parameter ranges,
/// the order in which tensors are written and read, and that no two tensors alive at the same time
/// share arena bytes. A model that passes never makes a kernel read or write out of bounds.
///
/// The buffer must outlive the model and stay unchanged; the model holds only its address.
public struct Model {
    /// The whole file.
    public let bytes: UnsafeRawBufferPointer
    /// Exact size of the arena the plan needs in region 0 (the only arena of a single-region file).
    public let arenaBytes: Int
    /// Exact sizes of the arenas of regions 1, 2 and 3 (zero when unused).
    let regionArenaBytes: (Int, Int, Int)
    /// Number of tensors.
    public let tensorCount: Int
    /// Number of operators.
    public let operatorCount: Int
    /// Number of graph inputs.
    public let inputCount: Int
    /// Number of graph outputs.
    public let outputCount: Int
    /// Length of the model's name in the names section.
    let modelNameLength: Int

    let tensorsStart: Int
    let operatorsStart: Int
    let operatorTensorsStart: Int
    let operatorTensorsCount: Int
    let parametersStart: Int
    let parametersCount: Int
    let constantsStart: Int
    let constantsBytes: Int
    let graphIOStart: Int
    let quantizationStart: Int
    let quantizationCount: Int
    let namesStart: Int
    let namesBytes: Int

    /// Reads and validates a model. Throws the first problem found.
    public init(bytes: UnsafeRawBufferPointer) throws(ModelError) {
        self.bytes = bytes
        let count = bytes.count
        guard count >= ModelFormat.headerBytes, let base = bytes.baseAddress else {
            throw .truncated(needed: ModelFormat.headerBytes, available: count)
        }
        guard UInt(bitPattern: base) % UInt(ModelFormat.alignment) == 0 else { throw .misalignedBuffer }
        func word32(_ offset: Int) -> UInt32 { bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
        func word16(_ offset: Int) -> UInt16 { bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self) }

        let magic = word32(ModelFormat.Header.magic)
        guard magic == ModelFormat.magic else { throw .badMagic(found: magic) }
        let major = word16(ModelFormat.Header.majorVersion)
        let minor = word16(ModelFormat.Header.minorVersion)
        guard major == ModelFormat.majorVersion else {
            throw .unsupportedVersion(major: Int(major), minor: Int(minor))
        }
        let flags = word32(ModelFormat.Header.flags)
        guard flags == 0 else { throw .invalidHeaderField(offset: ModelFormat.Header.flags, value: Int(flags)) }
        let headerBytes = Int(word32(ModelFormat.Header.headerBytes))
        guard headerBytes == ModelFormat.headerBytes else {
            throw .invalidHeaderField(offset: ModelFormat.Header.headerBytes, value: headerBytes)
        }
        let declaredSize = Int(word32(ModelFormat.Header.fileBytes))
        guard declaredSize <= count else { throw .truncated(needed: declaredSize, available: count) }
        guard declaredSize == count else { throw .fileSizeMismatch(declared: declaredSize, actual: count) }
        let stored = word32(ModelFormat.Header.bodyChecksum)
        let computed = Checksum.crc32(UnsafeRawBufferPointer(rebasing: bytes[headerBytes..<count]))
        guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }

        arenaBytes = Int(word32(ModelFormat.Header.arenaBytes))
        tensorCount = Int(word32(ModelFormat.Header.tensorCount))
        operatorCount = Int(word32(ModelFormat.Header.operatorCount))
        inputCount = Int(word32(ModelFormat.Header.inputCount))
        outputCount = Int(word32(ModelFormat.Header.outputCount))
        let limit = 1 << 24
        guard tensorCount <= limit else { throw .invalidHeaderField(offset: ModelFormat.Header.tensorCount, value: tensorCount) }
        guard operatorCount <= limit else { throw .invalidHeaderField(offset: ModelFormat.Header.operatorCount, value: operatorCount) }
        guard inputCount <= limit else { throw .invalidHeaderField(offset: ModelFormat.Header.inputCount, value: inputCount) }
        guard outputCount <= limit else { throw .invalidHeaderField(offset: ModelFormat.Header.outputCount, value: outputCount) }
        guard arenaBytes <= Int(Int32.max) else {
            throw .invalidHeaderField(offset: ModelFormat.Header.arenaBytes, value: arenaBytes)
        }
        let regionWords = (
            Int(word32(ModelFormat.Header.regionArenaBytes)), Int(word32(ModelFormat.Header.regionArenaBytes + 4)),
            Int(word32(ModelFormat.Header.regionArenaBytes + 8)))
        regionArenaBytes = regionWords
        for region in 1..<ModelFormat.maximumRegions {
            let value = region == 1 ? regionWords.0 : region == 2 ? regionWords.1 : regionWords.2
            guard value <= Int(Int32.max), value % ModelFormat.alignment == 0 else {
                throw .invalidHeaderField(offset: ModelFormat.Header.regionArenaBytes + 4 * (region - 1), value: value)
            }
        }
        guard inputCount >= 1 else { throw .invalidHeaderField(offset: ModelFormat.Header.inputCount, value: 0) }
        guard outputCount >= 1 else { throw .invalidHeaderField(offset: ModelFormat.Header.outputCount, value: 0) }

        // Section table.
        let sectionCount = Int(word32(ModelFormat.Header.sectionCount))
        guard sectionCount == SectionKind.allCases.count else {
            throw .invalidHeaderField(offset: ModelFormat.Header.sectionCount, value: sectionCount)
        }
        let tableEnd = headerBytes + sectionCount * ModelFormat.sectionEntryBytes
        guard tableEnd <= count else { throw .truncated(needed: tableEnd, available: count) }
        var starts = (0, 0, 0, 0, 0, 0, 0, 0)
        var sizes = (0, 0, 0, 0, 0, 0, 0, 0)
        var seen: UInt32 = 0
        for entry in 0..<sectionCount {
            let at = headerBytes + entry * ModelFormat.sectionEntryBytes
            let code = word32(at)
            guard let kind = SectionKind(rawValue: code) else { throw .invalidSectionTable(kind: Int(code)) }
            let bit: UInt32 = 1 << code
            guard seen & bit == 0 else { throw .invalidSectionTable(kind: Int(code)) }
            seen |= bit
            let start = Int(word32(at + 4))
            let size = Int(word32(at + 8))
            guard start >= tableEnd, start % ModelFormat.alignment == 0, size <= count, start <= count - size else {
                throw .sectionOutOfBounds(kind: Int(code))
            }
            switch kind {
            case .tensors: starts.0 = start; sizes.0 = size
            case .operators: starts.1 = start; sizes.1 = size
            case .operatorTensors: starts.2 = start; sizes.2 = size
            case .parameters: starts.3 = start; sizes.3 = size
            case .constants: starts.4 = start; sizes.4 = size
            case .graphIO: starts.5 = start; sizes.5 = size
            case .quantization: starts.6 = start; sizes.6 = size
            case .names: starts.7 = start; sizes.7 = size
            }
        }
        guard sizes.0 == tensorCount * ModelFormat.tensorRecordBytes else {
            throw .sectionOutOfBounds(kind: Int(SectionKind.tensors.rawValue))
        }
        guard sizes.1 == operatorCount * ModelFormat.operatorRecordBytes else {
            throw .sectionOutOfBounds(kind: Int(SectionKind.operators.rawValue))
        }
        guard sizes.2 % 4 == 0 else { throw .sectionOutOfBounds(kind: Int(SectionKind.operatorTensors.rawValue)) }
        guard sizes.3 % 4 == 0 else { throw .sectionOutOfBounds(kind: Int(SectionKind.parameters.rawValue)) }
        guard sizes.5 == (inputCount + outputCount) * 4 else {
            throw .sectionOutOfBounds(kind: Int(SectionKind.graphIO.rawValue))
        }
        guard sizes.6 % ModelFormat.quantizationEntryBytes == 0 else {
            throw .sectionOutOfBounds(kind: Int(SectionKind.quantization.rawValue))
        }
        tensorsStart = starts.0
        operatorsStart = starts.1
        operatorTensorsStart = starts.2
        operatorTensorsCount = sizes.2 / 4
        parametersStart = starts.3
        parametersCount = sizes.3 / 4
        constantsStart = starts.4
        constantsBytes = sizes.4
        graphIOStart = starts.5
        quantizationStart = starts.6
        quantizationCount = sizes.6 / ModelFormat.quantizationEntryBytes
        namesStart = starts.7
        namesBytes = sizes.7
        modelNameLength = Int(word32(ModelFormat.Header.modelNameBytes))
        guard modelNameLength <= namesBytes else {
            throw .invalidHeaderField(offset: ModelFormat.Header.modelNameBytes, value: modelNameLength)
        }

        try validateTensors()
        try validateOperators()
        try validateArenaSize()
        try validateGraph()
    }
}

// MARK: - Record access
// Offsets use wrapping arithmetic: validation checks every section's extent and every index against
// its count (with checked arithmetic) before anything reads a record, so these cannot overflow, and
// the overflow traps would only cost code on a microcontroller.

extension Model {
    @inline(__always)
    func int32(at offset: Int) -> Int32 { bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self) }

    /// A tensor's record.
    @inline(__always)
    public func tensor(_ index: Int) -> TensorRecord {
        TensorRecord(model: self, offset: tensorsStart &+ index &* ModelFormat.tensorRecordBytes)
    }

    /// An operator's record.
    @inline(__always)
    public func operatorRecord(_ index: Int) -> OperatorRecord {
        OperatorRecord(model: self, offset: operatorsStart &+ index &* ModelFormat.operatorRecordBytes)
    }

    /// The tensor index of graph input `position`.
    public func inputTensorIndex(_ position: Int) -> Int { Int(int32(at: graphIOStart &+ position &* 4)) }

    /// The tensor index of graph output `position`.
    public func outputTensorIndex(_ position: Int) -> Int {
        Int(int32(at: graphIOStart &+ (inputCount &+ position) &* 4))
    }

    /// Parameter word `index` of the parameters section.
    @inline(__always)
    func parameterWord(_ index: Int) -> Int32 { int32(at: parametersStart &+ index &* 4) }

    /// Entry `index` of the operator-tensors section.
    @inline(__always)
    func operatorTensorEntry(_ index: Int) -> Int { Int(int32(at: operatorTensorsStart &+ index &* 4)) }

    /// Exact size of the arena region `region` needs (zero for an unused region or one beyond
    /// ``ModelFormat/maximumRegions``).
    @inline(__always)
    public func arenaBytes(region: Int) -> Int {
        switch region {
        case 0: return arenaBytes
        case 1: return regionArenaBytes.0
        case 2: return regionArenaBytes.1
        case 3: return regionArenaBytes.2
        default: return 0
        }
    }

    /// Whether the plan puts any buffer outside region 0.
    public var usesRegions: Bool { regionArenaBytes.0 + regionArenaBytes.1 + regionArenaBytes.2 > 0 }

    /// The model's name (UTF-8 bytes), stored at the start of the names section.
    public var nameBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[namesStart..<(namesStart + modelNameLength)])
    }

    /// Start of a constant buffer, `offset` bytes into the constants section.
    @inline(__always)
    func constantAddress(_ offset: Int) -> UnsafeRawPointer { bytes.baseAddress! + (constantsStart &+ offset) }

    /// The bytes of constant tensor `index` (a tensor stored in the file, not in the arena).
    public func constantBytes(ofTensor index: Int) -> UnsafeRawBufferPointer {
        let record = tensor(index)
        return UnsafeRawBufferPointer(start: constantAddress(record.dataOffset), count: record.byteCount)
    }

    /// Per-channel quantization entry `index`: scale and zero point.
    public func quantizationEntry(_ index: Int) -> (scale: Float, zeroPoint: Int32) {
        let at = quantizationStart &+ index &* ModelFormat.quantizationEntryBytes
        return (bytes.loadUnaligned(fromByteOffset: at, as: Float.self), int32(at: at &+ 4))
    }
}

/// A read-only view of one tensor record.
public struct TensorRecord {
    let model: Model
    let offset: Int

    @inline(__always) private func byte(_ field: Int) -> UInt8 { model.bytes[offset &+ field] }
    @inline(__always) private func word(_ field: Int) -> Int { Int(UInt32(bitPattern: model.int32(at: offset &+ field))) }

    /// Where the record starts in the file.
    public var recordOffset: Int { offset }
    /// The raw element-type code.
    public var elementTypeCode: Int { Int(byte(ModelFormat.TensorField.elementType)) }
    /// The element type (valid after model validation).
    public var elementType: ElementType { ElementType(rawValue: byte(ModelFormat.TensorField.elementType)) ?? .int8 }
    /// The raw storage code.
    public var storageCode: Int { Int(byte(ModelFormat.TensorField.storage)) }
    /// Where the bytes live.
    public var storage: TensorStorage { TensorStorage(rawValue: byte(ModelFormat.TensorField.storage)) ?? .arena }
    /// The memory region whose arena holds an arena tensor (0 for constants).
    public var region: Int { Int(byte(ModelFormat.TensorField.region)) }
    /// Number of dimensions.
    public var rank: Int { Int(byte(ModelFormat.TensorField.rank)) }
    /// Dimension `axis` (0 = outermost).
    @inline(__always)
    public func dimension(_ axis: Int) -> Int {
        Int(model.int32(at: offset &+ ModelFormat.TensorField.dimensions &+ axis &* 4))
    }
    /// The last dimension (1 for scalars).
    public var innermostDimension: Int { rank == 0 ? 1 : dimension(rank - 1) }
    /// Offset into the arena, or into the constants section.
    public var dataOffset: Int { word(ModelFormat.TensorField.dataOffset) }
    /// Size in bytes.
    public var byteCount: Int { word(ModelFormat.TensorField.byteCount) }
    /// Element count (valid after validation).
    public var elementCount: Int { byteCount / elementType.byteWidth }
    /// Per-tensor scale (the first channel's for per-channel tensors); zero when unquantized.
    public var scale: Float { model.bytes.loadUnaligned(fromByteOffset: offset &+ ModelFormat.TensorField.scale, as: Float.self) }
    /// Per-tensor zero point.
    public var zeroPoint: Int { Int(model.int32(at: offset &+ ModelFormat.TensorField.zeroPoint)) }
    /// First per-channel entry in the quantization section.
    public var quantizationIndex: Int { word(ModelFormat.TensorField.quantizationIndex) }
    /// Number of per-channel entries (0 for per-tensor).
    public var quantizationCount: Int { word(ModelFormat.TensorField.quantizationCount) }
    /// The per-channel axis.
    public var quantizationAxis: Int { word(ModelFormat.TensorField.quantizationAxis) }
    /// The tensor's name (UTF-8 bytes).
    public var nameBytes: UnsafeRawBufferPointer {
        let start = model.namesStart + word(ModelFormat.TensorField.nameOffset)
        return UnsafeRawBufferPointer(rebasing: model.bytes[start..<(start + word(ModelFormat.TensorField.nameBytes))])
    }
    /// Offset of the name in the names section.
    var nameOffset: Int { word(ModelFormat.TensorField.nameOffset) }
    /// Length of the name in bytes.
    var nameLength: Int { word(ModelFormat.TensorField.nameBytes) }
}

/// A read-only view of one operator record.
public struct OperatorRecord {
    let model: Model
    let offset: Int

    @inline(__always) private func word(_ field: Int) -> Int { Int(UInt32(bitPattern: model.int32(at: offset &+ field))) }
    @inline(__always) private func half(_ field: Int) -> Int {
        Int(model.bytes.loadUnaligned(fromByteOffset: offset &+ field, as: UInt16.self))
    }

    /// Where the record starts in the file.
    public var recordOffset: Int { offset }
    /// The raw operator code.
    public var kindCode: Int { half(ModelFormat.OperatorField.kind) }
    /// The operator kind (valid after validation).
    public var kind: OperatorKind { OperatorKind(rawValue: UInt16(kindCode)) ?? .reshape }
    /// Number of inputs.
    public var inputCount: Int { half(ModelFormat.OperatorField.inputCount) }
    /// Number of outputs.
    public var outputCount: Int { half(ModelFormat.OperatorField.outputCount) }
    var tensorListIndex: Int { word(ModelFormat.OperatorField.tensorListIndex) }
    var parameterIndex: Int { word(ModelFormat.OperatorField.parameterIndex) }
    /// Number of parameter words.
    public var parameterCount: Int { word(ModelFormat.OperatorField.parameterCount) }
    /// Offset of the scratch buffer in its region's arena.
    public var scratchOffset: Int { word(ModelFormat.OperatorField.scratchOffset) }
    /// The memory region whose arena holds the scratch buffer.
    public var scratchRegion: Int { Int(model.bytes[offset &+ ModelFormat.OperatorField.scratchRegion]) }
    /// Scratch buffer size in bytes.
    public var scratchBytes: Int { word(ModelFormat.OperatorField.scratchBytes) }

    /// Tensor index of input `position`, or -1 for an omitted optional input.
    @inline(__always)
    public func input(_ position: Int) -> Int { model.operatorTensorEntry(tensorListIndex &+ position) }
    /// Tensor index of output `position`.
    @inline(__always)
    public func output(_ position: Int) -> Int { model.operatorTensorEntry(tensorListIndex &+ inputCount &+ position) }
    /// Parameter word `position`.
    @inline(__always)
    public func parameter(_ position: Int) -> Int32 { model.parameterWord(parameterIndex &+ position) }
}
