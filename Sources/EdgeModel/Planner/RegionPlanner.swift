import EdgeRuntime

/// A memory a plan may put buffers in: a microcontroller's tightly coupled RAM, its main SRAM,
/// external PSRAM. Its number in a model file is its position in the list the planner is given.
public struct MemoryRegion: Equatable, Sendable {
    /// The region's name, as a device profile spells it.
    public var name: String
    /// Bytes the model's arena may use there (zero: the plan must not use it).
    public var byteCount: Int
    /// Extra processor cycles per byte a kernel moves there, over the fastest memory.
    public var cyclesPerByte: Double

    /// Creates a region.
    public init(name: String, byteCount: Int, cyclesPerByte: Double) {
        self.name = name
        self.byteCount = byteCount
        self.cyclesPerByte = cyclesPerByte
    }
}

/// Why buffers could not be placed in the regions.
public enum RegionPlanError: Error, Equatable, CustomStringConvertible {
    /// More regions than a model file can name.
    case tooManyRegions(Int)
    /// The buffers need more than the regions hold together.
    case doesNotFit(neededBytes: Int, region: String, availableBytes: Int)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .tooManyRegions(let count):
            return "\(count) memory regions given; a model file names at most \(ModelFormat.maximumRegions)"
        case .doesNotFit(let needed, let region, let available):
            return "the arena does not fit: what is left for \(region), the last region, needs at least \(needed) bytes and it has \(available)"
        }
    }
}

/// Places every buffer of a plan in one of several memory regions, then plans each region's arena.
///
/// Greedy by how hot a buffer is (bytes moved through it per byte it occupies, ``ArenaBuffers``):
/// regions are filled from the cheapest per byte moved; while a region's buffers do not fit, the
/// coldest buffer alive where the region is fullest moves on to the next region; then the hottest
/// of the moved buffers come back while the region still fits. Every buffer of a model that fits in
/// the cheapest region stays there, so a plan without pressure is the single-arena plan.
public struct RegionPlanner: Sendable {
    /// The regions, numbered in this order in the file.
    public var regions: [MemoryRegion]
    /// The planner of each region's arena.
    public var arenaPlanner: ArenaPlanner

    /// The result: a region and offset per buffer, and each region's arena size.
    public struct Placement: Equatable, Sendable {
        /// Region of each buffer, in the order the buffers were given.
        public var regions: [Int]
        /// Offset of each buffer in its region's arena.
        public var offsets: [Int]
        /// Arena bytes each region needs, one per region.
        public var arenaBytes: [Int]
        /// Predicted extra cycles per inference: bytes moved in each region times its cost.
        public var cycles: Double
    }

    /// Creates a planner over `regions`.
    public init(regions: [MemoryRegion], arenaPlanner: ArenaPlanner = ArenaPlanner()) {
        self.regions = regions
        self.arenaPlanner = arenaPlanner
    }

    /// Places `buffers`.
    public func place(_ buffers: [ArenaBuffers.Buffer]) throws(RegionPlanError) -> Placement {
        guard regions.count <= ModelFormat.maximumRegions else { throw .tooManyRegions(regions.count) }
        let usable = regions.indices.filter { regions[$0].byteCount > 0 }.sorted {
            (regions[$0].cyclesPerByte, $0) < (regions[$1].cyclesPerByte, $1)
        }
        let planBuffers = buffers.map {
            ArenaPlanner.Buffer(byteCount: $0.byteCount, firstOperator: $0.firstOperator, lastOperator: $0.lastOperator)
        }
        let heat = buffers.map { Double($0.trafficBytes) / Double(max($0.byteCount, 1)) }
        var search = arenaPlanner
        search.improvementBudget = min(arenaPlanner.improvementBudget, 200)
        var remaining = Array(buffers.indices)
        var placement = Placement(
            regions: Array(repeating: 0, count: buffers.count), offsets: Array(repeating: 0, count: buffers.count),
            arenaBytes: Array(repeating: 0, count: regions.count), cycles: 0)
        for (rank, region) in usable.enumerated() where !remaining.isEmpty {
            let capacity = regions[region].byteCount
            func fits(_ members: [Int]) -> Bool {
                let chosen = members.map { planBuffers[$0] }
                return search.lowerBound(chosen) <= capacity && search.plan(chosen).arenaBytes <= capacity
            }
            var members = remaining
            var moved: [Int] = []
            while !members.isEmpty && !fits(members) {
                let coldest = coldestAtPeak(members, planBuffers, heat)
                members.removeAll { $0 == coldest }
                moved.append(coldest)
            }
            if rank == usable.count - 1, !moved.isEmpty {
                let needed = search.lowerBound(remaining.map { planBuffers[$0] })
                throw .doesNotFit(neededBytes: needed, region: regions[region].name, availableBytes: capacity)
            }
            for candidate in moved.sorted(by: { heat[$0] > heat[$1] }).prefix(64) where fits(members + [candidate]) {
                members.append(candidate)
            }
            let plan = arenaPlanner.plan(members.map { planBuffers[$0] })
            for (position, buffer) in members.enumerated() {
                placement.regions[buffer] = region
                placement.offsets[buffer] = plan.offsets[position]
            }
            placement.arenaBytes[region] = plan.arenaBytes
            let chosen = Set(members)
            remaining.removeAll { chosen.contains($0) }
        }
        if !remaining.isEmpty {
            throw .doesNotFit(
                neededBytes: search.lowerBound(remaining.map { planBuffers[$0] }), region: usable.last.map { regions[$0].name } ?? "none",
                availableBytes: 0)
        }
        placement.cycles = buffers.indices.reduce(0) {
            $0 + Double(buffers[$1].trafficBytes) * regions[placement.regions[$1]].cyclesPerByte
        }
        return placement
    }

    /// The coldest of `members` alive at the operator where their total size peaks (ties: the larger).
    func coldestAtPeak(_ members: [Int], _ buffers: [ArenaPlanner.Buffer], _ heat: [Double]) -> Int {
        let last = members.map { buffers[$0].lastOperator }.max() ?? 0
        var peak = 0
        var peakBytes = -1
        for op in 0...max(last, 0) {
            let total = members.reduce(0) {
                $0 + (buffers[$1].firstOperator <= op && op <= buffers[$1].lastOperator ? buffers[$1].byteCount : 0)
            }
            if total > peakBytes { (peak, peakBytes) = (op, total) }
        }
        let alive = members.filter { buffers[$0].firstOperator <= peak && peak <= buffers[$0].lastOperator }
        return (alive.isEmpty ? members : alive).min {
            (heat[$0], -buffers[$0].byteCount) < (heat[$1], -buffers[$1].byteCount)
        }!
    }
}

extension ModelWriter {
    /// The model file `bytes` with its buffers placed in `regions` (see ``RegionPlanner``): every
    /// tensor record and scratch buffer gets its region and offset, the header each region's arena
    /// size; validated by the runtime before it is returned. A plan that keeps everything in region 0
    /// gives a single-arena file (format 1.0).
    public func placing(_ loaded: LoadedModel, in regions: [MemoryRegion]) throws -> (bytes: [UInt8], placement: RegionPlanner.Placement) {
        let buffers = ArenaBuffers(model: loaded.model).buffers
        let placement = try RegionPlanner(regions: regions, arenaPlanner: planner).place(buffers)
        return (try applying(placement, of: buffers, to: loaded), placement)
    }

    /// The model file of `loaded` with `buffers` (its ``ArenaBuffers``) where `placement` puts them;
    /// validated by the runtime.
    public func applying(_ placement: RegionPlanner.Placement, of buffers: [ArenaBuffers.Buffer], to loaded: LoadedModel) throws(ModelWriterError) -> [UInt8] {
        let model = loaded.model
        var bytes = [UInt8](model.bytes)
        var arenas = Array(repeating: 0, count: ModelFormat.maximumRegions)
        func setWord(_ value: Int, at offset: Int) {
            withUnsafeBytes(of: UInt32(value).littleEndian) { bytes.replaceSubrange(offset..<(offset + 4), with: $0) }
        }
        for (index, buffer) in buffers.enumerated() {
            let region = placement.regions[index]
            let offset = placement.offsets[index]
            switch buffer.content {
            case .tensors(let members):
                for t in members {
                    let record = model.tensor(t).recordOffset
                    bytes[record + ModelFormat.TensorField.region] = UInt8(region)
                    setWord(offset, at: record + ModelFormat.TensorField.dataOffset)
                }
            case .scratch(let op):
                let record = model.operatorRecord(op).recordOffset
                bytes[record + ModelFormat.OperatorField.scratchRegion] = UInt8(region)
                setWord(offset, at: record + ModelFormat.OperatorField.scratchOffset)
            }
            arenas[region] = max(arenas[region], (offset + buffer.byteCount + ModelFormat.alignment - 1) / ModelFormat.alignment * ModelFormat.alignment)
        }
        setWord(arenas[0], at: ModelFormat.Header.arenaBytes)
        for region in 1..<ModelFormat.maximumRegions {
            setWord(arenas[region], at: ModelFormat.Header.regionArenaBytes + 4 * (region - 1))
        }
        let minor = arenas.dropFirst().contains { $0 > 0 } ? ModelFormat.regionsMinorVersion : ModelFormat.minorVersion
        withUnsafeBytes(of: minor.littleEndian) { bytes.replaceSubrange(ModelFormat.Header.minorVersion..<(ModelFormat.Header.minorVersion + 2), with: $0) }
        let checksum = bytes[ModelFormat.headerBytes...].withUnsafeBytes { Checksum.crc32($0) }
        setWord(Int(checksum), at: ModelFormat.Header.bodyChecksum)
        do {
            _ = try LoadedModel(bytes: bytes)
        } catch {
            throw .rejectedByRuntime(error)
        }
        return bytes
    }
}
