// Fuzzes device-profile reading (`DeviceCatalog.profile(decoding:file:)`): JSON decoding of a
// `DeviceProfile`, the one-line description of decoding errors, and the range and source checks.
// A profile that passes is used as `simulate` uses it: its numbers read and a stack looked up.
import FirmwareSim
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    do {
        let profile = try DeviceCatalog.profile(decoding: Data(bytes: data, count: size), file: "fuzz.json")
        _ = profile.numbers
        for stack in profile.stacks { _ = profile.stack(named: stack.name) }
    } catch {
        _ = "\(error)"
    }
    return 0
}
