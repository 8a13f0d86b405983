// Fuzzes the `.edm` reader and validator (`Model(bytes:)`), then runs every model that passes.
//
// The validator promises that a model it accepts never makes a kernel read or write out of bounds,
// so an accepted model is invoked once over zeroed arenas (one per memory region its plan uses,
// each allocated to exactly its size) under AddressSanitizer, with the portable
// kernels and again with the fastest ones this CPU runs (their workspace prepared from it). The harness
// rewrites the header's file size and body checksum before validating, so mutations reach the
// checks behind the CRC instead of all stopping at it.
import EdgeModel
import EdgeRuntime

/// Largest arena (all regions together) the harness allocates for an accepted model.
let arenaLimit = 1 << 24

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: ModelFormat.alignment)
    defer { buffer.deallocate() }
    buffer.copyMemory(from: UnsafeRawBufferPointer(start: data, count: size))
    let file = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<size])
    if size >= ModelFormat.headerBytes {
        file.storeBytes(of: UInt32(truncatingIfNeeded: size).littleEndian, toByteOffset: ModelFormat.Header.fileBytes, as: UInt32.self)
        let headerBytes = Int(file.loadUnaligned(fromByteOffset: ModelFormat.Header.headerBytes, as: UInt32.self))
        if headerBytes == ModelFormat.headerBytes {
            let crc = fastCRC32(UnsafeRawBufferPointer(rebasing: file[headerBytes..<size]))
            file.storeBytes(of: crc.littleEndian, toByteOffset: ModelFormat.Header.bodyChecksum, as: UInt32.self)
        }
    }
    guard let model = try? Model(bytes: UnsafeRawBufferPointer(file)),
        (0..<ModelFormat.maximumRegions).reduce(0, { $0 + model.arenaBytes(region: $1) }) <= arenaLimit
    else { return 0 }
    let allocations = (0..<ModelFormat.maximumRegions).map { region in
        UnsafeMutableRawBufferPointer.allocate(byteCount: max(model.arenaBytes(region: region), 1), alignment: ModelFormat.alignment)
    }
    defer { for allocation in allocations { allocation.deallocate() } }
    // Exactly each region's size, so AddressSanitizer sees any access past it.
    let regions = allocations.enumerated().map { region, allocation in
        UnsafeMutableRawBufferPointer(rebasing: allocation[0..<model.arenaBytes(region: region)])
    }
    for arena in regions { arena.initializeMemory(as: UInt8.self, repeating: 0) }
    let arenas = Arenas(regions[0], regions[1], regions[2], regions[3])
    guard let interpreter = try? Interpreter(model: model, arenas: arenas) else { return 0 }
    interpreter.invoke()
    let kernels = KernelVariant.host
    let workspaceBytes = Interpreter.workspaceBytes(for: model, kernels: kernels)
    guard kernels != .portable, workspaceBytes <= arenaLimit else { return 0 }
    let workspace = UnsafeMutableRawBufferPointer.allocate(byteCount: max(workspaceBytes, 1), alignment: 64)
    defer { workspace.deallocate() }
    workspace.initializeMemory(as: UInt8.self, repeating: 0)
    for arena in regions { arena.initializeMemory(as: UInt8.self, repeating: 0) }
    guard let vector = try? Interpreter(
        model: model, arenas: arenas, kernels: kernels, workspace: UnsafeMutableRawBufferPointer(rebasing: workspace[0..<workspaceBytes]))
    else { return 0 }
    vector.invoke()
    return 0
}
