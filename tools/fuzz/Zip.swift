// Fuzzes the zip reader (`ZipArchive(bytes:)` and `contents(of:)` for every entry): end-of-central-
// directory search, central and local headers, names, stored and deflated entries, CRC-32 checks.
import EdgeModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let archive = try? ZipArchive(bytes: bytes(data, size)) else { return 0 }
    for name in archive.entryNames { _ = try? archive.contents(of: name) }
    return 0
}
