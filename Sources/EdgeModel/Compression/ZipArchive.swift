/// A zip archive read through its central directory, such as a NumPy `.npz` file.
///
/// Entries may be stored (method 0) or deflated (method 8); each entry's CRC-32 and size are checked
/// when it is read. ZIP64, encrypted entries, multi-disk archives and other compression methods are
/// rejected with an ``ArchiveError`` of kind `.unsupported`.
public struct ZipArchive: Sendable {
    /// One central-directory record.
    private struct Entry: Sendable {
        var name: String
        var method: Int
        var checksum: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
        /// Where the central-directory record starts, for error messages.
        var recordOffset: Int
    }

    private let bytes: [UInt8]
    private let entries: [Entry]
    private let indexByName: [String: Int]

    /// The entry names in central-directory order (folders included, as `name/`).
    public var entryNames: [String] { entries.map(\.name) }

    /// Reads the central directory of the archive in `bytes`; entry data is read by ``contents(of:)``.
    public init(bytes: [UInt8]) throws(ArchiveError) {
        self.bytes = bytes
        let endRecord = try Self.findEndRecord(bytes)
        let diskNumber = Self.read16(bytes, endRecord + 4)
        let directoryDisk = Self.read16(bytes, endRecord + 6)
        let entriesOnDisk = Self.read16(bytes, endRecord + 8)
        let entryCount = Self.read16(bytes, endRecord + 10)
        let directorySize = Self.read32(bytes, endRecord + 12)
        let directoryOffset = Self.read32(bytes, endRecord + 16)
        if endRecord >= 20 && Self.read32(bytes, endRecord - 20) == 0x0706_4B50
            || entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF
        {
            throw ArchiveError(.unsupported, at: endRecord, "ZIP64 archives are not supported")
        }
        guard diskNumber == 0, directoryDisk == 0, entriesOnDisk == entryCount else {
            throw ArchiveError(.unsupported, at: endRecord + 4, "multi-disk zip archives are not supported")
        }
        guard directoryOffset <= endRecord, directorySize <= endRecord - directoryOffset else {
            throw ArchiveError(
                .badHeader, at: endRecord + 12,
                "central directory (\(directorySize) bytes at \(directoryOffset)) lies outside the archive")
        }

        var entries: [Entry] = []
        var indexByName: [String: Int] = [:]
        var position = directoryOffset
        let directoryEnd = directoryOffset + directorySize
        for _ in 0..<entryCount {
            guard directoryEnd - position >= 46 else {
                throw ArchiveError(.truncated, at: position, "central directory truncated before its \(entryCount) entries")
            }
            guard Self.read32(bytes, position) == 0x0201_4B50 else {
                throw ArchiveError(.badHeader, at: position, "bad central directory record signature")
            }
            let flags = Self.read16(bytes, position + 8)
            let nameLength = Self.read16(bytes, position + 28)
            let recordLength = 46 + nameLength + Self.read16(bytes, position + 30) + Self.read16(bytes, position + 32)
            guard directoryEnd - position >= recordLength else {
                throw ArchiveError(.truncated, at: position, "central directory record runs past the directory's end")
            }
            let name = String(decoding: bytes[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self)
            let entry = Entry(
                name: name, method: Self.read16(bytes, position + 10), checksum: UInt32(Self.read32(bytes, position + 16)),
                compressedSize: Self.read32(bytes, position + 20), uncompressedSize: Self.read32(bytes, position + 24),
                localHeaderOffset: Self.read32(bytes, position + 42), recordOffset: position)
            if flags & 1 != 0 {
                throw ArchiveError(.unsupported, at: position + 8, "zip entry \"\(name)\" is encrypted")
            }
            if entry.compressedSize == 0xFFFF_FFFF || entry.uncompressedSize == 0xFFFF_FFFF
                || entry.localHeaderOffset == 0xFFFF_FFFF
            {
                throw ArchiveError(.unsupported, at: position + 20, "zip entry \"\(name)\" uses ZIP64 sizes")
            }
            if indexByName[name] == nil { indexByName[name] = entries.count }
            entries.append(entry)
            position += recordLength
        }
        self.entries = entries
        self.indexByName = indexByName
    }

    /// The uncompressed bytes of the entry called `name`, after checking its size and CRC-32.
    public func contents(of name: String) throws(ArchiveError) -> [UInt8] {
        guard let index = indexByName[name] else {
            throw ArchiveError(.entryNotFound, at: nil, "zip archive has no entry named \"\(name)\"")
        }
        let entry = entries[index]
        let header = entry.localHeaderOffset
        guard header <= bytes.count - 30 else {
            throw ArchiveError(.truncated, at: header, "local header of \"\(name)\" lies outside the archive")
        }
        guard Self.read32(bytes, header) == 0x0403_4B50 else {
            throw ArchiveError(.badHeader, at: header, "bad local header signature for \"\(name)\"")
        }
        let dataStart = header + 30 + Self.read16(bytes, header + 26) + Self.read16(bytes, header + 28)
        guard dataStart <= bytes.count, entry.compressedSize <= bytes.count - dataStart else {
            throw ArchiveError(.truncated, at: dataStart, "data of \"\(name)\" (\(entry.compressedSize) bytes) runs past the archive's end")
        }
        let data: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw ArchiveError(
                    .sizeMismatch, at: entry.recordOffset + 20,
                    "stored entry \"\(name)\" has compressed size \(entry.compressedSize) but size \(entry.uncompressedSize)")
            }
            data = Array(bytes[dataStart..<(dataStart + entry.compressedSize)])
        case 8:
            data = try bytes.withUnsafeBufferPointer { (buffer) throws(ArchiveError) -> [UInt8] in
                // Reads from the whole archive so that error offsets are archive offsets; the stream
                // may not produce more than the declared size.
                let limit = min(entry.uncompressedSize, Inflate.maximumOutputSize)
                let slice = UnsafeBufferPointer(rebasing: buffer[..<(dataStart + entry.compressedSize)])
                var decoder = InflateDecoder(input: slice, position: dataStart, capacityHint: limit, limit: limit)
                defer { decoder.deallocate() }
                do throws(ArchiveError) {
                    _ = try decoder.inflateStream()
                } catch {
                    guard error.kind == .outputTooLarge else { throw error }
                    throw ArchiveError(
                        .sizeMismatch, at: error.offset,
                        "entry \"\(name)\" inflates to more than its declared \(entry.uncompressedSize) bytes")
                }
                return decoder.outputArray()
            }
        default:
            throw ArchiveError(
                .unsupported, at: entry.recordOffset + 10,
                "zip entry \"\(name)\" uses compression method \(entry.method); only stored (0) and deflated (8) are supported")
        }
        guard data.count == entry.uncompressedSize else {
            throw ArchiveError(
                .sizeMismatch, at: dataStart,
                "entry \"\(name)\" inflates to \(data.count) bytes, not its declared \(entry.uncompressedSize)")
        }
        let checksum = CRC32.checksum(data)
        guard checksum == entry.checksum else {
            throw ArchiveError(
                .checksumMismatch, at: dataStart,
                "CRC-32 mismatch in \"\(name)\": stored \(hex(entry.checksum)), computed \(hex(checksum))")
        }
        return data
    }

    /// Finds the end-of-central-directory record, searching back over a comment of up to 64 KiB.
    private static func findEndRecord(_ bytes: [UInt8]) throws(ArchiveError) -> Int {
        guard bytes.count >= 22 else {
            throw ArchiveError(.truncated, at: bytes.count, "zip archive too short (\(bytes.count) bytes) for an end record")
        }
        var position = bytes.count - 22
        let lowest = max(0, position - 0xFFFF)
        while position >= lowest {
            if bytes[position] == 0x50 && read32(bytes, position) == 0x0605_4B50
                && read16(bytes, position + 20) == bytes.count - position - 22
            {
                return position
            }
            position -= 1
        }
        throw ArchiveError(.badHeader, at: bytes.count - 22, "no zip end-of-central-directory record found")
    }

    private static func read16(_ bytes: [UInt8], _ offset: Int) -> Int {
        Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
    }

    private static func read32(_ bytes: [UInt8], _ offset: Int) -> Int {
        read16(bytes, offset) | read16(bytes, offset + 2) << 16
    }
}
