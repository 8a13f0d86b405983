import EdgeRuntime
import Foundation
#if canImport(Darwin)
import Darwin
#endif

extension KernelVariant {
    /// The fastest variant this build contains and this machine's CPU runs, or the one the
    /// `EDGE_DISTILL_KERNELS` environment variable names (`portable`, `avx2`, `avx512-vnni`, `neon`, `neon-dot`, `neon-i8mm`) when set.
    public static var host: KernelVariant {
        if let forced = ProcessInfo.processInfo.environment["EDGE_DISTILL_KERNELS"], let variant = KernelVariant(flag: forced) {
            return variant.isBuilt && variant.isSupportedByHostCPU ? variant : .portable
        }
        return allCases.last { $0.isBuilt && $0.isSupportedByHostCPU } ?? .portable
    }

    /// The variant a command-line flag names: `portable`, `avx2`, `avx512-vnni`, `neon`, `neon-dot`, `neon-i8mm` (or `auto` for ``host``).
    public init?(flag: String) {
        switch flag.lowercased() {
        case "portable": self = .portable
        case "avx2", "x86-64-avx2": self = .x86AVX2
        case "avx512-vnni", "vnni": self = .x86AVX512VNNI
        case "neon", "aarch64-neon": self = .arm64NEON
        case "neon-dot", "sdot": self = .arm64DotProduct
        case "neon-i8mm", "i8mm": self = .arm64MatrixMultiply
        case "auto": self = .host
        default: return nil
        }
    }

    /// The name `init(flag:)` reads back: `portable`, `avx2`, `avx512-vnni`, `neon`, `neon-dot`, `neon-i8mm`.
    public var flag: String {
        switch self {
        case .portable: "portable"
        case .x86AVX2: "avx2"
        case .arm64NEON: "neon"
        case .arm64DotProduct: "neon-dot"
        case .x86AVX512VNNI: "avx512-vnni"
        case .arm64MatrixMultiply: "neon-i8mm"
        }
    }

    /// The report name as a Swift string.
    public var description: String { "\(name)" }

    /// Whether this machine's CPU (and its operating system) supports the variant's instructions.
    public var isSupportedByHostCPU: Bool {
        switch self {
        case .portable: return true
        case .x86AVX2:
            #if arch(x86_64)
            return HostCPU.features.contains("avx2")
            #else
            return false
            #endif
        case .arm64NEON:
            // Advanced SIMD is part of every AArch64 application profile core.
            #if arch(arm64)
            return true
            #else
            return false
            #endif
        case .arm64DotProduct:
            #if arch(arm64)
            return HostCPU.features.contains("asimddp")
            #else
            return false
            #endif
        case .x86AVX512VNNI:
            // The kernels use 512-bit registers (F), byte and word lanes (BW), the 128/256-bit
            // forms (VL) and vpdpbusd (VNNI); Linux lists a flag only where the OS saves zmm state.
            #if arch(x86_64)
            return ["avx2", "avx512f", "avx512bw", "avx512vl", "avx512_vnni"].allSatisfy(HostCPU.features.contains)
            #else
            return false
            #endif
        case .arm64MatrixMultiply:
            #if arch(arm64)
            return ["asimddp", "i8mm"].allSatisfy(HostCPU.features.contains)
            #else
            return false
            #endif
        }
    }
}

/// The instruction-set features the host's CPU and operating system report.
enum HostCPU {
    /// Lower-case feature names as Linux's `/proc/cpuinfo` spells them (`avx2`, `asimddp`...).
    static let features: Set<String> = {
        #if os(Linux)
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
        for line in text.split(separator: "\n") where line.hasPrefix("flags") || line.hasPrefix("Features") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map { $0.lowercased() })
        }
        return []
        #elseif canImport(Darwin)
        func has(_ name: String) -> Bool {
            var value: Int32 = 0
            var size = MemoryLayout<Int32>.size
            return sysctlbyname(name, &value, &size, nil, 0) == 0 && value != 0
        }
        return Set([
            ("hw.optional.avx2_0", "avx2"), ("hw.optional.avx512f", "avx512f"), ("hw.optional.avx512bw", "avx512bw"),
            ("hw.optional.avx512vl", "avx512vl"), ("hw.optional.avx512vnni", "avx512_vnni"), ("hw.optional.arm.FEAT_DotProd", "asimddp"),
            ("hw.optional.arm.FEAT_I8MM", "i8mm"),
        ].filter { has($0.0) }.map(\.1))
        #else
        return []
        #endif
    }()
}
