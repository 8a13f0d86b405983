/// Why a model file was rejected, or why an interpreter could not be created.
///
/// Every case names the part that failed (a section, a tensor index, an operator index) so that the
/// host can print a one-line message; the runtime itself carries no strings.
public enum ModelError: Error, Equatable, Sendable {
    /// The buffer is shorter than the header or than a declared size.
    case truncated(needed: Int, available: Int)
    /// The buffer does not start at a 16-byte aligned address.
    case misalignedBuffer
    /// The first four bytes are not `EDGM`.
    case badMagic(found: UInt32)
    /// The major version is not one this runtime reads.
    case unsupportedVersion(major: Int, minor: Int)
    /// A header field holds an impossible value (named by its byte offset in the header).
    case invalidHeaderField(offset: Int, value: Int)
    /// The header's file size differs from the buffer's size.
    case fileSizeMismatch(declared: Int, actual: Int)
    /// The body's CRC-32 differs from the header's.
    case checksumMismatch(stored: UInt32, computed: UInt32)
    /// A section kind is missing, unknown or listed twice.
    case invalidSectionTable(kind: Int)
    /// A section lies outside the file, is misaligned, or has the wrong size for its record count.
    case sectionOutOfBounds(kind: Int)
    /// A tensor's element type code is unknown.
    case unknownElementType(tensor: Int, code: Int)
    /// A tensor's storage code is unknown.
    case unknownStorage(tensor: Int, code: Int)
    /// A tensor has rank above six or a dimension below one.
    case invalidShape(tensor: Int)
    /// The product of a tensor's dimensions overflows.
    case elementCountOverflow(tensor: Int)
    /// A tensor's byte count is not its element count times its element size.
    case byteCountMismatch(tensor: Int, declared: Int, expected: Int)
    /// A constant tensor's bytes lie outside the constants section or are misaligned.
    case constantOutOfBounds(tensor: Int)
    /// An arena tensor lies outside its region's planned arena, or names a region beyond the last.
    case arenaTensorOutOfBounds(tensor: Int)
    /// A tensor's per-channel quantization or name lies outside its section.
    case tensorMetadataOutOfBounds(tensor: Int)
    /// An operator code this runtime does not know.
    case unknownOperator(operator: Int, code: Int)
    /// An operator's tensor list or parameters lie outside their sections.
    case operatorOutOfBounds(operator: Int)
    /// An operator has the wrong number of inputs or outputs.
    case wrongTensorCount(operator: Int)
    /// An operator refers to a tensor index that does not exist.
    case tensorIndexOutOfRange(operator: Int, index: Int)
    /// An operator has the wrong number of parameter words.
    case wrongParameterCount(operator: Int, expected: Int, found: Int)
    /// A parameter word is out of its valid range (stride 0, shift beyond 31, clamp outside int8...).
    case invalidParameter(operator: Int, word: Int)
    /// An operator's tensor has the wrong element type, storage or quantization for the operator.
    case elementTypeMismatch(operator: Int, tensor: Int)
    /// An operator's tensor has a shape the operator cannot take.
    case shapeMismatch(operator: Int, tensor: Int)
    /// An operator's scratch buffer lies outside its region's arena or overlaps a live tensor.
    case scratchOutOfBounds(operator: Int)
    /// The header's arena size of a region is not the one the plan implies: the largest offset + size
    /// over the region's arena tensors and scratch buffers, rounded up to the 16-byte alignment.
    case arenaSizeMismatch(region: Int, declared: Int, planned: Int)
    /// The application-processor kernels' workspace is smaller than ``Interpreter/workspaceBytes(for:kernels:)``.
    case workspaceTooSmall(required: Int, available: Int)
    /// A graph input or output index is out of range or not an arena tensor.
    case invalidGraphIO(position: Int)
    /// An operator reads an arena tensor that no earlier operator wrote and that is not an input.
    case readBeforeWrite(operator: Int, tensor: Int)
    /// An arena tensor is written by two operators, or a graph input is overwritten.
    case writtenTwice(operator: Int, tensor: Int)
    /// Two tensors alive at the same time share arena bytes.
    case overlappingTensors(first: Int, second: Int)
    /// The arena handed to the interpreter for a region is smaller than the model's plan needs there.
    case arenaTooSmall(region: Int, required: Int, available: Int)
}
