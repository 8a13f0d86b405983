/// Why a DEFLATE stream, gzip file or zip archive could not be read.
///
/// Every error names the problem in one line and, where it has one, the byte offset in the input at
/// which the problem was found (for DEFLATE data, the byte holding the next unread bit).
public struct ArchiveError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The category of a failure, for code that reacts to errors rather than printing them.
    public enum Kind: Equatable, Sendable {
        /// The input ends before the structure being read is complete.
        case truncated
        /// A DEFLATE block header names the reserved block type 3.
        case invalidBlockType
        /// A stored block's length and its one's complement disagree.
        case invalidStoredLength
        /// A Huffman code's lengths are over-subscribed, incomplete, or repeat a missing length.
        case invalidCodeLengths
        /// A Huffman-coded symbol is not a valid code or names a reserved length or distance.
        case invalidSymbol
        /// A match refers further back than the data produced so far.
        case distanceTooFar
        /// The output would exceed the decompressor's size limit.
        case outputTooLarge
        /// A gzip or zip header has the wrong signature or an impossible field.
        case badHeader
        /// A CRC-32 stored in the input differs from the one computed over the output.
        case checksumMismatch
        /// A declared size differs from the actual size.
        case sizeMismatch
        /// A valid but unsupported feature (ZIP64, encryption, a compression method other than DEFLATE).
        case unsupported
        /// A zip archive has no entry with the requested name.
        case entryNotFound
    }

    /// The category of the failure.
    public var kind: Kind
    /// The byte offset in the input where the problem was found, when there is one.
    public var offset: Int?
    /// A short description of the problem, without the offset.
    public var detail: String

    /// Creates an error of `kind` found at `offset`, described by `detail`.
    public init(_ kind: Kind, at offset: Int?, _ detail: String) {
        self.kind = kind
        self.offset = offset
        self.detail = detail
    }

    /// One line: the problem, then the byte offset when known.
    public var description: String {
        if let offset { return "\(detail) at byte \(offset)" }
        return detail
    }
}
