/// A FlatBuffer vector (a 32-bit element count followed by the elements), checked to lie inside the
/// file. Strings are vectors of bytes; vectors of tables hold one 32-bit offset per element.
struct FlatBufferVector {
    /// The file the vector lives in.
    let reader: FlatBufferReader
    /// The number of elements.
    let count: Int
    /// Bytes per element.
    let elementWidth: Int
    /// Where the first element starts.
    let elementsStart: Int
    /// One past the last element's last byte.
    var elementsEnd: Int { elementsStart + count * elementWidth }
    /// What the vector holds, for error messages.
    let description: String

    /// Reads the length at `lengthPosition` and checks that every element lies inside the file.
    init(reader: FlatBufferReader, lengthPosition: Int, elementWidth: Int, describing what: String)
        throws(TFLiteImportError)
    {
        let count = Int(try reader.uint32(at: lengthPosition, reading: "\(what) length"))
        // count < 2^32 and elementWidth <= 8, so the product fits easily in a 64-bit Int.
        try reader.checkRange(lengthPosition + 4, width: count * elementWidth, reading: "\(what) (\(count) elements)")
        self.reader = reader
        self.count = count
        self.elementWidth = elementWidth
        self.elementsStart = lengthPosition + 4
        self.description = what
    }

    /// Where element `index` starts; throws when `index` is outside the vector.
    func position(of index: Int) throws(TFLiteImportError) -> Int {
        guard index >= 0, index < count else {
            throw .malformed("\(description) index \(index) is outside its \(count) elements", at: elementsStart)
        }
        return elementsStart + index * elementWidth
    }

    /// Element `index` as an unsigned byte.
    func uint8(at index: Int) throws(TFLiteImportError) -> UInt8 {
        try reader.uint8(at: try position(of: index), reading: description)
    }

    /// Element `index` as a signed 32-bit integer.
    func int32(at index: Int) throws(TFLiteImportError) -> Int32 {
        try reader.int32(at: try position(of: index), reading: description)
    }

    /// Element `index` as a signed 64-bit integer.
    func int64(at index: Int) throws(TFLiteImportError) -> Int64 {
        try reader.int64(at: try position(of: index), reading: description)
    }

    /// Element `index` as a single-precision float.
    func float32(at index: Int) throws(TFLiteImportError) -> Float {
        try reader.float32(at: try position(of: index), reading: description)
    }

    /// Element `index` as a table (the element is an offset to it).
    func table(at index: Int) throws(TFLiteImportError) -> FlatBufferTable {
        try reader.table(referencedAt: try position(of: index), reading: "\(description)[\(index)]")
    }

    /// The elements as raw bytes (for a vector of bytes, the bytes themselves).
    func byteArray() -> [UInt8] {
        Array(reader.bytes[elementsStart..<elementsEnd])
    }
}
