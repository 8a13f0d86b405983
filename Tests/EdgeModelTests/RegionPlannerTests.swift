import EdgeModel
import EdgeRuntime
import Testing
import TestSupport

/// Plans across memory regions: every buffer inside its region's arena, no two buffers alive
/// together sharing bytes of one region, hot buffers in the cheap region, and the same outputs as
/// the single-arena file.
@Suite struct RegionPlannerTests {
    /// Random models: side-by-side random layers, and the every-operator chain.
    static func models(count: Int) throws -> [LoadedModel] {
        var random = LayerSamples.Generator(seed: 41)
        var models = [try LoadedModel(bytes: ModelWriter().write(SampleGraphs.everyOperator()))]
        while models.count < count {
            let graphs = (0..<random.integer(in: 2...5)).compactMap { _ in
                LayerSamples.graph(of: random.element(of: LayerSamples.sampledKinds), seed: random.next())
            }
            guard !graphs.isEmpty else { continue }
            models.append(try LoadedModel(bytes: ModelWriter().write(LayerSamples.union(graphs, name: "regions"))))
        }
        return models
    }

    /// Checks the placement independently of the runtime's validation.
    func expectValid(_ loaded: LoadedModel, _ regions: [MemoryRegion]) {
        let buffers = ArenaBuffers(model: loaded.model).buffers
        for (i, a) in buffers.enumerated() {
            #expect(a.region < regions.count)
            #expect(a.offset % 16 == 0)
            #expect(a.offset + a.byteCount <= loaded.model.arenaBytes(region: a.region))
            #expect(loaded.model.arenaBytes(region: a.region) <= regions[a.region].byteCount)
            for b in buffers[(i + 1)...] where a.region == b.region {
                let together = a.firstOperator <= b.lastOperator && b.firstOperator <= a.lastOperator
                let disjoint = a.offset + a.byteCount <= b.offset || b.offset + b.byteCount <= a.offset
                #expect(!together || disjoint, "\(a.content) and \(b.content) share bytes of region \(a.region)")
            }
        }
    }

    /// Runs both files on the same random inputs and compares every output byte.
    func expectSameOutputs(_ single: LoadedModel, _ placed: LoadedModel, seed: UInt64) throws {
        var random = LayerSamples.Generator(seed: seed)
        for kernels in [KernelVariant.portable, .host] {
            let a = try ModelRunner(single, kernels: kernels)
            let b = try ModelRunner(placed, kernels: kernels)
            for position in 0..<single.model.inputCount {
                let bytes = random.bytes(a.inputBytes(position).count)
                a.inputBytes(position).copyBytes(from: bytes)
                b.inputBytes(position).copyBytes(from: bytes)
            }
            a.invoke()
            b.invoke()
            for position in 0..<single.model.outputCount {
                #expect(Array(a.outputBytes(position)) == Array(b.outputBytes(position)))
            }
        }
    }

    @Test func tightRegionsSpillAndKeepEveryOutput() throws {
        var random = LayerSamples.Generator(seed: 5)
        var spilled = 0
        for (index, loaded) in try Self.models(count: 12).enumerated() {
            let arena = loaded.model.arenaBytes
            let fast = random.integer(in: 1...max(arena / 16, 1)) * 16
            let regions = [
                MemoryRegion(name: "fast", byteCount: fast, cyclesPerByte: 0),
                MemoryRegion(name: "middle", byteCount: random.integer(in: 0...max(arena / 32, 1)) * 16, cyclesPerByte: 0.5),
                MemoryRegion(name: "slow", byteCount: 2 * arena, cyclesPerByte: 3),
            ]
            let (bytes, placement) = try ModelWriter().placing(loaded, in: regions)
            let placed = try LoadedModel(bytes: bytes)
            expectValid(placed, regions)
            #expect(placement.arenaBytes.enumerated().allSatisfy { $0.element == placed.model.arenaBytes(region: $0.offset) })
            try expectSameOutputs(loaded, placed, seed: UInt64(index))
            if placed.model.usesRegions { spilled += 1 }
        }
        #expect(spilled >= 10)
    }

    @Test func aModelThatFitsStaysInOneArena() throws {
        for loaded in try Self.models(count: 4) {
            let regions = [
                MemoryRegion(name: "sram", byteCount: loaded.model.arenaBytes, cyclesPerByte: 0),
                MemoryRegion(name: "psram", byteCount: 1 << 24, cyclesPerByte: 2),
            ]
            let placed = try LoadedModel(bytes: ModelWriter().placing(loaded, in: regions).bytes)
            #expect(!placed.model.usesRegions)
            #expect(placed.model.arenaBytes <= loaded.model.arenaBytes)
            #expect(placed.model.bytes[ModelFormat.Header.minorVersion] == UInt8(ModelFormat.minorVersion))
        }
    }

    /// With room for only part of the arena in the fast region, the buffers moved per byte most
    /// (the convolution's scratch) are the ones kept there.
    @Test func theHottestBuffersStayInTheFastRegion() throws {
        let loaded = try LoadedModel(bytes: ModelWriter().write(SampleGraphs.everyOperator()))
        let buffers = ArenaBuffers(model: loaded.model).buffers
        let hottest = buffers.indices.max { a, b in
            Double(buffers[a].trafficBytes) / Double(buffers[a].byteCount) < Double(buffers[b].trafficBytes) / Double(buffers[b].byteCount)
        }!
        let regions = [
            MemoryRegion(name: "tcm", byteCount: (buffers[hottest].byteCount + 15) / 16 * 16, cyclesPerByte: 0),
            MemoryRegion(name: "psram", byteCount: 1 << 24, cyclesPerByte: 2),
        ]
        let (_, placement) = try ModelWriter().placing(loaded, in: regions)
        #expect(placement.regions[hottest] == 0)
        #expect(placement.regions.contains(1))
        // The cost charged is every buffer's bytes moved in the slow region times its cost.
        let slowTraffic = buffers.indices.filter { placement.regions[$0] == 1 }.reduce(0) { $0 + buffers[$1].trafficBytes }
        #expect(placement.cycles == Double(slowTraffic) * 2)
    }

    @Test func regionsTooSmallAreRefusedWithTheBytesNeeded() throws {
        let loaded = try LoadedModel(bytes: ModelWriter().write(SampleGraphs.everyOperator()))
        let regions = [
            MemoryRegion(name: "tcm", byteCount: 32, cyclesPerByte: 0), MemoryRegion(name: "sram", byteCount: 64, cyclesPerByte: 1),
        ]
        #expect(throws: RegionPlanError.self) { try ModelWriter().placing(loaded, in: regions) }
        let five = Array(repeating: MemoryRegion(name: "r", byteCount: 1 << 20, cyclesPerByte: 0), count: 5)
        #expect(throws: RegionPlanError.tooManyRegions(5)) { try ModelWriter().placing(loaded, in: five) }
    }

    /// The runtime refuses a file whose buffers leave their region or overlap inside one.
    @Test func theRuntimeChecksEveryRegion() throws {
        let loaded = try Self.models(count: 2)[1]
        let regions = [
            MemoryRegion(name: "fast", byteCount: 16, cyclesPerByte: 0),
            MemoryRegion(name: "slow", byteCount: 1 << 24, cyclesPerByte: 1),
        ]
        let bytes = try ModelWriter().placing(loaded, in: regions).bytes
        let placed = try LoadedModel(bytes: bytes)
        #expect(placed.model.usesRegions)
        // A buffer moved to region 3, which has no arena: out of bounds.
        let moved = ArenaBuffers(model: placed.model).buffers.first { $0.region == 1 }!
        guard case .tensors(let members) = moved.content else { return }
        var broken = bytes
        broken[placed.model.tensor(members[0]).recordOffset + ModelFormat.TensorField.region] = 3
        let checksum = broken[ModelFormat.headerBytes...].withUnsafeBytes { Checksum.crc32($0) }
        withUnsafeBytes(of: checksum.littleEndian) { broken.replaceSubrange(20..<24, with: $0) }
        #expect(throws: ModelError.arenaTensorOutOfBounds(tensor: members[0])) { _ = try LoadedModel(bytes: broken) }
        // An interpreter needs an arena for every region the plan uses.
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: max(placed.model.arenaBytes, 16), alignment: 16)
        defer { arena.deallocate() }
        #expect(throws: ModelError.arenaTooSmall(region: 1, required: placed.model.arenaBytes(region: 1), available: 0)) {
            _ = try Interpreter(model: placed.model, arena: arena)
        }
    }
}
