/// Bounds-checked little-endian reads from the bytes of a FlatBuffer.
///
/// Every read checks its position against the buffer, so a truncated or hostile file produces a
/// `TFLiteImportError` naming the byte where it went wrong instead of a trap. Positions are `Int`
/// (64-bit on every supported host), so adding an unsigned 32-bit offset to a position cannot overflow.
struct FlatBufferReader {
    /// The whole file.
    let bytes: [UInt8]

    /// The number of bytes in the file.
    var count: Int { bytes.count }

    /// Throws unless `width` bytes starting at `position` lie inside the file.
    func checkRange(
        _ position: Int, width: Int, reading what: @autoclosure () -> String
    ) throws(TFLiteImportError) {
        guard position >= 0, width >= 0, position <= bytes.count, width <= bytes.count - position else {
            throw .malformed("\(what()) (\(width) bytes) extends past the end of the \(bytes.count)-byte file", at: position)
        }
    }

    /// The unsigned little-endian integer of `width` bytes at `position`, widened to `UInt64`.
    private func littleEndianBits(at position: Int, width: Int, reading what: @autoclosure () -> String)
        throws(TFLiteImportError) -> UInt64
    {
        try checkRange(position, width: width, reading: what())
        var value: UInt64 = 0
        for index in 0..<width {
            value |= UInt64(bytes[position + index]) << (8 * UInt64(index))
        }
        return value
    }

    /// The byte at `position`.
    func uint8(at position: Int, reading what: @autoclosure () -> String = "a byte") throws(TFLiteImportError) -> UInt8 {
        UInt8(truncatingIfNeeded: try littleEndianBits(at: position, width: 1, reading: what()))
    }

    /// The signed byte at `position`.
    func int8(at position: Int, reading what: @autoclosure () -> String = "a byte") throws(TFLiteImportError) -> Int8 {
        Int8(truncatingIfNeeded: try littleEndianBits(at: position, width: 1, reading: what()))
    }

    /// The little-endian `UInt16` at `position`.
    func uint16(at position: Int, reading what: @autoclosure () -> String = "a 16-bit value")
        throws(TFLiteImportError) -> UInt16
    {
        UInt16(truncatingIfNeeded: try littleEndianBits(at: position, width: 2, reading: what()))
    }

    /// The little-endian `UInt32` at `position`.
    func uint32(at position: Int, reading what: @autoclosure () -> String = "a 32-bit value")
        throws(TFLiteImportError) -> UInt32
    {
        UInt32(truncatingIfNeeded: try littleEndianBits(at: position, width: 4, reading: what()))
    }

    /// The little-endian `Int32` at `position`.
    func int32(at position: Int, reading what: @autoclosure () -> String = "a 32-bit value")
        throws(TFLiteImportError) -> Int32
    {
        Int32(truncatingIfNeeded: try littleEndianBits(at: position, width: 4, reading: what()))
    }

    /// The little-endian `UInt64` at `position`.
    func uint64(at position: Int, reading what: @autoclosure () -> String = "a 64-bit value")
        throws(TFLiteImportError) -> UInt64
    {
        try littleEndianBits(at: position, width: 8, reading: what())
    }

    /// The little-endian `Int64` at `position`.
    func int64(at position: Int, reading what: @autoclosure () -> String = "a 64-bit value")
        throws(TFLiteImportError) -> Int64
    {
        Int64(truncatingIfNeeded: try littleEndianBits(at: position, width: 8, reading: what()))
    }

    /// The little-endian IEEE-754 single at `position`.
    func float32(at position: Int, reading what: @autoclosure () -> String = "a float")
        throws(TFLiteImportError) -> Float
    {
        Float(bitPattern: try uint32(at: position, reading: what()))
    }

    /// A copy of `length` bytes starting at `position`.
    func byteArray(at position: Int, length: Int, reading what: @autoclosure () -> String)
        throws(TFLiteImportError) -> [UInt8]
    {
        try checkRange(position, width: length, reading: what())
        return Array(bytes[position..<(position + length)])
    }

    /// The position an unsigned 32-bit offset stored at `position` points to (relative to itself).
    func followOffset(at position: Int, reading what: @autoclosure () -> String) throws(TFLiteImportError) -> Int {
        let offset = try uint32(at: position, reading: what())
        let target = position + Int(offset)
        try checkRange(target, width: 0, reading: what())
        return target
    }

    /// The table whose offset is stored at `position`: validates its vtable.
    func table(referencedAt position: Int, reading what: @autoclosure () -> String)
        throws(TFLiteImportError) -> FlatBufferTable
    {
        let description = what()
        let tablePosition = try followOffset(at: position, reading: description)
        return try FlatBufferTable(reader: self, position: tablePosition, describing: description)
    }

    /// The vector whose offset is stored at `position`, holding elements of `elementWidth` bytes.
    func vector(referencedAt position: Int, elementWidth: Int, reading what: @autoclosure () -> String)
        throws(TFLiteImportError) -> FlatBufferVector
    {
        let description = what()
        let start = try followOffset(at: position, reading: description)
        return try FlatBufferVector(reader: self, lengthPosition: start, elementWidth: elementWidth, describing: description)
    }

    /// The string whose offset is stored at `position`; invalid UTF-8 is repaired, never trapped on.
    func string(referencedAt position: Int, reading what: @autoclosure () -> String) throws(TFLiteImportError) -> String {
        let characters = try vector(referencedAt: position, elementWidth: 1, reading: what())
        return String(decoding: bytes[characters.elementsStart..<characters.elementsEnd], as: UTF8.self)
    }
}
