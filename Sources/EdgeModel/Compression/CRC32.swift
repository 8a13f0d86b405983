/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) as used by gzip and zip, computed eight
/// bytes at a time with the slicing-by-8 tables (the runtime's bitwise `Checksum.crc32` is too slow
/// for tens of megabytes).
enum CRC32 {
    /// Eight tables of 256 entries: table `k` advances the CRC over a byte followed by `k` zero bytes.
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
            tables[byte] = crc
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = tables[(slice - 1) * 256 + byte]
                tables[slice * 256 + byte] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    /// The CRC-32 of `bytes`.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let start = bytes.baseAddress, bytes.count > 0 else { return 0 }
        return tables.withUnsafeBufferPointer { tableBuffer in
            let table = tableBuffer.baseAddress!
            var crc: UInt32 = 0xFFFF_FFFF
            var position = 0
            let count = bytes.count
            while count - position >= 8 {
                let word = UInt64(littleEndian: start.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                let low = UInt32(truncatingIfNeeded: word) ^ crc
                let high = UInt32(truncatingIfNeeded: word >> 32)
                crc = table[7 * 256 + Int(low & 0xFF)] ^ table[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ table[5 * 256 + Int((low >> 16) & 0xFF)] ^ table[4 * 256 + Int(low >> 24)]
                    ^ table[3 * 256 + Int(high & 0xFF)] ^ table[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ table[256 + Int((high >> 16) & 0xFF)] ^ table[Int(high >> 24)]
                position += 8
            }
            while position < count {
                let byte = start.load(fromByteOffset: position, as: UInt8.self)
                crc = (crc >> 8) ^ table[Int((crc ^ UInt32(byte)) & 0xFF)]
                position += 1
            }
            return ~crc
        }
    }

    /// The CRC-32 of `bytes`.
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }
}
