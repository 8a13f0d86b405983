import Foundation
import Testing
import TestSupport

@testable import EdgeModel

/// A `.npy` file with the given header text (padded like numpy's) and data.
private func npyFile(header: String, version: (UInt8, UInt8) = (1, 0), data: [UInt8]) -> [UInt8] {
    let prefixLength = version.0 == 1 ? 10 : 12
    var text = Array(header.utf8)
    text += [UInt8](repeating: 0x20, count: 63 - (prefixLength + text.count) % 64) + [0x0A]
    var file: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version.0, version.1]
    let length = text.count
    file += (0..<(prefixLength - 8)).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
    return file + text + data
}

/// The error `NumPyArray(npyBytes:)` throws for `bytes`, or `nil` when it parses.
private func parseError(_ bytes: [UInt8]) -> NumPyError? {
    do {
        _ = try NumPyArray(npyBytes: bytes)
        return nil
    } catch {
        #expect(!error.description.isEmpty && !error.description.contains("\n"))
        return error
    }
}

@Suite struct ArrayFileTests {
    /// `np.save` of `np.arange(6, dtype='<f4').reshape(2, 3)` (numpy 2.4).
    static let numpyFloat32: [UInt8] = [
        0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00, 0x76, 0x00, 0x7b, 0x27, 0x64, 0x65, 0x73, 0x63,
        0x72, 0x27, 0x3a, 0x20, 0x27, 0x3c, 0x66, 0x34, 0x27, 0x2c, 0x20, 0x27, 0x66, 0x6f, 0x72, 0x74,
        0x72, 0x61, 0x6e, 0x5f, 0x6f, 0x72, 0x64, 0x65, 0x72, 0x27, 0x3a, 0x20, 0x46, 0x61, 0x6c, 0x73,
        0x65, 0x2c, 0x20, 0x27, 0x73, 0x68, 0x61, 0x70, 0x65, 0x27, 0x3a, 0x20, 0x28, 0x32, 0x2c, 0x20,
        0x33, 0x29, 0x2c, 0x20, 0x7d, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
        0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
        0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
        0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x0a,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x40, 0x40,
        0x00, 0x00, 0x80, 0x40, 0x00, 0x00, 0xa0, 0x40,
    ]
    /// `np.save` of `np.array(-7, dtype='<i2')`, a 0-d array.
    static let numpyScalar: [UInt8] = [
        0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00, 0x76, 0x00, 0x7b, 0x27, 0x64, 0x65, 0x73, 0x63,
        0x72, 0x27, 0x3a, 0x20, 0x27, 0x3c, 0x69, 0x32, 0x27, 0x2c, 0x20, 0x27, 0x66, 0x6f, 0x72, 0x74,
        0x72, 0x61, 0x6e, 0x5f, 0x6f, 0x72, 0x64, 0x65, 0x72, 0x27, 0x3a, 0x20, 0x46, 0x61, 0x6c, 0x73,
        0x65, 0x2c, 0x20, 0x27, 0x73, 0x68, 0x61, 0x70, 0x65, 0x27, 0x3a, 0x20, 0x28, 0x29, 0x2c, 0x20,
        0x7d, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
        0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
        0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
        0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x0a,
        0xf9, 0xff,
    ]
    /// `np.save` of `np.arange(5, dtype='u1')`.
    static let numpyUInt8: [UInt8] = [
        0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00, 0x76, 0x00, 0x7b, 0x27, 0x64, 0x65, 0x73, 0x63,
        0x72, 0x27, 0x3a, 0x20, 0x27, 0x7c, 0x75, 0x31, 0x27, 0x2c, 0x20, 0x27, 0x66, 0x6f, 0x72, 0x74,
        0x72, 0x61, 0x6e, 0x5f, 0x6f, 0x72, 0x64, 0x65, 0x72, 0x27, 0x3a, 0x20, 0x46, 0x61, 0x6c, 0x73,
        0x65, 0x2c, 0x20, 0x27, 0x73, 0x68, 0x61, 0x70, 0x65, 0x27, 0x3a, 0x20, 0x28, 0x35, 0x2c, 0x29,
        0x2c, 0x20, 0x7d, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
        0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
        0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
        0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x0a,
        0x00, 0x01, 0x02, 0x03, 0x04,
    ]

    @Test func readsWhatNumPyWrites() throws {
        let matrix = try NumPyArray(npyBytes: Self.numpyFloat32)
        #expect(matrix.shape == [2, 3])
        #expect(matrix.elementType == .float32)
        #expect(matrix.float32Values == [0, 1, 2, 3, 4, 5])
        #expect(matrix.int8Values == nil)

        let scalar = try NumPyArray(npyBytes: Self.numpyScalar)
        #expect(scalar.shape == [])
        #expect(scalar.elementCount == 1)
        #expect(scalar.int16Values == [-7])
        #expect(scalar.floats() == [-7])

        let vector = try NumPyArray(npyBytes: Self.numpyUInt8)
        #expect(vector.shape == [5])
        #expect(vector.uint8Values == [0, 1, 2, 3, 4])
    }

    @Test func writesWhatNumPyWrites() throws {
        #expect(NumPyArray(float32: [0, 1, 2, 3, 4, 5], shape: [2, 3]).npyBytes() == Self.numpyFloat32)
        #expect(NumPyArray(int16: [-7], shape: []).npyBytes() == Self.numpyScalar)
        #expect(NumPyArray(uint8: [0, 1, 2, 3, 4], shape: [5]).npyBytes() == Self.numpyUInt8)
    }

    @Test func roundTripsEveryElementType() throws {
        let arrays = [
            NumPyArray(int8: [-128, -1, 0, 1, 127, 5], shape: [2, 3]),
            NumPyArray(uint8: [0, 255, 7], shape: [3]),
            NumPyArray(int16: [-32768, 32767, 0, -2], shape: [2, 1, 2]),
            NumPyArray(int32: [Int32.min, Int32.max, 42], shape: [3, 1]),
            NumPyArray(int64: [Int64.min, Int64.max], shape: [2]),
            NumPyArray(float32: [-1.5, .infinity, 3.25, 0], shape: [4]),
            NumPyArray(float64: [.pi, -0.0, 1e300], shape: [1, 3]),
            NumPyArray(float32: [], shape: [0, 7]),
        ]
        #expect(Set(arrays.map(\.elementType)) == Set(NumPyArray.ElementType.allCases))
        for array in arrays {
            let bytes = array.npyBytes()
            #expect(bytes.count - array.bytes.count == 128, "data of \(array.shape) starts at a multiple of 64")
            #expect(try NumPyArray(npyBytes: bytes) == array)
        }
        #expect(arrays[0].int8Values == [-128, -1, 0, 1, 127, 5])
        #expect(arrays[2].int16Values == [-32768, 32767, 0, -2])
        #expect(arrays[3].int32Values == [Int32.min, Int32.max, 42])
        #expect(arrays[4].int64Values == [Int64.min, Int64.max])
        #expect(arrays[6].float64Values == [.pi, -0.0, 1e300])
        #expect(arrays[0].floats() == [-128, -1, 0, 1, 127, 5])
        #expect(arrays[6].floats() == [Float(Double.pi), 0, .infinity])  // rounded to nearest
    }

    @Test func fileRoundTripIsAtomic() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("ArrayFileTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("weights.npy")
        let first = NumPyArray(int32: [1, 2, 3], shape: [3])
        try first.write(to: url)
        let second = NumPyArray(float64: [4, 5], shape: [1, 2])
        try second.write(to: url)  // replaces the file
        #expect(try NumPyArray.load(contentsOf: url) == second)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["weights.npy"])
    }

    @Test func headerVersionsTwoAndThree() throws {
        let header = "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }"
        let data: [UInt8] = [1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]
        for version: (UInt8, UInt8) in [(1, 0), (2, 0), (3, 0)] {
            let array = try NumPyArray(npyBytes: npyFile(header: header, version: version, data: data))
            #expect(array.int32Values == [1, -1])
        }
        // Key order, double quotes, lists and no trailing comma are all valid Python.
        let unusual = #"{"shape": [2], "fortran_order": False, "descr": "<i4"}"#
        #expect(try NumPyArray(npyBytes: npyFile(header: unusual, data: data)).int32Values == [1, -1])
    }

    @Test func malformedFilesAreRejectedWithTheirReason() {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }"
        let data = [UInt8](repeating: 0, count: 16)
        let good = npyFile(header: header, data: data)
        #expect(parseError(good) == nil)

        var badMagic = good
        badMagic[1] = UInt8(ascii: "n")
        #expect(parseError(badMagic)?.kind == .badMagic)
        #expect(parseError(badMagic)?.description == "not a .npy file: it does not start with \\x93NUMPY")

        #expect(parseError(npyFile(header: header, version: (4, 0), data: data))?.description
            == ".npy format version 4.0 is not supported (only 1.0, 2.0, 3.0)")

        let noShape = npyFile(header: "{'descr': '<f4', 'fortran_order': False, }", data: data)
        #expect(parseError(noShape)?.description == "malformed header: header has no 'shape' key")

        let fortran = npyFile(header: "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", data: data)
        #expect(parseError(fortran)?.kind == .fortranOrder)

        let bigEndian = npyFile(header: "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 2), }", data: data)
        #expect(parseError(bigEndian)?.description == "big-endian element type '>f4' is not supported")

        let half = npyFile(header: "{'descr': '<f2', 'fortran_order': False, 'shape': (8,), }", data: data)
        #expect(parseError(half)?.kind == .unsupportedElementType)

        #expect(parseError(Array(good.dropLast()))?.description
            == "data truncated: shape [2, 2] of float32 needs 16 bytes, file has 15")
        #expect(parseError(good + [0])?.kind == .sizeMismatch)

        let negative = npyFile(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 2), }", data: data)
        #expect(parseError(negative)?.kind == .invalidShape)
        let huge = npyFile(
            header: "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", data: data)
        #expect(parseError(huge)?.kind == .invalidShape)

        let extraKey = npyFile(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), 'x': 1}", data: data)
        #expect(parseError(extraKey)?.kind == .malformedHeader)
        #expect(parseError(npyFile(header: "{'descr': '<f4', 'shape': (2, 2", data: data))?.kind == .malformedHeader)

        // Every truncation of the header or data fails without crashing.
        for length in 0..<good.count {
            #expect(parseError(Array(good[..<length])) != nil)
        }
    }

    @Test func initializerChecksTheByteCount() throws {
        #expect(throws: NumPyError.self) { try NumPyArray(shape: [2, 2], elementType: .int16, bytes: [0, 0, 0]) }
        #expect(throws: NumPyError.self) { try NumPyArray(shape: [-1], elementType: .int8, bytes: []) }
        let array = try NumPyArray(shape: [2], elementType: .int16, bytes: [1, 0, 0, 1])
        #expect(array.int16Values == [1, 256])
    }

    @Test func goldenInputs() throws {
        guard
            let url = SharedFixtures.path(
                "conformance/mlperf-tiny/golden/kws_ref_model/inputs.npy", neededBy: "goldenInputs")
        else { return }
        let inputs = try NumPyArray.load(contentsOf: url)
        #expect(inputs.shape == [16, 49, 10, 1])
        #expect(inputs.elementType == .int8)
        let values = try #require(inputs.int8Values)
        #expect(Array(values.prefix(8)) == [127, 100, -94, -7, 115, 61, -122, 3])
        #expect(values.reduce(0) { $0 + Int($1) } == 1554)
        // Writing gives back numpy's bytes exactly.
        #expect(inputs.npyBytes() == [UInt8](try Data(contentsOf: url)))
    }

    @Test func goldenIntermediates() throws {
        guard
            let url = SharedFixtures.path(
                "conformance/mlperf-tiny/golden/kws_ref_model/intermediates_0_tflm.npz",
                neededBy: "goldenIntermediates")
        else { return }
        let arrays = try NumPyArray.loadArchive(contentsOf: url)
        #expect(arrays.count == 14)
        #expect(arrays.keys.sorted().first == "t000")
        #expect(arrays.keys.contains("t022"))
        for (key, array) in arrays {
            #expect(array.elementType == .int8, "\(key)")
            #expect(array.shape.first == 1, "\(key) has batch dimension 1")
        }
        #expect(arrays["t000"]?.shape == [1, 49, 10, 1])
        #expect(arrays["t022"]?.shape == [1, 25, 5, 64])
        #expect(arrays["t034"]?.shape == [1, 12])
        #expect(arrays["t022"]?.int8Values?.prefix(4) == [-128, -124, -128, -111])

        // The first intermediate is the first input sample.
        if let inputsURL = SharedFixtures.path(
            "conformance/mlperf-tiny/golden/kws_ref_model/inputs.npy", neededBy: "goldenIntermediates")
        {
            let inputs = try NumPyArray.load(contentsOf: inputsURL)
            #expect(arrays["t000"]?.bytes == Array(inputs.bytes.prefix(490)))
        }
    }

    @Test func loadNamesTheFile() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("ArrayFileTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("broken.npy")
        try Data([0x93, 0x4E, 0x55]).write(to: url)
        do {
            _ = try NumPyArray.load(contentsOf: url)
            Issue.record("a 3-byte file parsed")
        } catch let error as NumPyError {
            #expect(error.kind == .truncated)
            #expect(error.description.hasPrefix(url.path + ": "))
        }
    }
}
