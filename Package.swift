// swift-tools-version: 6.0
import PackageDescription

// The application-processor kernels are built for the vector extension they use; the runtime calls
// them only where the CPU reports it (``KernelVariant``). Native builds only: the manifest is compiled
// for the machine that builds.
#if arch(x86_64)
let vectorKernelFlags: [String] = ["-enable-builtin-module", "-target-cpu", "haswell"]
let avx512KernelFlags: [String] = ["-enable-builtin-module", "-target-cpu", "cascadelake"]
#else
let vectorKernelFlags: [String] = ["-enable-builtin-module"]
let avx512KernelFlags: [String] = ["-enable-builtin-module"]
#endif

/// EdgeDistill: distil big networks into small int8 students, run them in a fixed arena,
/// and simulate them on devices. No package dependencies, by design.
let package = Package(
    name: "EdgeDistill",
    products: [
        .executable(name: "edge-distill", targets: ["edge-distill"]),
        .library(name: "EdgeRuntime", targets: ["EdgeRuntime"]),
        .library(name: "EdgeModel", targets: ["EdgeModel"]),
        .library(name: "Distiller", targets: ["Distiller"]),
        .library(name: "FirmwareSim", targets: ["FirmwareSim"]),
    ],
    targets: [
        // Vector microkernels for application processors (x86-64 AVX2), over LLVM's vector types and
        // intrinsics: raw pointers in, Int32 accumulators and int8 bytes out. Empty on other targets.
        .target(
            name: "EdgeVectorKernels", path: "Sources/EdgeVectorKernels",
            swiftSettings: [.unsafeFlags(vectorKernelFlags)]),
        // The AVX-512 kernels (x86-64: VNNI matrix products, 32-channel depthwise), a module of its own
        // so that no AVX-512 instruction reaches the AVX2 kernels. Empty on other targets.
        .target(
            name: "EdgeAVX512Kernels", dependencies: ["EdgeVectorKernels"], path: "Sources/EdgeAVX512Kernels",
            swiftSettings: [.unsafeFlags(avx512KernelFlags)]),
        // The int8 interpreter: no Foundation, Embedded Swift subset, no allocation after init.
        .target(name: "EdgeRuntime", dependencies: ["EdgeVectorKernels", "EdgeAVX512Kernels"], path: "Sources/EdgeRuntime"),
        // Host side: graph IR, arena planner, model writer, TFLite importer, array files.
        .target(name: "EdgeModel", dependencies: ["EdgeRuntime"], path: "Sources/EdgeModel"),
        // Float training, distillation, pruning, quantization.
        // Release builds target the host CPU and use fused multiply-add in the GEMM (the design allows
        // the offline trainer to be built for the workstation it runs on; see docs/DISTILLER.md).
        .target(
            name: "Distiller", dependencies: ["EdgeModel", "EdgeRuntime"], path: "Sources/Distiller",
            swiftSettings: [
                .unsafeFlags(["-target-cpu", "native"], .when(configuration: .release)),
                .define("EDGE_DISTILL_FMA", .when(configuration: .release)),
            ]),
        // Device simulator: profiles, cost model, budgets, reports, and the Cortex-M firmware builder and
        // QEMU runner (firmware-sim/firmware holds startup C, linker script, firmware main and plugin,
        // read from the checkout at run time).
        .target(
            name: "FirmwareSim", dependencies: ["EdgeModel", "EdgeRuntime"], path: "firmware-sim",
            exclude: ["devices", "firmware"], sources: ["Sources"]),
        .executableTarget(
            name: "edge-distill", dependencies: ["EdgeRuntime", "EdgeModel", "Distiller", "FirmwareSim"],
            path: "Sources/edge-distill"),
        // Locating ../shared for the tests that read real data.
        .target(name: "TestSupport", dependencies: ["EdgeModel", "EdgeRuntime"], path: "Tests/TestSupport"),
        // Counts the test thread's heap allocations (Linux/glibc), to prove `invoke` allocates nothing.
        .target(name: "AllocationCounter", path: "Tests/AllocationCounter"),
        .testTarget(
            name: "EdgeRuntimeTests",
            dependencies: ["EdgeRuntime", "EdgeVectorKernels", "EdgeAVX512Kernels", "EdgeModel", "TestSupport", "AllocationCounter"]),
        // Runs the built `edge-distill` binary: exit codes, messages, files.
        .testTarget(name: "CommandLineTests", dependencies: ["edge-distill", "Distiller", "EdgeModel", "EdgeRuntime", "TestSupport"]),
        .testTarget(name: "EdgeModelTests", dependencies: ["EdgeModel", "EdgeRuntime", "TestSupport"]),
        .testTarget(name: "DistillerTests", dependencies: ["Distiller", "EdgeModel", "EdgeRuntime", "TestSupport"]),
        .testTarget(name: "FirmwareSimTests", dependencies: ["FirmwareSim", "EdgeModel", "EdgeRuntime", "TestSupport"]),
    ]
)
