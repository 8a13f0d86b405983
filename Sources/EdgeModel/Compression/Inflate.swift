/// Decoder for raw DEFLATE streams (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks.
///
/// Hostile input never traps: every read is bounds-checked, matches that reach before the start of
/// the output are rejected, and the output is capped at ``maximumOutputSize`` bytes.
public enum Inflate {
    /// The largest output any decompressor in this module produces (1 GiB); larger output is an error.
    public static let maximumOutputSize = 1 << 30

    /// Decompresses a raw DEFLATE stream (no zlib or gzip wrapper). Bytes after the final block are
    /// ignored.
    public static func decompress(_ deflateStream: [UInt8]) throws(ArchiveError) -> [UInt8] {
        try deflateStream.withUnsafeBufferPointer { (input) throws(ArchiveError) -> [UInt8] in
            let hint = min(input.count.multipliedReportingOverflow(by: 4).partialValue, maximumOutputSize)
            var decoder = InflateDecoder(input: input, position: 0, capacityHint: hint, limit: maximumOutputSize)
            defer { decoder.deallocate() }
            _ = try decoder.inflateStream()
            return decoder.outputArray()
        }
    }
}

/// The state of one decompression: a bit reader over the input, the output buffer, and the Huffman
/// tables. Several DEFLATE streams (gzip members) can be decoded one after another into the same
/// output; distances never reach into a previous stream.
///
/// Huffman codes are decoded through a 1024-entry table indexed by the next 10 input bits; each
/// entry holds `symbol << 4 | codeLength`, or 0 when the code is longer than 10 bits (or invalid),
/// in which case a canonical decoder walks the remaining lengths bit by bit.
struct InflateDecoder {
    /// Bits resolved by one table lookup.
    private static let fastBits = 10
    private static let fastMask: UInt64 = (1 << 10) - 1

    private let input: UnsafePointer<UInt8>?
    private let inputCount: Int
    /// The next input byte not yet in `bitBuffer`.
    private(set) var position: Int
    /// Unconsumed bits, least significant first. Bits above `bitCount` may hold input bytes that
    /// are not counted yet; refills overwrite them with the same values.
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0

    private var output: UnsafeMutablePointer<UInt8>
    private var outputCapacity: Int
    /// Bytes written so far.
    private(set) var outputCount = 0
    /// Where the stream being decoded started in the output; matches may not reach before it.
    private var streamStart = 0
    private let limit: Int

    private let storage: UnsafeMutablePointer<UInt16>
    private let literalTable: UnsafeMutablePointer<UInt16>
    private let distanceTable: UnsafeMutablePointer<UInt16>
    private let literalCounts: UnsafeMutablePointer<UInt16>
    private let literalSymbols: UnsafeMutablePointer<UInt16>
    private let distanceCounts: UnsafeMutablePointer<UInt16>
    private let distanceSymbols: UnsafeMutablePointer<UInt16>
    private let lengthBase: UnsafeMutablePointer<UInt16>
    private let lengthExtra: UnsafeMutablePointer<UInt16>
    private let distanceBase: UnsafeMutablePointer<UInt16>
    private let distanceExtra: UnsafeMutablePointer<UInt16>
    /// Whether the tables currently hold the fixed codes of RFC 1951 §3.2.6.
    private var tablesHoldFixedCodes = false

    private static let lengthBaseValues: [UInt16] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
        163, 195, 227, 258,
    ]
    private static let lengthExtraValues: [UInt16] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    private static let distanceBaseValues: [UInt16] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
        3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ]
    private static let distanceExtraValues: [UInt16] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]
    /// The order in which a dynamic block lists the code-length code's lengths.
    private static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// Prepares to decode `input` from byte `position`, with room for `capacityHint` output bytes
    /// and an error once the output would exceed `limit` bytes. Call ``deallocate()`` when done.
    init(input: UnsafeBufferPointer<UInt8>, position: Int, capacityHint: Int, limit: Int) {
        self.input = input.baseAddress
        self.inputCount = input.count
        self.position = position
        self.limit = limit
        outputCapacity = max(min(capacityHint, limit), 4096)
        output = .allocate(capacity: outputCapacity)
        storage = .allocate(capacity: 2560)
        storage.initialize(repeating: 0, count: 2560)
        literalTable = storage
        distanceTable = storage + 1024
        literalCounts = storage + 2048
        literalSymbols = storage + 2064
        distanceCounts = storage + 2352
        distanceSymbols = storage + 2368
        lengthBase = storage + 2400
        lengthExtra = storage + 2432
        distanceBase = storage + 2464
        distanceExtra = storage + 2496
        for index in 0..<29 {
            lengthBase[index] = Self.lengthBaseValues[index]
            lengthExtra[index] = Self.lengthExtraValues[index]
        }
        for index in 0..<30 {
            distanceBase[index] = Self.distanceBaseValues[index]
            distanceExtra[index] = Self.distanceExtraValues[index]
        }
    }

    /// Frees the output buffer and tables.
    func deallocate() {
        output.deallocate()
        storage.deallocate()
    }

    /// A copy of the output produced so far.
    func outputArray() -> [UInt8] {
        [UInt8](UnsafeBufferPointer(start: output, count: outputCount))
    }

    /// The output bytes written since `start`.
    func output(from start: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: output + start, count: outputCount - start)
    }

    /// Moves the reader to input byte `offset`, for the next stream.
    mutating func seek(to offset: Int) {
        position = offset
        bitBuffer = 0
        bitCount = 0
    }

    /// The offset of the input byte holding the next unread bit.
    private var byteOffset: Int { position - (bitCount + 7) / 8 }

    private func error(_ kind: ArchiveError.Kind, _ detail: String) -> ArchiveError {
        ArchiveError(kind, at: byteOffset, detail)
    }

    // MARK: Streams and blocks

    /// Decodes one DEFLATE stream starting at ``position`` and returns the offset of the first byte
    /// after it (the final block's last byte rounded up).
    mutating func inflateStream() throws(ArchiveError) -> Int {
        streamStart = outputCount
        bitBuffer = 0
        bitCount = 0
        while true {
            let header = try readBits(3)
            let isFinal = header & 1 == 1
            switch header >> 1 {
            case 0: try copyStoredBlock()
            case 1:
                if !tablesHoldFixedCodes { try buildFixedTables() }
                try decodeHuffmanBlock()
            case 2:
                try readDynamicTables()
                try decodeHuffmanBlock()
            default:
                throw error(.invalidBlockType, "invalid DEFLATE block type 3")
            }
            if isFinal { break }
        }
        // Give back whole bytes still buffered; the rest of the current byte is padding.
        let end = position - bitCount / 8
        position = end
        bitBuffer = 0
        bitCount = 0
        return end
    }

    private mutating func copyStoredBlock() throws(ArchiveError) {
        // Drop the bits up to the byte boundary, then read straight from the input.
        position -= bitCount / 8
        bitBuffer = 0
        bitCount = 0
        guard let input, inputCount - position >= 4 else {
            position = inputCount
            throw error(.truncated, "DEFLATE stream truncated in a stored block header")
        }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard length ^ complement == 0xFFFF else {
            throw error(.invalidStoredLength, "stored block length \(length) does not match its complement \(complement)")
        }
        position += 4
        guard inputCount - position >= length else {
            throw error(.truncated, "DEFLATE stream truncated in a stored block of \(length) bytes")
        }
        guard length <= limit - outputCount else { throw outputTooLarge() }
        try reserve(length)
        UnsafeMutableRawPointer(output + outputCount).copyMemory(from: input + position, byteCount: length)
        outputCount += length
        position += length
    }

    private mutating func decodeHuffmanBlock() throws(ArchiveError) {
        while true {
            if outputCapacity - outputCount < 258 { try reserve(258) }
            if bitCount < 48 { refill() }
            let symbol = try decodeSymbol(literalTable, literalCounts, literalSymbols)
            if symbol < 256 {
                output[outputCount] = UInt8(truncatingIfNeeded: symbol)
                outputCount += 1
                continue
            }
            if symbol == 256 {
                guard outputCount <= limit else { throw outputTooLarge() }
                return
            }
            let lengthIndex = symbol - 257
            guard lengthIndex < 29 else { throw error(.invalidSymbol, "invalid length symbol \(symbol)") }
            let length = Int(lengthBase[lengthIndex]) + (try readBits(Int(lengthExtra[lengthIndex])))
            let distanceSymbol = try decodeSymbol(distanceTable, distanceCounts, distanceSymbols)
            guard distanceSymbol < 30 else {
                throw error(.invalidSymbol, "invalid distance symbol \(distanceSymbol)")
            }
            let distance = Int(distanceBase[distanceSymbol]) + (try readBits(Int(distanceExtra[distanceSymbol])))
            guard distance <= outputCount - streamStart else {
                throw error(.distanceTooFar, "distance \(distance) reaches before the start of the output (\(outputCount - streamStart) bytes so far)")
            }
            copyMatch(length: length, distance: distance)
        }
    }

    /// Appends `length` bytes copied from `distance` bytes back; the caller reserved the room.
    @inline(__always)
    private mutating func copyMatch(length: Int, distance: Int) {
        let source = output + (outputCount - distance)
        var destination = output + outputCount
        outputCount += length
        if distance >= length {
            UnsafeMutableRawPointer(destination).copyMemory(from: source, byteCount: length)
            return
        }
        // The bytes from `source` to `destination` repeat with period `distance`; copying the whole
        // stretch keeps the period, and the stretch doubles each time.
        var remaining = length
        while remaining > 0 {
            let chunk = min(destination - source, remaining)
            UnsafeMutableRawPointer(destination).copyMemory(from: source, byteCount: chunk)
            destination += chunk
            remaining -= chunk
        }
    }

    private func outputTooLarge() -> ArchiveError {
        error(.outputTooLarge, "output exceeds the limit of \(limit) bytes")
    }

    /// Makes room for `count` more output bytes (at most 258 past the limit), or fails once the
    /// output is past the limit.
    private mutating func reserve(_ count: Int) throws(ArchiveError) {
        guard outputCount <= limit else { throw outputTooLarge() }
        if outputCapacity - outputCount >= count { return }
        let needed = outputCount + count
        let doubled = outputCapacity.multipliedReportingOverflow(by: 2).partialValue
        let newCapacity = min(max(needed, doubled), limit + 258)
        let newOutput = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        UnsafeMutableRawPointer(newOutput).copyMemory(from: output, byteCount: outputCount)
        output.deallocate()
        output = newOutput
        outputCapacity = newCapacity
    }

    // MARK: Bits

    /// Tops up `bitBuffer` to at least 56 bits, or to whatever input is left.
    @inline(__always)
    private mutating func refill() {
        guard let input else { return }
        if inputCount - position >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(input + position).loadUnaligned(as: UInt64.self))
            bitBuffer |= word &<< UInt64(bitCount)
            position += (63 - bitCount) >> 3
            bitCount |= 56
        } else {
            while bitCount <= 56 && position < inputCount {
                bitBuffer |= UInt64(input[position]) &<< UInt64(bitCount)
                position += 1
                bitCount += 8
            }
        }
    }

    /// Reads `count` (0...16) bits, least significant first.
    @inline(__always)
    private mutating func readBits(_ count: Int) throws(ArchiveError) -> Int {
        if bitCount < count {
            refill()
            if bitCount < count { throw error(.truncated, "DEFLATE stream truncated") }
        }
        let value = Int(truncatingIfNeeded: bitBuffer & ((1 &<< UInt64(count)) &- 1))
        bitBuffer &>>= UInt64(count)
        bitCount -= count
        return value
    }

    /// Decodes one Huffman-coded symbol.
    @inline(__always)
    private mutating func decodeSymbol(
        _ table: UnsafeMutablePointer<UInt16>, _ counts: UnsafeMutablePointer<UInt16>,
        _ symbols: UnsafeMutablePointer<UInt16>
    ) throws(ArchiveError) -> Int {
        if bitCount < 15 { refill() }
        let entry = Int(table[Int(truncatingIfNeeded: bitBuffer & Self.fastMask)])
        let length = entry & 15
        if length != 0 && length <= bitCount {
            bitBuffer &>>= UInt64(length)
            bitCount -= length
            return entry >> 4
        }
        return try decodeSymbolSlowly(counts, symbols)
    }

    /// Canonical decoding one bit at a time (RFC 1951 §3.2.2), for codes the table does not resolve.
    private mutating func decodeSymbolSlowly(
        _ counts: UnsafeMutablePointer<UInt16>, _ symbols: UnsafeMutablePointer<UInt16>
    ) throws(ArchiveError) -> Int {
        var bits = bitBuffer
        var code = 0
        var first = 0
        var index = 0
        for length in 1...15 {
            code |= Int(bits & 1)
            bits >>= 1
            let count = Int(counts[length])
            if code - first < count {
                guard length <= bitCount else { throw error(.truncated, "DEFLATE stream truncated") }
                bitBuffer &>>= UInt64(length)
                bitCount -= length
                return Int(symbols[index + code - first])
            }
            index += count
            first += count
            first <<= 1
            code <<= 1
        }
        if bitCount < 15 { throw error(.truncated, "DEFLATE stream truncated") }
        throw error(.invalidSymbol, "invalid Huffman code")
    }

    // MARK: Tables

    private mutating func buildFixedTables() throws(ArchiveError) {
        var lengths = [UInt8](repeating: 8, count: 288)
        for symbol in 144..<256 { lengths[symbol] = 9 }
        for symbol in 256..<280 { lengths[symbol] = 7 }
        try buildTable(lengths, 0..<288, literalTable, literalCounts, literalSymbols, name: "literal/length")
        // 32 five-bit codes; symbols 30 and 31 are rejected when decoded.
        let distanceLengths = [UInt8](repeating: 5, count: 32)
        try buildTable(distanceLengths, 0..<32, distanceTable, distanceCounts, distanceSymbols, name: "distance")
        tablesHoldFixedCodes = true
    }

    private mutating func readDynamicTables() throws(ArchiveError) {
        tablesHoldFixedCodes = false
        let literalCount = try readBits(5) + 257
        let distanceCount = try readBits(5) + 1
        let codeLengthCount = try readBits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else {
            throw error(.invalidCodeLengths, "too many length or distance symbols (\(literalCount), \(distanceCount))")
        }
        var codeLengthLengths = [UInt8](repeating: 0, count: 19)
        for index in 0..<codeLengthCount {
            codeLengthLengths[Self.codeLengthOrder[index]] = UInt8(try readBits(3))
        }
        try buildTable(codeLengthLengths, 0..<19, literalTable, literalCounts, literalSymbols, name: "code length",
                       allowsSingleCode: false)

        let total = literalCount + distanceCount
        var lengths = [UInt8](repeating: 0, count: total)
        var index = 0
        while index < total {
            let symbol = try decodeSymbol(literalTable, literalCounts, literalSymbols)
            if symbol < 16 {
                lengths[index] = UInt8(symbol)
                index += 1
                continue
            }
            var repeated: UInt8 = 0
            let repeatCount: Int
            switch symbol {
            case 16:
                guard index > 0 else {
                    throw error(.invalidCodeLengths, "code length repeat with no previous length")
                }
                repeated = lengths[index - 1]
                repeatCount = 3 + (try readBits(2))
            case 17: repeatCount = 3 + (try readBits(3))
            default: repeatCount = 11 + (try readBits(7))
            }
            guard repeatCount <= total - index else {
                throw error(.invalidCodeLengths, "code length repeat runs past \(total) lengths")
            }
            for _ in 0..<repeatCount {
                lengths[index] = repeated
                index += 1
            }
        }
        guard lengths[256] != 0 else {
            throw error(.invalidCodeLengths, "literal/length code has no end-of-block symbol")
        }
        try buildTable(lengths, 0..<literalCount, literalTable, literalCounts, literalSymbols, name: "literal/length")
        try buildTable(lengths, literalCount..<total, distanceTable, distanceCounts, distanceSymbols, name: "distance")
    }

    /// Builds the lookup table, per-length counts and canonically ordered symbols for the code whose
    /// lengths are `lengths[range]` (symbol `s` has length `lengths[range.lowerBound + s]`).
    private func buildTable(
        _ lengths: [UInt8], _ range: Range<Int>, _ table: UnsafeMutablePointer<UInt16>,
        _ counts: UnsafeMutablePointer<UInt16>, _ symbols: UnsafeMutablePointer<UInt16>, name: String, allowsSingleCode: Bool = true
    ) throws(ArchiveError) {
        var lengthCounts = [Int](repeating: 0, count: 16)
        var longest = 0
        for index in range {
            let length = Int(lengths[index])
            lengthCounts[length] += 1
            longest = max(longest, length)
        }
        var left = 1
        for length in 1...15 {
            left <<= 1
            left -= lengthCounts[length]
            if left < 0 { throw error(.invalidCodeLengths, "over-subscribed \(name) code lengths") }
        }
        // Incomplete codes are allowed only for a single one-bit code (RFC 1951 §3.2.7), or for an
        // unused distance code; the code-length code must be complete.
        if left > 0 && !(allowsSingleCode && longest <= 1) {
            throw error(.invalidCodeLengths, "incomplete \(name) code lengths")
        }

        counts[0] = 0
        var offsets = [Int](repeating: 0, count: 16)
        var nextCode = [Int](repeating: 0, count: 16)
        var code = 0
        for length in 1...15 {
            counts[length] = UInt16(lengthCounts[length])
            offsets[length] = length == 1 ? 0 : offsets[length - 1] + lengthCounts[length - 1]
            code = (code + (length == 1 ? 0 : lengthCounts[length - 1])) << 1
            nextCode[length] = code
        }
        table.update(repeating: 0, count: 1024)
        for (symbol, index) in range.enumerated() {
            let length = Int(lengths[index])
            if length == 0 { continue }
            symbols[offsets[length]] = UInt16(symbol)
            offsets[length] += 1
            let assigned = nextCode[length]
            nextCode[length] += 1
            guard length <= Self.fastBits else { continue }
            var reversed = 0
            for bit in 0..<length where assigned & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
            let entry = UInt16(symbol << 4 | length)
            var slot = reversed
            while slot < 1024 {
                table[slot] = entry
                slot += 1 << length
            }
        }
    }
}
