// Fuzzes the `.npz` reader (`NumPyArray.arrays(npzBytes:source:)`): the zip archive, inflating each
// entry and parsing it as `.npy`.
import EdgeModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let arrays = try? NumPyArray.arrays(npzBytes: bytes(data, size), source: "fuzz.npz") else { return 0 }
    for array in arrays.values {
        precondition(array.floats().count == array.elementCount, "values do not fill the shape \(array.shape)")
    }
    return 0
}
