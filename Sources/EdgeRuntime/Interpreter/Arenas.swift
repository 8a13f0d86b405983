/// The memory a plan's buffers live in: one caller-provided arena per memory region (for example
/// a microcontroller's tightly coupled RAM, its main SRAM and external PSRAM). A single-region model
/// needs only region 0; the others stay empty.
public struct Arenas {
    /// Region 0's arena.
    public let region0: UnsafeMutableRawBufferPointer
    /// Region 1's arena.
    public let region1: UnsafeMutableRawBufferPointer
    /// Region 2's arena.
    public let region2: UnsafeMutableRawBufferPointer
    /// Region 3's arena.
    public let region3: UnsafeMutableRawBufferPointer

    /// The arenas of regions 0 to 3, each 16-byte aligned; those a model does not use may be empty.
    public init(
        _ region0: UnsafeMutableRawBufferPointer, _ region1: UnsafeMutableRawBufferPointer = Arenas.none,
        _ region2: UnsafeMutableRawBufferPointer = Arenas.none, _ region3: UnsafeMutableRawBufferPointer = Arenas.none
    ) {
        self.region0 = region0
        self.region1 = region1
        self.region2 = region2
        self.region3 = region3
    }

    /// An empty arena, for a region the model does not use.
    public static var none: UnsafeMutableRawBufferPointer { UnsafeMutableRawBufferPointer(start: nil, count: 0) }

    /// Region `region`'s arena (empty beyond the last region).
    @inline(__always)
    public subscript(region: Int) -> UnsafeMutableRawBufferPointer {
        switch region {
        case 0: return region0
        case 1: return region1
        case 2: return region2
        case 3: return region3
        default: return Arenas.none
        }
    }

    /// Checks every region's arena against what `model`'s plan needs there.
    func check(for model: Model) throws(ModelError) {
        for region in 0..<ModelFormat.maximumRegions {
            let arena = self[region]
            let required = model.arenaBytes(region: region)
            guard arena.count >= required else {
                throw .arenaTooSmall(region: region, required: required, available: arena.count)
            }
            if let base = arena.baseAddress {
                guard UInt(bitPattern: base) % UInt(ModelFormat.alignment) == 0 else { throw .misalignedBuffer }
            } else if required > 0 {
                throw .arenaTooSmall(region: region, required: required, available: 0)
            }
        }
    }
}
