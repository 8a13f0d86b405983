// Fuzzes the WAV reader (`WAVFile(parsing:name:)`): RIFF/WAVE tags, chunk walk, `fmt ` fields and
// the `data` chunk's samples.
import Distiller

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? WAVFile(parsing: bytes(data, size), name: "fuzz.wav")
    return 0
}
