/// One device the simulator knows: its processor, memories, power and inference software.
/// Stored as one JSON file per device in `firmware-sim/devices/`; every number carries its source.
public struct DeviceProfile: Codable, Equatable, Sendable {
    /// Short name used on the command line, for example `phone-big-a76`.
    public var name: String
    /// What the device is, in a sentence.
    public var summary: String
    /// Where it is used: `phone`, `robot`, `smart speaker`, `calibration board`.
    public var category: String
    /// The core, for example `Cortex-M7`.
    public var processor: String
    /// Core clock in MHz.
    public var clockMegahertz: SourcedNumber
    /// Cores of this kind (the runtime uses one).
    public var cores: SourcedNumber
    /// Peak int8 multiply-accumulates per cycle per core.
    public var macsPerCyclePerCore: SourcedNumber
    /// SIMD register width in bits (32 for the Armv7E-M DSP extension's packed 8/16-bit operations).
    public var simdWidthBits: SourcedNumber
    /// Level-1 data cache in KiB (0 when there is none).
    public var dataCacheKibibytes: SourcedNumber
    /// Level-2 cache in KiB (0 when there is none).
    public var level2CacheKibibytes: SourcedNumber
    /// Sustained memory bandwidth in MB/s (SRAM on a microcontroller, DRAM on an application core).
    public var memoryBandwidthMegabytesPerSecond: SourcedNumber
    /// RAM a model may use: on-chip SRAM, or the share of DRAM given to the model.
    public var ramBytes: SourcedNumber
    /// Flash (or storage) a model and its runtime may use.
    public var flashBytes: SourcedNumber
    /// Power while inferring, in milliwatts.
    public var activePowerMilliwatts: SourcedNumber
    /// Power while idle between inferences, in milliwatts.
    public var idlePowerMilliwatts: SourcedNumber
    /// Inference stacks measured or estimated on this device; the first is the default.
    public var stacks: [SoftwareStack]
    /// EdgeDistill's runtime on this device: its code, state and stack sizes. Its latency comes
    /// from the fitted model of its kernels (``KernelCostModel``), not from a stack's factors.
    public var runtime: RuntimeFootprint
    /// The memories the arenas may be spread over (at most four, region 0 first); nil when the
    /// profile describes one RAM (``ramBytes``) at one speed.
    public var memoryRegions: [MemoryRegionProfile]?

    /// Creates a profile.
    public init(
        name: String, summary: String, category: String, processor: String, clockMegahertz: SourcedNumber,
        cores: SourcedNumber, macsPerCyclePerCore: SourcedNumber, simdWidthBits: SourcedNumber,
        dataCacheKibibytes: SourcedNumber, level2CacheKibibytes: SourcedNumber,
        memoryBandwidthMegabytesPerSecond: SourcedNumber, ramBytes: SourcedNumber, flashBytes: SourcedNumber,
        activePowerMilliwatts: SourcedNumber, idlePowerMilliwatts: SourcedNumber, stacks: [SoftwareStack],
        runtime: RuntimeFootprint, memoryRegions: [MemoryRegionProfile]? = nil
    ) {
        self.name = name
        self.summary = summary
        self.category = category
        self.processor = processor
        self.clockMegahertz = clockMegahertz
        self.cores = cores
        self.macsPerCyclePerCore = macsPerCyclePerCore
        self.simdWidthBits = simdWidthBits
        self.dataCacheKibibytes = dataCacheKibibytes
        self.level2CacheKibibytes = level2CacheKibibytes
        self.memoryBandwidthMegabytesPerSecond = memoryBandwidthMegabytesPerSecond
        self.ramBytes = ramBytes
        self.flashBytes = flashBytes
        self.activePowerMilliwatts = activePowerMilliwatts
        self.idlePowerMilliwatts = idlePowerMilliwatts
        self.stacks = stacks
        self.runtime = runtime
        self.memoryRegions = memoryRegions
    }

    /// The memory region named `name` (case-insensitive) and its number.
    public func region(named name: String) -> (index: Int, region: MemoryRegionProfile)? {
        guard let regions = memoryRegions, let index = regions.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) else {
            return nil
        }
        return (index, regions[index])
    }

    /// Clock in hertz.
    public var clockHertz: Double { clockMegahertz.value * 1e6 }

    /// The first comparison stack: what the analytical model uses when no stack is named.
    public var firstStack: SoftwareStack { stacks[0] }

    /// The stack named `name` (case-insensitive, or a unique prefix of a name).
    public func stack(named name: String) -> SoftwareStack? {
        let wanted = name.lowercased()
        if let exact = stacks.first(where: { $0.name.lowercased() == wanted }) { return exact }
        let matches = stacks.filter { $0.name.lowercased().hasPrefix(wanted) }
        return matches.count == 1 ? matches[0] : nil
    }

    /// The device's own sourced numbers by field name (stacks excluded).
    public var numbers: [(field: String, number: SourcedNumber)] {
        [
            ("clockMegahertz", clockMegahertz), ("cores", cores), ("macsPerCyclePerCore", macsPerCyclePerCore),
            ("simdWidthBits", simdWidthBits), ("dataCacheKibibytes", dataCacheKibibytes),
            ("level2CacheKibibytes", level2CacheKibibytes),
            ("memoryBandwidthMegabytesPerSecond", memoryBandwidthMegabytesPerSecond), ("ramBytes", ramBytes),
            ("flashBytes", flashBytes), ("activePowerMilliwatts", activePowerMilliwatts),
            ("idlePowerMilliwatts", idlePowerMilliwatts),
        ]
    }
}
