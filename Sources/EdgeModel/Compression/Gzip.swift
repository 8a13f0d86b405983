/// Decoder for gzip files (RFC 1952), such as the MNIST `.gz` files.
///
/// Reads every member of a multi-member file and concatenates their output; zero bytes padding the
/// end (as written to tapes) are skipped. Each member's header flags (`FTEXT`, `FHCRC`, `FEXTRA`,
/// `FNAME`, `FCOMMENT`) are honoured, the header CRC is checked when present, and each member's
/// CRC-32 and `ISIZE` are verified against its output.
public enum Gzip {
    /// Decompresses a whole gzip file.
    public static func decompress(_ bytes: [UInt8]) throws(ArchiveError) -> [UInt8] {
        try bytes.withUnsafeBufferPointer { (input) throws(ArchiveError) -> [UInt8] in
            try decompress(input)
        }
    }

    private static func decompress(_ input: UnsafeBufferPointer<UInt8>) throws(ArchiveError) -> [UInt8] {
        guard !input.isEmpty else { throw ArchiveError(.truncated, at: 0, "gzip input is empty") }
        // The last member's ISIZE (size modulo 2^32) sizes the output buffer; a hostile value is
        // bounded by DEFLATE's best ratio (about 1032:1).
        var hint = 0
        if input.count >= 18 {
            hint = readUInt32(input, input.count - 4)
            hint = min(hint, input.count.multipliedReportingOverflow(by: 1032).partialValue, Inflate.maximumOutputSize)
        }
        var decoder = InflateDecoder(
            input: input, position: 0, capacityHint: hint + 1, limit: Inflate.maximumOutputSize)
        defer { decoder.deallocate() }

        var position = 0
        while true {
            let memberStart = position
            decoder.seek(to: try headerEnd(input, memberStart))
            let outputStart = decoder.outputCount
            let deflateEnd = try decoder.inflateStream()
            guard input.count - deflateEnd >= 8 else {
                throw ArchiveError(.truncated, at: deflateEnd, "gzip member ends before its CRC-32 and size trailer")
            }
            let storedChecksum = UInt32(readUInt32(input, deflateEnd))
            let storedSize = UInt32(readUInt32(input, deflateEnd + 4))
            let computedChecksum = CRC32.checksum(decoder.output(from: outputStart))
            guard storedChecksum == computedChecksum else {
                throw ArchiveError(
                    .checksumMismatch, at: deflateEnd,
                    "gzip CRC-32 mismatch: stored \(hex(storedChecksum)), computed \(hex(computedChecksum))")
            }
            let actualSize = decoder.outputCount - outputStart
            guard storedSize == UInt32(truncatingIfNeeded: actualSize) else {
                throw ArchiveError(
                    .sizeMismatch, at: deflateEnd + 4,
                    "gzip ISIZE \(storedSize) differs from the decompressed size \(actualSize) (modulo 2^32)")
            }
            position = deflateEnd + 8
            while position < input.count && input[position] == 0 { position += 1 }
            if position == input.count { break }
        }
        return decoder.outputArray()
    }

    /// Validates the member header at `start` and returns the offset of its DEFLATE data.
    private static func headerEnd(_ input: UnsafeBufferPointer<UInt8>, _ start: Int) throws(ArchiveError) -> Int {
        guard input.count - start >= 10 else {
            throw ArchiveError(.truncated, at: start, "gzip header truncated (\(input.count - start) of 10 bytes)")
        }
        guard input[start] == 0x1F, input[start + 1] == 0x8B else {
            throw ArchiveError(
                .badHeader, at: start,
                "not a gzip member: magic \(hex(input[start])) \(hex(input[start + 1])) instead of 0x1f 0x8b")
        }
        guard input[start + 2] == 8 else {
            throw ArchiveError(.unsupported, at: start + 2, "gzip compression method \(input[start + 2]) is not DEFLATE (8)")
        }
        let flags = input[start + 3]
        guard flags & 0xE0 == 0 else {
            throw ArchiveError(.badHeader, at: start + 3, "gzip header has reserved flag bits set (\(hex(flags)))")
        }
        var position = start + 10
        if flags & 0x04 != 0 {  // FEXTRA: a two-byte length, then that many bytes.
            guard input.count - position >= 2 else {
                throw ArchiveError(.truncated, at: position, "gzip header truncated in the FEXTRA length")
            }
            let length = Int(input[position]) | Int(input[position + 1]) << 8
            position += 2
            guard input.count - position >= length else {
                throw ArchiveError(.truncated, at: position, "gzip header truncated in the \(length)-byte FEXTRA field")
            }
            position += length
        }
        for (flag, name) in [(UInt8(0x08), "FNAME"), (0x10, "FCOMMENT")] where flags & flag != 0 {
            while position < input.count && input[position] != 0 { position += 1 }
            guard position < input.count else {
                throw ArchiveError(.truncated, at: position, "gzip header truncated in the zero-terminated \(name) field")
            }
            position += 1
        }
        if flags & 0x02 != 0 {  // FHCRC: the low 16 bits of the CRC-32 of the header so far.
            guard input.count - position >= 2 else {
                throw ArchiveError(.truncated, at: position, "gzip header truncated in the FHCRC field")
            }
            let stored = UInt16(input[position]) | UInt16(input[position + 1]) << 8
            let computed = UInt16(truncatingIfNeeded: CRC32.checksum(
                UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(input)[start..<position])))
            guard stored == computed else {
                throw ArchiveError(
                    .checksumMismatch, at: position,
                    "gzip header CRC mismatch: stored \(hex(stored)), computed \(hex(computed))")
            }
            position += 2
        }
        return position
    }

    private static func readUInt32(_ input: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Int {
        Int(input[offset]) | Int(input[offset + 1]) << 8 | Int(input[offset + 2]) << 16 | Int(input[offset + 3]) << 24
    }
}

/// `0x` followed by the value in hexadecimal, for error messages.
func hex<Value: BinaryInteger>(_ value: Value) -> String {
    "0x" + String(value, radix: 16)
}
