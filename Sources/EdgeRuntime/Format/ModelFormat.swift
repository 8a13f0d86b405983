/// Byte layout of an `.edm` model file (docs/FORMAT.md is the prose version of this file).
///
/// All integers are little-endian. The file starts with a 64-byte header, followed by a table of
/// sections; every section starts at a 16-byte aligned offset. Record layouts are fixed-size so
/// the runtime reads them in place.
public enum ModelFormat {
    /// The four bytes `EDGM` as a little-endian word.
    public static let magic: UInt32 = 0x4D47_4445
    /// The major version this runtime reads; files with another major version are rejected.
    public static let majorVersion: UInt16 = 1
    /// The minor version of a file whose buffers all live in region 0 (one arena).
    public static let minorVersion: UInt16 = 0
    /// The minor version of a file that places buffers in regions 1–3 too (a runtime reading 1.0 only
    /// rejects such a file: it finds the region sizes where 1.0 has reserved zero words).
    public static let regionsMinorVersion: UInt16 = 1
    /// Size of the fixed header.
    public static let headerBytes = 64
    /// Size of one section-table entry.
    public static let sectionEntryBytes = 16
    /// Size of one tensor record.
    public static let tensorRecordBytes = 64
    /// Size of one operator record.
    public static let operatorRecordBytes = 32
    /// Size of one per-channel quantization entry (float32 scale, int32 zero point).
    public static let quantizationEntryBytes = 8
    /// Alignment of sections and constant buffers.
    public static let alignment = 16
    /// Largest tensor rank.
    public static let maximumRank = 6
    /// Number of memory regions a plan may use, each with its own arena (region 0 is the arena of a
    /// single-region file).
    public static let maximumRegions = 4

    /// Header field offsets.
    public enum Header {
        /// `UInt32` magic.
        public static let magic = 0
        /// `UInt16` major version.
        public static let majorVersion = 4
        /// `UInt16` minor version.
        public static let minorVersion = 6
        /// `UInt32` flags, zero in version 1.
        public static let flags = 8
        /// `UInt32` header size, 64.
        public static let headerBytes = 12
        /// `UInt32` total file size.
        public static let fileBytes = 16
        /// `UInt32` CRC-32 (IEEE) of bytes `headerBytes ..< fileBytes`.
        public static let bodyChecksum = 20
        /// `UInt32` exact arena size the plan needs in region 0.
        public static let arenaBytes = 24
        /// `UInt32` number of section-table entries.
        public static let sectionCount = 28
        /// `UInt32` number of tensor records.
        public static let tensorCount = 32
        /// `UInt32` number of operator records.
        public static let operatorCount = 36
        /// `UInt32` number of graph inputs.
        public static let inputCount = 40
        /// `UInt32` number of graph outputs.
        public static let outputCount = 44
        /// `UInt32` length of the model's name, stored at the start of the names section.
        public static let modelNameBytes = 48
        /// `UInt32 × 3` exact arena sizes the plan needs in regions 1, 2 and 3 (zero when unused).
        public static let regionArenaBytes = 52
    }

    /// Tensor record field offsets.
    public enum TensorField {
        /// `UInt8` element type.
        public static let elementType = 0
        /// `UInt8` rank.
        public static let rank = 1
        /// `UInt8` storage, see ``TensorStorage``.
        public static let storage = 2
        /// `UInt8` memory region of an arena tensor (0 for constants).
        public static let region = 3
        /// `Int32 × 6` dimensions; unused ones are zero.
        public static let dimensions = 4
        /// `UInt32` offset: into the arena, or into the constants section.
        public static let dataOffset = 28
        /// `UInt32` byte count.
        public static let byteCount = 32
        /// `Float32` scale, zero when unquantized.
        public static let scale = 36
        /// `Int32` zero point.
        public static let zeroPoint = 40
        /// `UInt32` first entry in the quantization section.
        public static let quantizationIndex = 44
        /// `UInt32` entries in the quantization section (0 or 1: per tensor; more: per channel).
        public static let quantizationCount = 48
        /// `UInt32` channel axis of per-channel quantization.
        public static let quantizationAxis = 52
        /// `UInt32` offset of the name in the names section.
        public static let nameOffset = 56
        /// `UInt32` name length in bytes.
        public static let nameBytes = 60
    }

    /// Operator record field offsets.
    public enum OperatorField {
        /// `UInt16` ``OperatorKind`` code.
        public static let kind = 0
        /// `UInt8` memory region of the scratch buffer (0 when there is none).
        public static let scratchRegion = 2
        /// `UInt32` first entry of this operator in the operator-tensors section.
        public static let tensorListIndex = 4
        /// `UInt16` number of inputs.
        public static let inputCount = 8
        /// `UInt16` number of outputs.
        public static let outputCount = 10
        /// `UInt32` first word in the parameters section.
        public static let parameterIndex = 12
        /// `UInt32` number of parameter words.
        public static let parameterCount = 16
        /// `UInt32` offset of the operator's scratch buffer in its region's arena.
        public static let scratchOffset = 20
        /// `UInt32` scratch buffer size; zero when the operator needs none.
        public static let scratchBytes = 24
    }
}

/// Where a tensor's bytes live.
public enum TensorStorage: UInt8, Sendable {
    /// In the arena, at the planned offset.
    case arena = 0
    /// In the model's constants section, read in place.
    case constant = 1
}

/// The sections of a model file. Each appears exactly once in the section table.
public enum SectionKind: UInt32, Sendable, CaseIterable {
    /// Tensor records.
    case tensors = 1
    /// Operator records.
    case operators = 2
    /// `Int32` tensor indices: each operator's inputs then outputs; `-1` = omitted input.
    case operatorTensors = 3
    /// `Int32` parameter words, precomputed by the writer (multipliers, shifts, padding, clamps).
    case parameters = 4
    /// Constant tensor bytes, each buffer 16-byte aligned.
    case constants = 5
    /// `Int32` graph input indices, then graph output indices.
    case graphIO = 6
    /// Per-channel quantization entries: `Float32` scale, `Int32` zero point.
    case quantization = 7
    /// UTF-8 tensor names and the model name.
    case names = 8
}
