/// A FlatBuffer object to serialize: a table, a vector or a string. The writer's side of
/// `FlatBufferReader`, enough for the TFLite schema (no unions of structs, no nested buffers).
indirect enum FlatBufferObject {
    /// A table: field identifier → value. Absent identifiers are left out of the vtable.
    case table([Int: FlatBufferValue])
    /// A vector of scalars: `count` elements of `elementSize` little-endian bytes, the first element
    /// aligned to `alignment` (a power of two, at least the element size).
    case scalars([UInt8], elementSize: Int, count: Int, alignment: Int)
    /// A vector of tables or strings.
    case objects([FlatBufferObject])
    /// A UTF-8 string (zero-terminated on disk).
    case string(String)

    /// A vector of little-endian `Int32`s.
    static func int32s(_ values: [Int32]) -> FlatBufferObject {
        .scalars(values.flatMap(\.littleEndianBytes), elementSize: 4, count: values.count, alignment: 4)
    }

    /// A vector of little-endian `Int64`s.
    static func int64s(_ values: [Int64]) -> FlatBufferObject {
        .scalars(values.flatMap(\.littleEndianBytes), elementSize: 8, count: values.count, alignment: 8)
    }

    /// A vector of `Float`s.
    static func float32s(_ values: [Float]) -> FlatBufferObject {
        .scalars(values.flatMap(\.bitPattern.littleEndianBytes), elementSize: 4, count: values.count, alignment: 4)
    }

    /// A vector of bytes whose first byte is aligned to `alignment` (TFLite aligns constant buffers to 16).
    static func bytes(_ values: [UInt8], alignment: Int = 1) -> FlatBufferObject {
        .scalars(values, elementSize: 1, count: values.count, alignment: alignment)
    }
}

/// One field of a table: an inline scalar or a reference to an object stored after the table.
enum FlatBufferValue {
    /// Little-endian bytes stored in the table, aligned to their width (1, 2, 4 or 8).
    case scalar([UInt8])
    /// A `uoffset` to an object.
    case object(FlatBufferObject)

    static func int8(_ value: Int8) -> FlatBufferValue { .scalar([UInt8(bitPattern: value)]) }
    static func uint8(_ value: UInt8) -> FlatBufferValue { .scalar([value]) }
    static func bool(_ value: Bool) -> FlatBufferValue { .scalar([value ? 1 : 0]) }
    static func int32(_ value: Int32) -> FlatBufferValue { .scalar(value.littleEndianBytes) }
    static func uint32(_ value: UInt32) -> FlatBufferValue { .scalar(value.littleEndianBytes) }
    static func float32(_ value: Float) -> FlatBufferValue { .scalar(value.bitPattern.littleEndianBytes) }
}

/// Serializes a tree of `FlatBufferObject`s front to back: each table is preceded by its vtable and
/// followed by the objects it refers to, so every `uoffset` points forward as the format requires,
/// and every scalar sits at a position aligned to its width (what the FlatBuffers verifier checks).
struct FlatBufferBuilder {
    private(set) var bytes: [UInt8] = []

    /// The finished buffer: the root table's offset, the 4-byte file identifier, then the tree.
    static func serialize(root: FlatBufferObject, fileIdentifier: [UInt8]) -> [UInt8] {
        precondition(fileIdentifier.count == 4, "a FlatBuffer file identifier has 4 bytes")
        var builder = FlatBufferBuilder()
        builder.bytes = [0, 0, 0, 0] + fileIdentifier
        let position = builder.place(root)
        builder.patch(offsetAt: 0, to: position)
        builder.pad(to: 16)
        return builder.bytes
    }

    /// Appends `object` and everything it refers to; returns the position an offset to it targets.
    private mutating func place(_ object: FlatBufferObject) -> Int {
        switch object {
        case .table(let fields): return placeTable(fields)
        case .scalars(let data, let elementSize, let count, let alignment):
            precondition(data.count == elementSize * count, "vector bytes disagree with its count")
            // The length word sits just before the first element, and both are aligned.
            let alignment = max(4, alignment)
            while (bytes.count + 4) % alignment != 0 { bytes.append(0) }
            let position = bytes.count
            bytes += UInt32(count).littleEndianBytes
            bytes += data
            return position
        case .objects(let elements):
            pad(to: 4)
            let position = bytes.count
            bytes += UInt32(elements.count).littleEndianBytes
            let slots = elements.indices.map { position + 4 + 4 * $0 }
            bytes += [UInt8](repeating: 0, count: 4 * elements.count)
            for (slot, element) in zip(slots, elements) { patch(offsetAt: slot, to: place(element)) }
            return position
        case .string(let text):
            pad(to: 4)
            let position = bytes.count
            let utf8 = Array(text.utf8)
            bytes += UInt32(utf8.count).littleEndianBytes
            bytes += utf8 + [0]
            return position
        }
    }

    private mutating func placeTable(_ fields: [Int: FlatBufferValue]) -> Int {
        // Inline layout: the soffset to the vtable first, then fields widest first (each aligned to
        // its width relative to the table's start, which is aligned to the widest).
        func width(_ value: FlatBufferValue) -> Int {
            switch value {
            case .scalar(let data): return data.count
            case .object: return 4
            }
        }
        let ordered = fields.sorted { (width($0.value), -$0.key) > (width($1.value), -$1.key) }
        let tableAlignment = max(4, ordered.map { width($0.value) }.max() ?? 4)
        var fieldOffsets: [Int: Int] = [:]
        var size = 4
        for (identifier, value) in ordered {
            let fieldWidth = width(value)
            precondition([1, 2, 4, 8].contains(fieldWidth), "a table scalar is 1, 2, 4 or 8 bytes")
            size = (size + fieldWidth - 1) / fieldWidth * fieldWidth
            fieldOffsets[identifier] = size
            size += fieldWidth
        }
        size = (size + tableAlignment - 1) / tableAlignment * tableAlignment
        let slotCount = (fields.keys.max() ?? -1) + 1

        pad(to: 2)
        let vtable = bytes.count
        bytes += UInt16(4 + 2 * slotCount).littleEndianBytes
        bytes += UInt16(size).littleEndianBytes
        for identifier in 0..<slotCount { bytes += UInt16(fieldOffsets[identifier] ?? 0).littleEndianBytes }
        pad(to: tableAlignment)
        let table = bytes.count
        bytes += [UInt8](repeating: 0, count: size)
        write(Int32(table - vtable).littleEndianBytes, at: table)
        var children: [(slot: Int, object: FlatBufferObject)] = []
        for (identifier, value) in fields {
            let position = table + fieldOffsets[identifier]!
            switch value {
            case .scalar(let data): write(data, at: position)
            case .object(let object): children.append((position, object))
            }
        }
        for child in children.sorted(by: { $0.slot < $1.slot }) { patch(offsetAt: child.slot, to: place(child.object)) }
        return table
    }

    private mutating func pad(to alignment: Int) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }

    private mutating func write(_ data: [UInt8], at position: Int) {
        for (offset, byte) in data.enumerated() { bytes[position + offset] = byte }
    }

    private mutating func patch(offsetAt slot: Int, to target: Int) {
        precondition(target > slot, "FlatBuffer offsets point forward")
        write(UInt32(target - slot).littleEndianBytes, at: slot)
    }
}

extension FixedWidthInteger {
    /// The value's bytes, least significant first.
    var littleEndianBytes: [UInt8] {
        (0..<(Self.bitWidth / 8)).map { UInt8(truncatingIfNeeded: self >> ($0 * 8)) }
    }
}
