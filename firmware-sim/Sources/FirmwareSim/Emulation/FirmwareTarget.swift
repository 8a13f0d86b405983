import EdgeRuntime

/// A core the firmware builder compiles for, and the QEMU board that emulates it: Cortex-M cores on
/// the MPS2 boards (`qemu-system-arm`, Armv7E-M, the runtime's packed DSP kernels) and Cortex-A
/// cores on the `virt` board (`qemu-system-aarch64`, AArch64 at EL1 with the MMU on; the runtime's
/// NEON kernels, ``KernelVariant/arm64NEON``, or for comparison the portable `+Optimized` ones).
public enum FirmwareTarget: String, CaseIterable, Sendable {
    /// Cortex-M4F on the MPS2 AN386 board.
    case cortexM4 = "cortex-m4"
    /// Cortex-M7 on the MPS2 AN500 board.
    case cortexM7 = "cortex-m7"
    /// Cortex-A35 (AArch64, in order) on the virt board.
    case cortexA35 = "cortex-a35"
    /// Cortex-A53 (AArch64, in order, dual issue) on the virt board.
    case cortexA53 = "cortex-a53"
    /// Cortex-A72 (AArch64, out of order, 3-wide) on the virt board.
    case cortexA72 = "cortex-a72"
    /// Cortex-A76 (AArch64, out of order, 4-wide) on the virt board.
    case cortexA76 = "cortex-a76"
    /// Cortex-A710 (Armv9.0-A, out of order, 5-wide; int8 matrix multiply) on the virt board, emulated
    /// as QEMU's `max` CPU (QEMU 7.2 has no Cortex-A710 model; `max` has every feature it implements,
    /// `smmla` among them).
    case cortexA710 = "cortex-a710"

    /// The instruction set the image is built for.
    public enum Architecture: String, Sendable {
        /// Armv7E-M, Thumb-2 (Cortex-M4/M7).
        case armv7em
        /// Armv8-A, A64 (Cortex-A).
        case aarch64
    }

    /// The instruction set of this core.
    public var architecture: Architecture {
        switch self {
        case .cortexM4, .cortexM7: .armv7em
        case .cortexA35, .cortexA53, .cortexA72, .cortexA76, .cortexA710: .aarch64
        }
    }

    /// The kernel family an image for this core runs by default: the NEON kernels on Cortex-A, with
    /// `sdot` on the Cortex-A76 (Armv8.2), with `sdot` and `smmla` on the Cortex-A710; on Cortex-M
    /// the build's own (packed DSP, chosen at compile time), which the interpreter calls `.portable`.
    public var kernels: KernelVariant { kernelFamilies.last ?? .portable }

    /// The kernel families an image for this core can be built with. (QEMU's Cortex-A55 stand-in is
    /// the A53, an Armv8.0 core, so an A55 profile runs without `sdot` here.)
    public var kernelFamilies: [KernelVariant] {
        switch self {
        case .cortexM4, .cortexM7: [.portable]
        case .cortexA35, .cortexA53, .cortexA72: [.portable, .arm64NEON]
        case .cortexA76: [.portable, .arm64NEON, .arm64DotProduct]
        case .cortexA710: [.portable, .arm64NEON, .arm64DotProduct, .arm64MatrixMultiply]
        }
    }

    /// The QEMU system emulator that runs the image.
    public var qemuSystem: String {
        switch architecture {
        case .armv7em: "qemu-system-arm"
        case .aarch64: "qemu-system-aarch64"
        }
    }

    /// The QEMU `-M` machine name.
    public var qemuMachine: String {
        switch self {
        case .cortexM4: "mps2-an386"
        case .cortexM7: "mps2-an500"
        case .cortexA35, .cortexA53, .cortexA72, .cortexA76, .cortexA710: "virt"
        }
    }

    /// The QEMU arguments that select the board, the core and its memory.
    public var qemuBoardArguments: [String] {
        switch architecture {
        case .armv7em: ["-M", qemuMachine]
        // 256 MiB of RAM at 0x40000000, as virt-aarch64.ld lays it out.
        case .aarch64: ["-M", qemuMachine, "-cpu", qemuCPU, "-m", "256M"]
        }
    }

    /// The CPU name for `-mcpu` (GCC, clang) and `-target-cpu` (Swift).
    public var cpu: String { rawValue }

    /// QEMU's `-cpu` (AArch64 images only; the MPS2 boards fix their core): the core itself where
    /// QEMU 7.2 models it, else `max`.
    public var qemuCPU: String {
        switch self {
        case .cortexM4, .cortexM7, .cortexA35, .cortexA53, .cortexA72, .cortexA76: cpu
        case .cortexA710: "max"
        }
    }

    /// The Swift target triple of the runtime.
    public var swiftTarget: String {
        switch architecture {
        case .armv7em: "armv7em-none-none-eabi"
        case .aarch64: "aarch64-none-none-elf"
        }
    }

    /// The startup C file and the linker script in firmware-sim/firmware.
    public var startupFile: String {
        switch architecture {
        case .armv7em: "startup.c"
        case .aarch64: "startup-aarch64.c"
        }
    }

    /// The linker script in firmware-sim/firmware.
    public var linkerScript: String {
        switch architecture {
        case .armv7em: "mps2.ld"
        case .aarch64: "virt-aarch64.ld"
        }
    }

    /// The encoding the instruction-counting plugin classifies (its `isa=` argument).
    public var pluginInstructionSet: String {
        switch architecture {
        case .armv7em: "thumb"
        case .aarch64: "a64"
        }
    }

    /// The target emulating a device profile's `processor` (`Cortex-M4F`, `Cortex-A72`, …), or nil.
    /// QEMU 7.2 has no Cortex-A55 model: a Cortex-A55 runs as the Cortex-A53, the in-order core it
    /// succeeds, with the same Armv8.0 code (the instruction counts do not depend on the model).
    /// Nor has it an MPS2 board with a Cortex-M33: a Cortex-M33 (Armv8-M Mainline with the DSP
    /// extension) runs the Cortex-M4's Armv7E-M image, the same instructions on a similar
    /// three-stage pipeline.
    public init?(processor: String) {
        switch processor.lowercased() {
        case "cortex-m4", "cortex-m4f", "cortex-m33": self = .cortexM4
        case "cortex-m7", "cortex-m7f": self = .cortexM7
        case "cortex-a35": self = .cortexA35
        case "cortex-a53", "cortex-a55": self = .cortexA53
        case "cortex-a72": self = .cortexA72
        case "cortex-a76": self = .cortexA76
        case "cortex-a710", "cortex-x2", "neoverse-n2": self = .cortexA710
        default: return nil
        }
    }

    /// The target named `name` (`cortex-m4`, `cortex-a53`, …), or nil.
    public init?(named name: String) { self.init(rawValue: name.lowercased()) }
}
