/// RAM and flash a model needs on one device against what the device offers.
///
/// Peak RAM = arena (exact, from the plan) + the application's input and output buffers +
/// runtime state + stack. Flash = the model file (constants and records) + runtime code.
public struct MemoryBudget: Encodable, Equatable, Sendable {
    /// The arena the plan needs.
    public var arenaBytes: Int
    /// The application's copies of the inputs and outputs (filled and read around `invoke`).
    public var inputOutputBytes: Int
    /// Runtime state outside the arena.
    public var runtimeStateBytes: Int
    /// The vector kernels' workspace (packed weights) beside the arena; zero for kernels without one.
    public var workspaceBytes: Int
    /// Call stack estimate.
    public var stackBytes: Int
    /// RAM the device offers a model.
    public var ramCapacity: Int
    /// The model file: weights, biases and records.
    public var modelFlashBytes: Int
    /// Runtime code and kernels.
    public var runtimeCodeBytes: Int
    /// Flash the device offers.
    public var flashCapacity: Int
    /// The operator at which the arena is fullest.
    public var peakOperator: Int
    /// The tensors alive at that operator, largest first: what to shrink when RAM does not fit.
    public var tensorsAtPeak: [ArenaTensor]
    /// The layer holding the most weights: what to shrink when flash does not fit.
    public var heaviestLayer: LayerWorkload?
    /// On a device with memory regions (EdgeDistill's runtime): what each region holds; RAM fits
    /// when every region holds its share. Nil when the device has one RAM.
    public var regions: RegionBudget?

    /// Checks `workload` against `device` with the runtime sizes `footprint`, and `workspaceBytes`
    /// beside the arena when the runtime's kernels prepare one.
    public init(workload: ModelWorkload, device: DeviceProfile, footprint: RuntimeFootprint, workspaceBytes: Int = 0) {
        arenaBytes = workload.arenaBytes
        self.workspaceBytes = workspaceBytes
        inputOutputBytes = workload.inputBytes + workload.outputBytes
        runtimeStateBytes = Int(footprint.runtimeStateBytes.value.rounded())
        stackBytes = Int(footprint.stackBytes.value.rounded())
        ramCapacity = Int(device.ramBytes.value.rounded())
        modelFlashBytes = workload.modelFlashBytes
        runtimeCodeBytes = Int(footprint.runtimeCodeBytes.value.rounded())
        flashCapacity = Int(device.flashBytes.value.rounded())
        let peak = workload.peakArenaUse
        peakOperator = peak.operator
        tensorsAtPeak = workload.tensorsAlive(at: peak.operator)
        heaviestLayer = workload.heaviestLayer
    }

    /// A speech front-end's buffers beside the model (0 without one).
    public var frontEndRAMBytes = 0
    /// A speech front-end's tables in flash (0 without one).
    public var frontEndFlashBytes = 0

    /// Peak RAM.
    public var peakRAMBytes: Int { arenaBytes + workspaceBytes + inputOutputBytes + runtimeStateBytes + stackBytes + frontEndRAMBytes }
    /// RAM left over (negative when it does not fit).
    public var ramMarginBytes: Int { ramCapacity - peakRAMBytes }
    /// Flash needed.
    public var flashBytes: Int { modelFlashBytes + runtimeCodeBytes + frontEndFlashBytes }
    /// Flash left over (negative when it does not fit).
    public var flashMarginBytes: Int { flashCapacity - flashBytes }
    /// Whether RAM fits: every region's share, or the one RAM.
    public var fitsRAM: Bool { regions.map(\.fits) ?? (ramMarginBytes >= 0) }
    /// Bytes the runtime needs beside the arena: its state, stack and kernel workspace.
    public var runtimeReservedBytes: Int { workspaceBytes + runtimeStateBytes + stackBytes }
    /// Whether flash fits.
    public var fitsFlash: Bool { flashMarginBytes >= 0 }
    /// Whether both fit.
    public var passes: Bool { fitsRAM && fitsFlash }

    /// Why it fails, in a sentence per resource; empty when it passes.
    public var failureReasons: [String] {
        var reasons: [String] = []
        if let regions, !regions.fits {
            if let failure = regions.failure {
                reasons.append("RAM: \(failure)")
            }
            for region in regions.regions where !region.fits {
                reasons.append(
                    "\(region.name) over by \(region.usedBytes - region.capacityBytes) B: arena \(region.arenaBytes) B"
                        + (region.reservedBytes > 0 ? " + stack, state and workspace \(region.reservedBytes) B" : "")
                        + (region.applicationBytes > 0 ? " + I/O copies \(region.applicationBytes) B" : "") + " > \(region.capacityBytes) B")
            }
        } else if !fitsRAM {
            let alive = tensorsAtPeak.prefix(4).map { "\($0.shortLabel) \($0.byteCount) B" }.joined(separator: ", ")
            reasons.append(
                "RAM over by \(-ramMarginBytes) B: peak \(peakRAMBytes) B (arena \(arenaBytes) B\(workspaceBytes > 0 ? ", workspace \(workspaceBytes) B" : ""), I/O \(inputOutputBytes) B, runtime \(runtimeStateBytes) B, stack \(stackBytes) B) > \(ramCapacity) B; the arena peaks at operator \(peakOperator) with \(alive) alive")
        }
        if !fitsFlash {
            let heaviest = heaviestLayer.map { "; most weights: layer \($0.index) \($0.operatorName) \(Formatting.shortTensorName($0.label)) with \($0.weightBytes) B" } ?? ""
            reasons.append(
                "flash over by \(-flashMarginBytes) B: model \(modelFlashBytes) B + runtime code \(runtimeCodeBytes) B > \(flashCapacity) B\(heaviest)")
        }
        return reasons
    }

    private enum CodingKeys: String, CodingKey {
        case arenaBytes, workspaceBytes, inputOutputBytes, runtimeStateBytes, stackBytes, peakRAMBytes, ramCapacity, ramMarginBytes, fitsRAM
        case modelFlashBytes, runtimeCodeBytes, flashBytes, flashCapacity, flashMarginBytes, fitsFlash, passes
        case peakOperator, tensorsAtPeak, heaviestLayer, failureReasons, regions, frontEndRAMBytes, frontEndFlashBytes
    }

    /// Encodes the inputs and the derived totals, margins and verdicts.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(arenaBytes, forKey: .arenaBytes)
        try c.encode(workspaceBytes, forKey: .workspaceBytes)
        try c.encode(inputOutputBytes, forKey: .inputOutputBytes)
        try c.encode(runtimeStateBytes, forKey: .runtimeStateBytes)
        try c.encode(stackBytes, forKey: .stackBytes)
        try c.encode(frontEndRAMBytes, forKey: .frontEndRAMBytes)
        try c.encode(frontEndFlashBytes, forKey: .frontEndFlashBytes)
        try c.encode(peakRAMBytes, forKey: .peakRAMBytes)
        try c.encode(ramCapacity, forKey: .ramCapacity)
        try c.encode(ramMarginBytes, forKey: .ramMarginBytes)
        try c.encode(fitsRAM, forKey: .fitsRAM)
        try c.encode(modelFlashBytes, forKey: .modelFlashBytes)
        try c.encode(runtimeCodeBytes, forKey: .runtimeCodeBytes)
        try c.encode(flashBytes, forKey: .flashBytes)
        try c.encode(flashCapacity, forKey: .flashCapacity)
        try c.encode(flashMarginBytes, forKey: .flashMarginBytes)
        try c.encode(fitsFlash, forKey: .fitsFlash)
        try c.encode(passes, forKey: .passes)
        try c.encode(peakOperator, forKey: .peakOperator)
        try c.encode(tensorsAtPeak, forKey: .tensorsAtPeak)
        try c.encodeIfPresent(heaviestLayer, forKey: .heaviestLayer)
        try c.encode(failureReasons, forKey: .failureReasons)
        try c.encodeIfPresent(regions, forKey: .regions)
    }
}
