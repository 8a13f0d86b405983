/// The field identifiers of one FlatBuffer table type: the raw value is the field's position in the
/// schema (0-based), which is its slot in the table's vtable. Union fields take two identifiers, the
/// type byte first and the value second.
protocol FlatBufferField: RawRepresentable<Int> {
    /// The table's name in the schema, used in error messages (for example `Tensor`).
    static var tableName: String { get }
}

/// One table of a FlatBuffer with its vtable already checked to lie inside the file.
///
/// A table starts with a signed 32-bit offset back to its vtable (`vtable = table − offset`). The
/// vtable holds its own size in bytes, the table's inline size, then one 16-bit offset per field
/// (0 when the field is absent, in which case the schema default applies).
struct FlatBufferTable {
    /// The file the table lives in.
    let reader: FlatBufferReader
    /// Where the table starts.
    let position: Int
    /// Where its vtable starts.
    let vtablePosition: Int
    /// The vtable's size in bytes (4 plus 2 per field slot).
    let vtableByteCount: Int
    /// The table's inline size in bytes, including the vtable offset.
    let inlineByteCount: Int

    /// Reads and checks the vtable of the table at `position`.
    init(reader: FlatBufferReader, position: Int, describing what: String) throws(TFLiteImportError) {
        let vtableOffset = try reader.int32(at: position, reading: "\(what) vtable offset")
        let vtablePosition = position - Int(vtableOffset)
        let vtableByteCount = Int(try reader.uint16(at: vtablePosition, reading: "\(what) vtable"))
        guard vtableByteCount >= 4, vtableByteCount % 2 == 0 else {
            throw .malformed("\(what) vtable size \(vtableByteCount) is invalid", at: vtablePosition)
        }
        try reader.checkRange(vtablePosition, width: vtableByteCount, reading: "\(what) vtable")
        let inlineByteCount = Int(try reader.uint16(at: vtablePosition + 2, reading: "\(what) vtable"))
        guard inlineByteCount >= 4 else {
            throw .malformed("\(what) table size \(inlineByteCount) is invalid", at: vtablePosition + 2)
        }
        try reader.checkRange(position, width: inlineByteCount, reading: what)
        self.reader = reader
        self.position = position
        self.vtablePosition = vtablePosition
        self.vtableByteCount = vtableByteCount
        self.inlineByteCount = inlineByteCount
    }

    /// The name used for `field` in error messages, such as `Tensor.buffer`.
    private func describe<Field: FlatBufferField>(_ field: Field) -> String {
        "\(Field.tableName).\(field)"
    }

    /// Where `field`'s inline value of `width` bytes starts, or `nil` when the field is absent.
    func fieldPosition<Field: FlatBufferField>(_ field: Field, width: Int) throws(TFLiteImportError) -> Int? {
        let slot = 4 + 2 * field.rawValue
        guard field.rawValue >= 0, slot + 2 <= vtableByteCount else { return nil }
        let offset = Int(try reader.uint16(at: vtablePosition + slot, reading: "\(describe(field)) vtable entry"))
        guard offset != 0 else { return nil }
        guard offset >= 4, offset + width <= inlineByteCount else {
            throw .malformed(
                "\(describe(field)) lies outside its \(inlineByteCount)-byte table", at: vtablePosition + slot)
        }
        return position + offset
    }

    /// Whether `field` is present.
    func has<Field: FlatBufferField>(_ field: Field) throws(TFLiteImportError) -> Bool {
        try fieldPosition(field, width: 0) != nil
    }

    /// An unsigned byte field (enums, union types, booleans).
    func uint8<Field: FlatBufferField>(_ field: Field, default value: UInt8 = 0) throws(TFLiteImportError) -> UInt8 {
        guard let position = try fieldPosition(field, width: 1) else { return value }
        return try reader.uint8(at: position, reading: describe(field))
    }

    /// A signed byte field.
    func int8<Field: FlatBufferField>(_ field: Field, default value: Int8 = 0) throws(TFLiteImportError) -> Int8 {
        guard let position = try fieldPosition(field, width: 1) else { return value }
        return try reader.int8(at: position, reading: describe(field))
    }

    /// A boolean field (stored as one byte, nonzero meaning true).
    func bool<Field: FlatBufferField>(_ field: Field, default value: Bool = false) throws(TFLiteImportError) -> Bool {
        try uint8(field, default: value ? 1 : 0) != 0
    }

    /// A signed 32-bit field.
    func int32<Field: FlatBufferField>(_ field: Field, default value: Int32 = 0) throws(TFLiteImportError) -> Int32 {
        guard let position = try fieldPosition(field, width: 4) else { return value }
        return try reader.int32(at: position, reading: describe(field))
    }

    /// An unsigned 32-bit field.
    func uint32<Field: FlatBufferField>(_ field: Field, default value: UInt32 = 0) throws(TFLiteImportError) -> UInt32 {
        guard let position = try fieldPosition(field, width: 4) else { return value }
        return try reader.uint32(at: position, reading: describe(field))
    }

    /// An unsigned 64-bit field.
    func uint64<Field: FlatBufferField>(_ field: Field, default value: UInt64 = 0) throws(TFLiteImportError) -> UInt64 {
        guard let position = try fieldPosition(field, width: 8) else { return value }
        return try reader.uint64(at: position, reading: describe(field))
    }

    /// A single-precision float field.
    func float32<Field: FlatBufferField>(_ field: Field, default value: Float = 0) throws(TFLiteImportError) -> Float {
        guard let position = try fieldPosition(field, width: 4) else { return value }
        return try reader.float32(at: position, reading: describe(field))
    }

    /// A sub-table field, or `nil` when absent.
    func table<Field: FlatBufferField>(_ field: Field) throws(TFLiteImportError) -> FlatBufferTable? {
        guard let position = try fieldPosition(field, width: 4) else { return nil }
        return try reader.table(referencedAt: position, reading: describe(field))
    }

    /// A vector field with elements of `elementWidth` bytes, or `nil` when absent.
    func vector<Field: FlatBufferField>(_ field: Field, elementWidth: Int) throws(TFLiteImportError) -> FlatBufferVector? {
        guard let position = try fieldPosition(field, width: 4) else { return nil }
        return try reader.vector(referencedAt: position, elementWidth: elementWidth, reading: describe(field))
    }

    /// A string field, or `nil` when absent.
    func string<Field: FlatBufferField>(_ field: Field) throws(TFLiteImportError) -> String? {
        guard let position = try fieldPosition(field, width: 4) else { return nil }
        return try reader.string(referencedAt: position, reading: describe(field))
    }

    /// A vector of signed 32-bit integers as `Int`s; empty when absent.
    func int32Array<Field: FlatBufferField>(_ field: Field) throws(TFLiteImportError) -> [Int] {
        guard let vector = try vector(field, elementWidth: 4) else { return [] }
        var values: [Int] = []
        values.reserveCapacity(vector.count)
        for index in 0..<vector.count { values.append(Int(try vector.int32(at: index))) }
        return values
    }
}
