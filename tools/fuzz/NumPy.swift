// Fuzzes the `.npy` reader (`NumPyArray(npyBytes:)`): magic, version, header dictionary literal,
// element type, shape and data size; an array that parses is read as the commands read it
// (element count, values converted to floats).
import EdgeModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let array = try? NumPyArray(npyBytes: bytes(data, size)) else { return 0 }
    precondition(array.floats().count == array.elementCount, "values do not fill the shape \(array.shape)")
    return 0
}
