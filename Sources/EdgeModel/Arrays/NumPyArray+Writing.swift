import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension NumPyArray {
    /// The array as a `.npy` file, byte for byte what `numpy.save` writes: format 1.0 (2.0 only if
    /// the header outgrows 64 KiB), keys in sorted order, room for the first axis to grow, and
    /// padding so that the data starts at a multiple of 64 bytes.
    public func npyBytes() -> [UInt8] {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        var header = "{'descr': '\(elementType.descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        if let first = shape.first {
            // numpy leaves room for the first dimension to grow to 21 digits without a rewrite.
            header += String(repeating: " ", count: max(0, 21 - String(first).count))
        }
        var headerBytes = Array(header.utf8)
        let unpadded = headerBytes.count + 1  // with the final newline
        let prefixLength = unpadded + 64 - (10 + unpadded) % 64 <= 65535 ? 10 : 12
        let padding = 64 - (prefixLength + unpadded) % 64
        headerBytes += [UInt8](repeating: 0x20, count: padding) + [0x0A]

        var file: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        file.reserveCapacity(prefixLength + headerBytes.count + bytes.count)
        let length = headerBytes.count
        if prefixLength == 10 {
            file += [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)]
        } else {
            file += [2, 0] + (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
        }
        file += headerBytes
        file += bytes
        return file
    }

    /// Writes the array as a `.npy` file atomically: the bytes go to a temporary file in the same
    /// folder, which is then renamed over `url`, so readers never see a partial file.
    public func write(to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        try Data(npyBytes()).write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(
                .fileWriteUnknown,
                userInfo: [NSFilePathErrorKey: url.path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)])
        }
    }
}
