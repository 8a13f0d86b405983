/// The family of kernels an interpreter runs: chosen once, at init, by the host from the CPU's
/// features (the runtime cannot ask the CPU itself on every platform), and reported by `inspect` and
/// `bench`.
///
/// Every variant computes the reference kernels' bits. Microcontroller builds choose theirs at compile
/// time (packed DSP on Armv7E-M, register-blocked on other 32-bit cores) and run `.portable` here.
public enum KernelVariant: UInt8, Sendable, CaseIterable {
    /// The build's own kernels: SIMD-friendly loops the compiler vectorizes for its baseline target.
    case portable
    /// x86-64 with AVX2 (Haswell, Zen and later): packed int8 matrix products with `vpmaddwd`,
    /// vectorized depthwise convolution and requantization. Needs a workspace (``Interpreter/workspaceBytes(for:kernels:)``).
    case x86AVX2
    /// AArch64 with Advanced SIMD (every Armv8-A core: Cortex-A35/A53/A55/A72/A76, Apple silicon):
    /// the same packed layouts, products with `smull`/`sadalp`, TFLite's requantization with
    /// `sqrdmulh` and a rounding shift. Needs a workspace, as `x86AVX2`.
    case arm64NEON
    /// AArch64 with the Armv8.2 dot-product instructions (Cortex-A55/A76 and later, Apple silicon):
    /// `arm64NEON` with each sixteen-byte product one `sdot`. Built only with `EDGE_AARCH64_DOT`
    /// (the firmware builder sets it for the Cortex-A76), since the module must target such a core.
    case arm64DotProduct
    /// x86-64 with AVX-512 VNNI (Cascade Lake, Ice Lake, Sapphire Rapids, Zen 4 and later): `x86AVX2`
    /// with the matrix products of convolutions, transposed convolutions and dense layers one
    /// `vpdpbusd` per sixteen bytes of four columns, and depthwise convolutions 32 channels at a time
    /// (``EdgeAVX512Kernels``).
    case x86AVX512VNNI
    /// AArch64 with the Armv8.6 int8 matrix multiply instructions (Cortex-A510/A710/X2, Neoverse
    /// V1/N2 and later, Apple M2): `arm64DotProduct` with the matrix products' filters packed in pairs
    /// of columns and each 2×8 by 8×2 product one `smmla`. Built only with `EDGE_AARCH64_I8MM` (the
    /// firmware builder sets it for the Cortex-A710), since the module must target such a core.
    case arm64MatrixMultiply

    /// A short name for reports: `portable`, `x86-64 AVX2`, `AArch64 NEON`, `AArch64 NEON + sdot`, …
    public var name: StaticString {
        switch self {
        case .portable: return "portable"
        case .x86AVX2: return "x86-64 AVX2"
        case .arm64NEON: return "AArch64 NEON"
        case .arm64DotProduct: return "AArch64 NEON + sdot"
        case .x86AVX512VNNI: return "x86-64 AVX2 + AVX-512 VNNI"
        case .arm64MatrixMultiply: return "AArch64 NEON + sdot + smmla"
        }
    }

    /// Whether this build contains the variant's kernels (the host also checks the CPU has them).
    public var isBuilt: Bool {
        switch self {
        case .portable: return true
        case .x86AVX2:
            #if arch(x86_64)
            return true
            #else
            return false
            #endif
        case .arm64NEON:
            #if arch(arm64)
            return true
            #else
            return false
            #endif
        case .arm64DotProduct:
            #if arch(arm64) && EDGE_AARCH64_DOT
            return true
            #else
            return false
            #endif
        case .x86AVX512VNNI:
            #if arch(x86_64)
            return true
            #else
            return false
            #endif
        case .arm64MatrixMultiply:
            #if arch(arm64) && EDGE_AARCH64_I8MM
            return true
            #else
            return false
            #endif
        }
    }
}
