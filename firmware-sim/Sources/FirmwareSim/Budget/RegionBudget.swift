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
        /// Bytes the runtime needs there besides the arena: stack, state, kernel workspace (region 0).
        public var reservedBytes: Int
        /// Bytes of the model's arena placed there.
        public var arenaBytes: Int
        /// Bytes of the application's input and output copies placed there.
        public var applicationBytes: Int
        /// Bytes the kernels move there per inference.
        public var bytesMoved: Int
        /// Extra cycles per byte moved.
        public var cyclesPerByte: Double
        /// Extra cycles per inference.
        public var cycles: Double { Double(bytesMoved) * cyclesPerByte }
        /// Bytes it must hold.
        public var usedBytes: Int { reservedBytes + arenaBytes + applicationBytes }
        /// Whether they fit.
        public var fits: Bool { usedBytes <= capacityBytes }
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

    /// Plans or reads the placement of `workload` on `device`'s regions: `reservedBytes` of the first
    /// region go to the runtime's stack, state and workspace; only regions named in `allowed`
    /// (lowercased; all when nil) may hold the arena of a single-arena file. The application's
    /// `inputOutputBytes` of copies (which move no bytes during `invoke`) go to the slowest region
    /// with room left.
    public init(
        workload: ModelWorkload, regions profiles: [MemoryRegionProfile], reservedBytes: Int, inputOutputBytes: Int,
        allowed: Set<String>? = nil
    ) {
        var placed = workload.buffers
        var failure: String?
        var arenas = Array(repeating: 0, count: profiles.count)
        if workload.regionArenaBytes.count > 1 {
            source = "file"
            if workload.regionArenaBytes.count > profiles.count {
                failure = "the model file places buffers in \(workload.regionArenaBytes.count) regions; the device lists \(profiles.count)"
            } else {
                for (region, bytes) in workload.regionArenaBytes.enumerated() { arenas[region] = bytes }
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
                arenas = placement.arenaBytes
            } catch {
                failure = "\(error)"
            }
        }
        var regions = profiles.enumerated().map { index, profile in
            Region(
                name: profile.name, capacityBytes: Int(profile.bytes.value.rounded()), reservedBytes: index == 0 ? reservedBytes : 0,
                arenaBytes: failure == nil ? arenas[index] : 0, applicationBytes: 0,
                bytesMoved: failure == nil ? placed.filter { $0.region == index }.reduce(0) { $0 + $1.trafficBytes } : 0,
                cyclesPerByte: profile.cyclesPerByte.value)
        }
        if failure == nil, inputOutputBytes > 0 {
            let open = regions.indices.filter { index in
                (allowed?.contains(profiles[index].name.lowercased()) ?? true) && regions[index].usedBytes + inputOutputBytes <= regions[index].capacityBytes
            }
            if let slowest = open.max(by: { (regions[$0].cyclesPerByte, $0) < (regions[$1].cyclesPerByte, $1) }) {
                regions[slowest].applicationBytes = inputOutputBytes
            } else {
                failure = "the application's input and output copies (\(inputOutputBytes) B) fit in no region beside the arena"
            }
        }
        self.regions = regions
        layerCycles = failure == nil ? Self.layerCycles(placed, regions: profiles, layers: workload.layers.count) : Array(repeating: 0, count: workload.layers.count)
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

    /// The extra cycles of each of `layers` operators: the bytes it moves in each buffer times the
    /// cost per byte of the buffer's region (a region beyond the list costs nothing).
    public static func layerCycles(_ buffers: [ArenaBuffers.Buffer], regions: [MemoryRegionProfile], layers: Int) -> [Double] {
        var cycles = Array(repeating: 0.0, count: layers)
        for buffer in buffers where buffer.region < regions.count {
            for access in buffer.accesses where access.operator < layers {
                cycles[access.operator] += Double(access.bytes) * regions[buffer.region].cyclesPerByte.value
            }
        }
        return cycles
    }

    /// Whether every region holds its share.
    public var fits: Bool { failure == nil && regions.allSatisfy(\.fits) }

    /// Extra cycles per inference.
    public var cycles: Double { layerCycles.reduce(0, +) }
}
