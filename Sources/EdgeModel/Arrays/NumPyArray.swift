/// An n-dimensional array as stored in NumPy's `.npy` format: a shape, an element type and the raw
/// little-endian element bytes in C (row-major) order.
///
/// Reading and writing `.npy` bytes and files, and reading `.npz` archives, are in
/// `NumPyArray+Reading.swift` and `NumPyArray+Writing.swift`.
public struct NumPyArray: Equatable, Sendable {
    /// The element types this library reads and writes, each with its NumPy `descr` string.
    public enum ElementType: String, CaseIterable, Equatable, Sendable {
        /// Signed 8-bit integers, `'|i1'`.
        case int8 = "|i1"
        /// Unsigned 8-bit integers, `'|u1'`.
        case uint8 = "|u1"
        /// Signed 16-bit integers, `'<i2'`.
        case int16 = "<i2"
        /// Signed 32-bit integers, `'<i4'`.
        case int32 = "<i4"
        /// Signed 64-bit integers, `'<i8'`.
        case int64 = "<i8"
        /// IEEE 754 single precision, `'<f4'`.
        case float32 = "<f4"
        /// IEEE 754 double precision, `'<f8'`.
        case float64 = "<f8"

        /// The NumPy type string written in headers, such as `'<f4'`.
        public var descr: String { rawValue }

        /// Bytes per element.
        public var byteWidth: Int {
            switch self {
            case .int8, .uint8: 1
            case .int16: 2
            case .int32, .float32: 4
            case .int64, .float64: 8
            }
        }
    }

    /// Dimensions, outermost first; empty for a scalar.
    public var shape: [Int]
    /// The type of every element.
    public var elementType: ElementType
    /// The elements, little-endian, in C order; `elementCount * elementType.byteWidth` bytes.
    public var bytes: [UInt8]

    /// The number of elements: the product of the shape (1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }

    /// Creates an array from raw little-endian bytes, checking that the shape is valid and that the
    /// byte count equals the element count times the element width.
    public init(shape: [Int], elementType: ElementType, bytes: [UInt8]) throws(NumPyError) {
        let count = try Self.checkedElementCount(shape)
        let (expected, overflow) = count.multipliedReportingOverflow(by: elementType.byteWidth)
        guard !overflow, expected == bytes.count else {
            throw NumPyError(
                .sizeMismatch,
                "\(bytes.count) bytes do not hold shape \(shape) of \(elementType) (\(count) elements of \(elementType.byteWidth) bytes)")
        }
        self.shape = shape
        self.elementType = elementType
        self.bytes = bytes
    }

    /// Creates an array without checking; callers have checked the byte count.
    init(uncheckedShape shape: [Int], elementType: ElementType, bytes: [UInt8]) {
        self.shape = shape
        self.elementType = elementType
        self.bytes = bytes
    }

    /// The element count of `shape`, or an error for a negative dimension or an overflowing product.
    static func checkedElementCount(_ shape: [Int]) throws(NumPyError) -> Int {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { throw NumPyError(.invalidShape, "shape \(shape) has a negative dimension") }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw NumPyError(.invalidShape, "shape \(shape) has too many elements") }
            count = product
        }
        return count
    }

    // MARK: Typed initializers

    /// Creates an `int8` array. Precondition: `values.count` equals the product of `shape`.
    public init(int8 values: [Int8], shape: [Int]) {
        self.init(values: values, shape: shape, elementType: .int8)
    }

    /// Creates a `uint8` array. Precondition: `values.count` equals the product of `shape`.
    public init(uint8 values: [UInt8], shape: [Int]) {
        self.init(values: values, shape: shape, elementType: .uint8)
    }

    /// Creates an `int16` array. Precondition: `values.count` equals the product of `shape`.
    public init(int16 values: [Int16], shape: [Int]) {
        self.init(values: values, shape: shape, elementType: .int16)
    }

    /// Creates an `int32` array. Precondition: `values.count` equals the product of `shape`.
    public init(int32 values: [Int32], shape: [Int]) {
        self.init(values: values, shape: shape, elementType: .int32)
    }

    /// Creates an `int64` array. Precondition: `values.count` equals the product of `shape`.
    public init(int64 values: [Int64], shape: [Int]) {
        self.init(values: values, shape: shape, elementType: .int64)
    }

    /// Creates a `float32` array. Precondition: `values.count` equals the product of `shape`.
    public init(float32 values: [Float], shape: [Int]) {
        self.init(values: values.map(\.bitPattern), shape: shape, elementType: .float32)
    }

    /// Creates a `float64` array. Precondition: `values.count` equals the product of `shape`.
    public init(float64 values: [Double], shape: [Int]) {
        self.init(values: values.map(\.bitPattern), shape: shape, elementType: .float64)
    }

    private init<Element: FixedWidthInteger>(values: [Element], shape: [Int], elementType: ElementType) {
        let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
        precondition(
            shape.allSatisfy { $0 >= 0 } && count == values.count,
            "NumPyArray: \(values.count) values do not fill shape \(shape)")
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * MemoryLayout<Element>.size)
        for value in values {
            var little = value.littleEndian
            withUnsafeBytes(of: &little) { bytes.append(contentsOf: $0) }
        }
        self.init(uncheckedShape: shape, elementType: elementType, bytes: bytes)
    }

    // MARK: Typed views

    /// The elements when the type is `int8`, otherwise `nil`.
    public var int8Values: [Int8]? { elementType == .int8 ? integers(Int8.self) : nil }
    /// The elements when the type is `uint8`, otherwise `nil`.
    public var uint8Values: [UInt8]? { elementType == .uint8 ? bytes : nil }
    /// The elements when the type is `int16`, otherwise `nil`.
    public var int16Values: [Int16]? { elementType == .int16 ? integers(Int16.self) : nil }
    /// The elements when the type is `int32`, otherwise `nil`.
    public var int32Values: [Int32]? { elementType == .int32 ? integers(Int32.self) : nil }
    /// The elements when the type is `int64`, otherwise `nil`.
    public var int64Values: [Int64]? { elementType == .int64 ? integers(Int64.self) : nil }
    /// The elements when the type is `float32`, otherwise `nil`.
    public var float32Values: [Float]? {
        elementType == .float32 ? integers(UInt32.self).map(Float.init(bitPattern:)) : nil
    }
    /// The elements when the type is `float64`, otherwise `nil`.
    public var float64Values: [Double]? {
        elementType == .float64 ? integers(UInt64.self).map(Double.init(bitPattern:)) : nil
    }

    /// Every element converted to `Float`, whatever the element type (64-bit values round to the
    /// nearest representable `Float`).
    public func floats() -> [Float] {
        switch elementType {
        case .int8: integers(Int8.self).map(Float.init)
        case .uint8: bytes.map(Float.init)
        case .int16: integers(Int16.self).map(Float.init)
        case .int32: integers(Int32.self).map(Float.init)
        case .int64: integers(Int64.self).map(Float.init)
        case .float32: integers(UInt32.self).map(Float.init(bitPattern:))
        case .float64: integers(UInt64.self).map { Float(Double(bitPattern: $0)) }
        }
    }

    /// The bytes read as little-endian integers of type `Element`.
    private func integers<Element: FixedWidthInteger>(_: Element.Type) -> [Element] {
        let width = MemoryLayout<Element>.size
        let count = bytes.count / width
        return bytes.withUnsafeBytes { raw in
            [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
                for index in 0..<count {
                    buffer[index] = Element(littleEndian: raw.loadUnaligned(fromByteOffset: index * width, as: Element.self))
                }
                initialized = count
            }
        }
    }
}
