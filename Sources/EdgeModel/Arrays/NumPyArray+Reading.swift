import Foundation

extension NumPyArray {
    /// Parses a `.npy` file (format versions 1.0, 2.0 and 3.0).
    ///
    /// Rejects, each with a one-line ``NumPyError``: a bad magic string or version, a header that is
    /// not a dictionary of exactly `descr`, `fortran_order` and `shape`, Fortran order, big-endian or
    /// unsupported element types, negative or overflowing shapes, and data shorter or longer than
    /// the shape requires.
    public init(npyBytes: [UInt8]) throws(NumPyError) {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
        guard npyBytes.count >= 6 else {
            throw NumPyError(.truncated, "file is \(npyBytes.count) bytes, too short for the .npy magic string")
        }
        guard Array(npyBytes[0..<6]) == magic else {
            throw NumPyError(.badMagic, "not a .npy file: it does not start with \\x93NUMPY")
        }
        guard npyBytes.count >= 8 else { throw NumPyError(.truncated, "file ends before the format version") }
        let major = npyBytes[6]
        let minor = npyBytes[7]
        let headerStart: Int
        let headerLength: Int
        switch (major, minor) {
        case (1, 0):
            guard npyBytes.count >= 10 else { throw NumPyError(.truncated, "file ends before the header length") }
            headerStart = 10
            headerLength = Int(npyBytes[8]) | Int(npyBytes[9]) << 8
        case (2, 0), (3, 0):
            guard npyBytes.count >= 12 else { throw NumPyError(.truncated, "file ends before the header length") }
            headerStart = 12
            headerLength = Int(npyBytes[8]) | Int(npyBytes[9]) << 8 | Int(npyBytes[10]) << 16 | Int(npyBytes[11]) << 24
        default:
            throw NumPyError(.unsupportedVersion, ".npy format version \(major).\(minor) is not supported (only 1.0, 2.0, 3.0)")
        }
        guard headerLength <= npyBytes.count - headerStart else {
            throw NumPyError(
                .truncated, "header of \(headerLength) bytes runs past the end of the \(npyBytes.count)-byte file")
        }
        let dataStart = headerStart + headerLength
        let header = try NumPyHeader(npyBytes[headerStart..<dataStart])

        let count = try Self.checkedElementCount(header.shape)
        let (expected, overflow) = count.multipliedReportingOverflow(by: header.elementType.byteWidth)
        guard !overflow else { throw NumPyError(.invalidShape, "shape \(header.shape) has too many bytes") }
        let available = npyBytes.count - dataStart
        guard available >= expected else {
            throw NumPyError(
                .truncated,
                "data truncated: shape \(header.shape) of \(header.elementType) needs \(expected) bytes, file has \(available)")
        }
        guard available == expected else {
            throw NumPyError(
                .sizeMismatch,
                "\(available - expected) bytes after the \(expected) data bytes of shape \(header.shape)")
        }
        self.init(uncheckedShape: header.shape, elementType: header.elementType, bytes: Array(npyBytes[dataStart...]))
    }

    /// Reads a `.npy` file. Errors are ``NumPyError`` (naming the file) or the file system's error.
    public static func load(contentsOf url: URL) throws -> NumPyArray {
        let data = try Data(contentsOf: url)
        do throws(NumPyError) {
            return try NumPyArray(npyBytes: [UInt8](data))
        } catch {
            var error = error
            error.source = url.path
            throw error
        }
    }

    /// Reads every array of a `.npz` archive (as written by `numpy.savez` or `savez_compressed`),
    /// keyed by entry name without the `.npy` suffix. Errors are ``ArchiveError``, ``NumPyError``
    /// (naming the archive and entry) or the file system's error.
    public static func loadArchive(contentsOf url: URL) throws -> [String: NumPyArray] {
        try arrays(npzBytes: [UInt8](try Data(contentsOf: url)), source: url.path)
    }

    /// Reads every array of `.npz` archive bytes, keyed by entry name without the `.npy` suffix;
    /// `source` names the archive in errors. Errors are ``ArchiveError`` or ``NumPyError`` (naming
    /// the archive and entry).
    public static func arrays(npzBytes: [UInt8], source: String) throws -> [String: NumPyArray] {
        let archive = try ZipArchive(bytes: npzBytes)
        var arrays: [String: NumPyArray] = [:]
        for name in archive.entryNames where !name.hasSuffix("/") {
            let key = name.hasSuffix(".npy") ? String(name.dropLast(4)) : name
            let contents = try archive.contents(of: name)
            do throws(NumPyError) {
                arrays[key] = try NumPyArray(npyBytes: contents)
            } catch {
                var error = error
                error.source = "\(source)[\(name)]"
                throw error
            }
        }
        return arrays
    }
}

/// The three fields of a `.npy` header, parsed from its Python dictionary literal, for example
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
struct NumPyHeader {
    var elementType: NumPyArray.ElementType
    var shape: [Int]

    /// A Python literal as far as `.npy` headers use them.
    private indirect enum Value {
        case string(String)
        case boolean(Bool)
        case integer(Int)
        case sequence([Value])
        case none
    }

    private let text: [UInt8]
    private var position = 0

    init(_ bytes: ArraySlice<UInt8>) throws(NumPyError) {
        text = Array(bytes)
        elementType = .int8
        shape = []
        var fields: [String: Value] = [:]
        try parseDictionary(into: &fields)
        skipWhitespace()
        guard position == text.count else { throw malformed("unexpected text after the header dictionary") }

        for key in fields.keys.sorted() where !["descr", "fortran_order", "shape"].contains(key) {
            throw malformed("unexpected key '\(key)' in the header")
        }
        guard let descr = fields["descr"] else { throw malformed("header has no 'descr' key") }
        guard let fortranOrder = fields["fortran_order"] else { throw malformed("header has no 'fortran_order' key") }
        guard let shapeValue = fields["shape"] else { throw malformed("header has no 'shape' key") }

        guard case .string(let typeString) = descr else {
            throw NumPyError(.unsupportedElementType, "structured or non-string 'descr' is not supported")
        }
        elementType = try Self.elementType(typeString)

        guard case .boolean(let isFortran) = fortranOrder else { throw malformed("'fortran_order' is not True or False") }
        guard !isFortran else {
            throw NumPyError(.fortranOrder, "fortran_order is True: column-major arrays are not supported, save in C order")
        }

        guard case .sequence(let dimensions) = shapeValue else { throw malformed("'shape' is not a tuple") }
        for dimension in dimensions {
            guard case .integer(let size) = dimension else { throw malformed("'shape' holds a non-integer") }
            guard size >= 0 else { throw NumPyError(.invalidShape, "'shape' has a negative dimension \(size)") }
            shape.append(size)
        }
    }

    /// Maps a `descr` such as `'<f4'` or `'|i1'` to an element type.
    private static func elementType(_ descr: String) throws(NumPyError) -> NumPyArray.ElementType {
        var code = Substring(descr)
        var order: Character = "|"
        if let first = code.first, "<>|=".contains(first) {
            order = first
            code = code.dropFirst()
        }
        let type: NumPyArray.ElementType
        switch code {
        case "i1": type = .int8
        case "u1": type = .uint8
        case "i2": type = .int16
        case "i4": type = .int32
        case "i8": type = .int64
        case "f4": type = .float32
        case "f8": type = .float64
        default:
            throw NumPyError(
                .unsupportedElementType,
                "unsupported element type '\(descr)' (supported: \(NumPyArray.ElementType.allCases.map(\.descr).joined(separator: ", ")))")
        }
        if type.byteWidth > 1 && order == ">" {
            throw NumPyError(.bigEndian, "big-endian element type '\(descr)' is not supported")
        }
        if type.byteWidth > 1 && order == "|" {
            throw NumPyError(.unsupportedElementType, "element type '\(descr)' has no byte order")
        }
        return type
    }

    private func malformed(_ detail: String) -> NumPyError {
        NumPyError(.malformedHeader, "malformed header: \(detail)")
    }

    // MARK: Parsing

    private mutating func skipWhitespace() {
        while position < text.count, [0x20, 0x09, 0x0A, 0x0D].contains(text[position]) { position += 1 }
    }

    private mutating func expect(_ character: UInt8) throws(NumPyError) {
        skipWhitespace()
        guard position < text.count, text[position] == character else {
            throw malformed("expected '\(Character(Unicode.Scalar(character)))' at header byte \(position)")
        }
        position += 1
    }

    /// Whether the next non-blank character is `character`; consumes it when it is.
    private mutating func accept(_ character: UInt8) -> Bool {
        skipWhitespace()
        guard position < text.count, text[position] == character else { return false }
        position += 1
        return true
    }

    private mutating func parseDictionary(into fields: inout [String: Value]) throws(NumPyError) {
        try expect(UInt8(ascii: "{"))
        while !accept(UInt8(ascii: "}")) {
            guard case .string(let key) = try parseValue() else { throw malformed("a dictionary key is not a string") }
            try expect(UInt8(ascii: ":"))
            guard fields[key] == nil else { throw malformed("key '\(key)' appears twice") }
            fields[key] = try parseValue()
            if !accept(UInt8(ascii: ",")) {
                try expect(UInt8(ascii: "}"))
                break
            }
        }
    }

    /// Deepest nesting of tuples and lists a header may use (a shape needs one level; the limit keeps
    /// a hostile header of brackets from overflowing the stack).
    static let maximumNesting = 16

    private mutating func parseValue(depth: Int = 0) throws(NumPyError) -> Value {
        skipWhitespace()
        guard position < text.count else { throw malformed("header ends inside the dictionary") }
        let character = text[position]
        switch character {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            position += 1
            let start = position
            while position < text.count && text[position] != character {
                guard text[position] != UInt8(ascii: "\\") else { throw malformed("escapes in strings are not supported") }
                position += 1
            }
            guard position < text.count else { throw malformed("unterminated string") }
            let value = String(decoding: text[start..<position], as: UTF8.self)
            position += 1
            return .string(value)
        case UInt8(ascii: "("), UInt8(ascii: "["):
            let closing = character == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "]")
            guard depth < Self.maximumNesting else {
                throw malformed("tuples or lists nested deeper than \(Self.maximumNesting) at header byte \(position)")
            }
            position += 1
            var elements: [Value] = []
            while !accept(closing) {
                elements.append(try parseValue(depth: depth + 1))
                if !accept(UInt8(ascii: ",")) {
                    try expect(closing)
                    break
                }
            }
            return .sequence(elements)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let negative = character == UInt8(ascii: "-")
            if negative { position += 1 }
            var value = 0
            var digits = 0
            while position < text.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[position]) {
                let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = shifted.addingReportingOverflow(Int(text[position] - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { throw NumPyError(.invalidShape, "integer in the header is too large") }
                value = sum
                digits += 1
                position += 1
            }
            guard digits > 0 else { throw malformed("'-' without digits at header byte \(position)") }
            if position < text.count && text[position] == UInt8(ascii: "L") { position += 1 }  // Python 2 long
            return .integer(negative ? -value : value)
        default:
            for (word, value) in [("True", Value.boolean(true)), ("False", .boolean(false)), ("None", .none)] {
                let letters = Array(word.utf8)
                if text.count - position >= letters.count && Array(text[position..<(position + letters.count)]) == letters {
                    position += letters.count
                    return value
                }
            }
            throw malformed("unexpected character '\(Character(Unicode.Scalar(character)))' at header byte \(position)")
        }
    }
}
