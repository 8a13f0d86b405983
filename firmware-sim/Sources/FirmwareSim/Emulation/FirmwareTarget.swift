/// A Cortex-M core the firmware builder compiles for, and the QEMU board that emulates it.
public enum FirmwareTarget: String, CaseIterable, Sendable {
    /// Cortex-M4F on the MPS2 AN386 board.
    case cortexM4 = "cortex-m4"
    /// Cortex-M7 on the MPS2 AN500 board.
    case cortexM7 = "cortex-m7"

    /// The `qemu-system-arm -M` machine name.
    public var qemuMachine: String {
        switch self {
        case .cortexM4: "mps2-an386"
        case .cortexM7: "mps2-an500"
        }
    }

    /// The CPU name for `-mcpu` (GCC) and `-target-cpu` (Swift).
    public var cpu: String { rawValue }

    /// The target emulating a device profile's `processor` (`Cortex-M4F`, `Cortex-M7`), or nil.
    public init?(processor: String) {
        switch processor.lowercased() {
        case "cortex-m4", "cortex-m4f": self = .cortexM4
        case "cortex-m7", "cortex-m7f": self = .cortexM7
        default: return nil
        }
    }

    /// The target named `name` (`cortex-m4`, `cortex-m7`), or nil.
    public init?(named name: String) { self.init(rawValue: name.lowercased()) }
}
