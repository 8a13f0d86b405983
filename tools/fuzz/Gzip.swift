// Fuzzes gzip decompression (`Gzip.decompress`): member header, flags and optional fields, the
// deflate stream, and the CRC-32 and size trailer.
import EdgeModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? Gzip.decompress(bytes(data, size))
    return 0
}
