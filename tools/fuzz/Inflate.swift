// Fuzzes raw deflate decompression (`Inflate.decompress`): stored, fixed and dynamic Huffman
// blocks, code-length tables, distances reaching before the start, the output size limit.
import EdgeModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? Inflate.decompress(bytes(data, size))
    return 0
}
