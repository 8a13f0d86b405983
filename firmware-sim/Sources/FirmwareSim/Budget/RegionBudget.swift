import EdgeModel
import EdgeRuntime

/// How a model's arenas spread over a device's memory regions: what each region holds, the bytes
/// the kernels move there, and the cycles that costs per layer.
///
/// A model file planned for regions (`edge-distill place`) is taken as it is; a single-arena file is
/// planned here with the same ``RegionPlanner`` `place` uses, over the regions allowed.
public struct RegionBudget: Encodable, Equatable, Sendable {
    /// One region's share.
    public struct Region: Encodable, Equatable, Sendable {
        /// Its name.
        public var name: String
        /// Bytes it offers.
        public var capacityBytes: Int
        /// Bytes taken by what is not the arena (stack, runtime state, workspace, I/O copies; region 0).
        public var reservedBytes: Int
        /// Bytes of the arena placed there.
        public var arenaBytes: Int
        /// Bytes the kernels move there per inference.
        public var bytesMoved: Int
        /// Extra cycles per byte moved.
        public var cyclesPerByte: Double
        /// Extra cycles per inference.
        public var cycles: Double { Double(bytesMoved) * cyclesPerByte }
        /// Whether the arena and the reserved bytes fit.
        public var fits: Bool { reservedBytes + arenaBytes <= capacityBytes }
    }

    /// `planned` (by the simulator, from a single-arena file) or `file` (as the model file places it).
    public var source: String
    /// The regions, in the profile's order.
    public var regions: [Region]
    /// Extra cycles of each layer.
    public var layerCycles: [Double]
    /// The arena tensors and scratch buffers where the plan puts them (for the HTML chart).
    public var tensors: [ArenaTensor]
    /// Why no plan fits, if none does.
    public var failure: String?

    /// Plans or reads the placement of `workload` on `device`'s regions; `reservedBytes` of the first
    /// region go to what is not the arena, and only regions named in `allowed` (all when nil) may
    /// hold the arena of a single-arena file.
    public init(workload: ModelWorkload, regions profiles: [MemoryRegionProfile], reservedBytes: Int, allowed: Set<String>? = nil) {
        var placed = workload.buffers
        var failure: String?
        if workload.regionArenaBytes.count > 1 {
            source = "file"
            if workload.regionArenaBytes.count > profiles.count {
                failure = "the model file places buffers in \(workload.regionArenaBytes.count) regions; the device lists \(profiles.count)"
            }
        } else {
            source = "planned"
            do {
                let regions = Self.plannerRegions(profiles, reservedBytes: reservedBytes, allowed: allowed)
                let placement = try RegionPlanner(regions: regions).place(workload.buffers)
                for index in placed.indices {
                    placed[index].region = placement.regions[index]
                    placed[index].offset = placement.offsets[index]
                }
            } catch {
                failure = "\(error)"
            }
        }
        var layerCycles = Array(repeating: 0.0, count: workload.layers.count)
        self.regions = profiles.enumerated().map { index, profile in
            let mine = failure == nil ? placed.filter { $0.region == index } : []
            let end = mine.map { $0.offset + $0.byteCount }.max() ?? 0
            let moved = mine.reduce(0) { $0 + $1.trafficBytes }
            for buffer in mine {
                for access in buffer.accesses where access.operator < layerCycles.count {
                    layerCycles[access.operator] += Double(access.bytes) * profile.cyclesPerByte.value
                }
            }
            return Region(
                name: profile.name, capacityBytes: Int(profile.bytes.value.rounded()), reservedBytes: index == 0 ? reservedBytes : 0,
                arenaBytes: (end + ModelFormat.alignment - 1) / ModelFormat.alignment * ModelFormat.alignment, bytesMoved: moved,
                cyclesPerByte: profile.cyclesPerByte.value)
        }
        self.layerCycles = layerCycles
        self.failure = failure
        var placeOf: [Int: (region: Int, offset: Int)] = [:]
        for buffer in placed {
            switch buffer.content {
            case .tensors(let members): for t in members { placeOf[t] = (buffer.region, buffer.offset) }
            case .scratch(let op): placeOf[-1 - op] = (buffer.region, buffer.offset)
            }
        }
        tensors = workload.arenaTensors.map { tensor in
            var moved = tensor
            if let place = placeOf[tensor.index] { (moved.region, moved.offset) = place }
            return moved
        }
    }

    /// What the planner may use of `profiles`: every region, less `reservedBytes` in the first, and
    /// nothing of a region not named in `allowed` (lowercased; all when nil).
    public static func plannerRegions(_ profiles: [MemoryRegionProfile], reservedBytes: Int, allowed: Set<String>?) -> [MemoryRegion] {
        profiles.enumerated().map { index, profile in
            var region = profile.memoryRegion(reservedBytes: index == 0 ? reservedBytes : 0)
            if let allowed, !allowed.contains(profile.name.lowercased()) { region.byteCount = 0 }
            return region
        }
    }

    /// Whether every region holds its share.
    public var fits: Bool { failure == nil && regions.allSatisfy(\.fits) }

    /// Extra cycles per inference.
    public var cycles: Double { layerCycles.reduce(0, +) }
}
