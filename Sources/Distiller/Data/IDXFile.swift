/// An IDX array (the MNIST file format): big-endian header with a magic number that gives the
/// element type and rank, then the dimensions, then the elements. Only unsigned bytes (type 0x08)
/// are supported, which is what MNIST uses.
public struct IDXFile: Sendable, Equatable {
    /// Dimensions, outermost first (`[60000, 28, 28]` for MNIST training images).
    public var shape: [Int]
    /// The elements, row-major.
    public var bytes: [UInt8]

    /// Creates an IDX array from its parts.
    public init(shape: [Int], bytes: [UInt8]) {
        precondition(shape.reduce(1, *) == bytes.count, "shape \(shape) does not hold \(bytes.count) bytes")
        self.shape = shape
        self.bytes = bytes
    }

    /// Parses decompressed IDX bytes; `name` appears in errors.
    public init(parsing data: [UInt8], name: String = "IDX data") throws(DatasetError) {
        func fail(_ reason: String) -> DatasetError { .malformed(path: name, reason: reason) }
        guard data.count >= 4 else { throw fail("only \(data.count) bytes, too short for an IDX header") }
        guard data[0] == 0, data[1] == 0 else { throw fail("bad IDX magic: first two bytes must be zero") }
        guard data[2] == 0x08 else {
            throw fail("IDX element type 0x\(String(data[2], radix: 16)) is not supported (only unsigned bytes, 0x08)")
        }
        let rank = Int(data[3])
        guard rank >= 1 else { throw fail("IDX rank must be at least 1") }
        let headerSize = 4 + 4 * rank
        guard data.count >= headerSize else { throw fail("header needs \(headerSize) bytes, file has \(data.count)") }
        var dimensions: [Int] = []
        var elementCount = 1
        for index in 0..<rank {
            let offset = 4 + 4 * index
            let dimension = Int(data[offset]) << 24 | Int(data[offset + 1]) << 16 | Int(data[offset + 2]) << 8 | Int(data[offset + 3])
            dimensions.append(dimension)
            elementCount *= dimension
        }
        guard data.count == headerSize + elementCount else {
            throw fail("shape \(dimensions) needs \(headerSize + elementCount) bytes, file has \(data.count)")
        }
        shape = dimensions
        bytes = Array(data[headerSize...])
    }

    /// The file's bytes: header then elements.
    public func serialized() -> [UInt8] {
        var data: [UInt8] = [0, 0, 0x08, UInt8(shape.count)]
        for dimension in shape {
            data += [UInt8(truncatingIfNeeded: dimension >> 24), UInt8(truncatingIfNeeded: dimension >> 16),
                     UInt8(truncatingIfNeeded: dimension >> 8), UInt8(truncatingIfNeeded: dimension)]
        }
        return data + bytes
    }
}
