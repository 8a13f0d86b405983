// Fuzzes checkpoint reading (`Checkpoint(bytes:path:)`): magic, version, the architecture string,
// named tensors, optimizer state, history and averaged weights; then parses the architecture string
// a checkpoint carries (`Architecture(_:)`), as `evaluate` and `--resume` do before building it.
// The harness rewrites the CRC-32 so mutations reach the fields behind it.
import Distiller
import EdgeRuntime

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var file = bytes(data, size)
    if size >= 12 {
        let crc = file[12...].withUnsafeBytes { fastCRC32($0) }
        for index in 0..<4 { file[8 + index] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(index))) }
    }
    guard let checkpoint = try? Checkpoint(bytes: file, path: "fuzz.ckpt") else { return 0 }
    _ = try? Architecture(checkpoint.architecture)
    return 0
}
