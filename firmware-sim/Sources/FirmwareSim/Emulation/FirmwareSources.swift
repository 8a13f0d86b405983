import Foundation

/// Where the firmware builder finds its inputs: the runtime's Swift sources (Sources/EdgeRuntime)
/// and the firmware files (firmware-sim/firmware: startup.c, mps2.ld, FirmwareMain.swift and the
/// instruction-counter plugin instruction_counter.c). They are read from the package checkout at
/// build time, located from this file's path, or from an explicit package root.
public struct FirmwareSources: Sendable {
    /// The package root (the folder holding Package.swift).
    public let packageRoot: URL

    /// The sources under `packageRoot`; throws `missingSources` when they are not there.
    public init(packageRoot: URL) throws(FirmwareError) {
        self.packageRoot = packageRoot
        for file in [firmwareFile("startup.c"), firmwareFile("reports.h"), firmwareFile("mps2.ld"), firmwareFile("FirmwareMain.swift"), runtimeFolder, vectorKernelsFolder] {
            guard FileManager.default.fileExists(atPath: file.path) else { throw .missingSources(path: file.path) }
        }
    }

    /// `explicit` if given, else `EDGE_DISTILL_ROOT`, else the checkout this file was compiled from.
    public static func locate(explicit: String? = nil) throws(FirmwareError) -> FirmwareSources {
        if let root = explicit ?? ProcessInfo.processInfo.environment["EDGE_DISTILL_ROOT"] {
            return try FirmwareSources(packageRoot: URL(fileURLWithPath: root))
        }
        // This file is firmware-sim/Sources/FirmwareSim/Emulation/FirmwareSources.swift.
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<5 { root.deleteLastPathComponent() }
        return try FirmwareSources(packageRoot: root)
    }

    /// Sources/EdgeRuntime.
    public var runtimeFolder: URL { packageRoot.appendingPathComponent("Sources/EdgeRuntime") }

    /// Sources/EdgeVectorKernels (the application-processor microkernels, a module of their own).
    public var vectorKernelsFolder: URL { packageRoot.appendingPathComponent("Sources/EdgeVectorKernels") }

    /// A file of firmware-sim/firmware.
    public func firmwareFile(_ name: String) -> URL {
        packageRoot.appendingPathComponent("firmware-sim/firmware").appendingPathComponent(name)
    }

    /// The runtime's Swift files, sorted.
    public func runtimeSwiftFiles() -> [URL] { swiftFiles(in: runtimeFolder) }

    /// The vector kernels' Swift files, sorted.
    public func vectorKernelSwiftFiles() -> [URL] { swiftFiles(in: vectorKernelsFolder) }

    func swiftFiles(in folder: URL) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        var files: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "swift" { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }
}
