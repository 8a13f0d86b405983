// Shared by every harness in tools/fuzz (linked into each).

/// The input as an array.
func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}

/// CRC-32 (IEEE, reflected 0xEDB88320) with a 256-entry table: the same value as the runtime's
/// table-free `Checksum.crc32`, computed faster, for harnesses that rewrite a file's checksum so
/// mutations get past it.
let crcTable: [UInt32] = (0..<256).map { index in
    var crc = UInt32(index)
    for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    return crc
}

func fastCRC32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    crcTable.withUnsafeBufferPointer { table in
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = (crc >> 8) ^ table[Int((crc ^ UInt32(byte)) & 0xFF)] }
        return ~crc
    }
}
