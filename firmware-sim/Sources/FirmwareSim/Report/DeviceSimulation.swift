/// Everything the simulator says about one model on one device: latency per layer and in total,
/// RAM and flash against the budgets, energy and real-time headroom.
public struct DeviceSimulation: Encodable, Equatable, Sendable {
    /// The device's name.
    public var device: String
    /// Where the device is used.
    public var category: String
    /// Its processor.
    public var processor: String
    /// Core clock in MHz.
    public var clockMegahertz: Double
    /// The software stack assumed.
    public var stack: String
    /// Latency per layer and in total.
    public var latency: LatencyEstimate
    /// RAM and flash.
    public var memory: MemoryBudget
    /// Energy and streaming.
    public var energy: EnergyEstimate
    /// The speech front-end, when the model listens through one.
    public var frontEnd: FrontEndWorkload?
    /// One front-end hop's predicted instructions and time (EdgeDistill's runtime only; nil when
    /// the build's front-end was not measured or a comparison stack is simulated).
    public var frontEndInstructions: Int?, frontEndMilliseconds: Double?

    /// Simulates `workload` on `device`: with EdgeDistill's runtime, predicted from the fitted
    /// model of its kernels in `kernelCosts`, unless `stack` names a comparison stack (or the device
    /// has no fitted build, when its first comparison stack stands in); `hopSeconds` is the
    /// stream's time between inferences, if it is a stream.
    ///
    /// On a device with memory regions, EdgeDistill's runtime spreads the arena over them
    /// (``RegionBudget``): as the model file places it, or planned here over the regions named in
    /// `regions` (lowercased; all when nil); each layer is charged the cycles of the bytes it moves
    /// in slower regions.
    ///
    /// With a `frontEnd`, its tables and buffers count in flash and RAM, and each stream hop (one
    /// inference) also pays the front-end once per `frontEnd.hopSeconds` in it.
    public init(
        workload: ModelWorkload, device: DeviceProfile, stack: SoftwareStack? = nil, kernelCosts: KernelCostCatalog,
        hopSeconds: Double? = nil, regions: Set<String>? = nil, frontEnd: FrontEndWorkload? = nil
    ) {
        self.device = device.name
        category = device.category
        processor = device.processor
        clockMegahertz = device.clockMegahertz.value
        if stack == nil, let runtime = RuntimeLatency(device: device, catalog: kernelCosts) {
            self.stack = runtime.stackName
            latency = runtime.estimate(workload)
            kernelCostBuild = runtime.costs.build
            memory = MemoryBudget(
                workload: workload, device: device, footprint: device.runtime,
                workspaceBytes: runtime.kernels == .portable ? 0 : workload.vectorWorkspaceBytes)
            if let profiles = device.memoryRegions, !workload.buffers.isEmpty || workload.arenaBytes == 0 {
                let budget = RegionBudget(
                    workload: workload, regions: profiles, reservedBytes: memory.runtimeReservedBytes,
                    inputOutputBytes: memory.inputOutputBytes, allowed: regions)
                memory.regions = budget
                memory.ramCapacity = budget.regions.reduce(0) { $0 + $1.capacityBytes }
                latency.layers = latency.layers.map { layer in
                    var charged = layer
                    let extra = layer.index < budget.layerCycles.count ? budget.layerCycles[layer.index] : 0
                    charged.regionCycles = extra
                    charged.cycles += extra
                    charged.seconds += extra / device.clockHertz
                    return charged
                }
            }
            if let frontEnd, let mix = runtime.costs.predictFrontEnd(frontEnd.shape, melWeights: frontEnd.melWeights) {
                frontEndInstructions = mix.instructions
                frontEndMilliseconds = runtime.cycleModel.cycles(mix) / device.clockHertz * 1e3
            }
            let range = runtime.cycleModel.uncertainty
            latencyRangeMilliseconds = [latency.seconds * 1e3 * range.lowerBound, latency.seconds * 1e3 * range.upperBound]
        } else {
            let chosen = stack ?? device.firstStack
            self.stack = chosen.name
            latency = CostModel(device: device, stack: chosen).estimate(workload)
            latencyRangeMilliseconds = nil
            kernelCostBuild = nil
            memory = MemoryBudget(workload: workload, device: device, footprint: chosen.footprint)
        }
        if let frontEnd {
            memory.frontEndRAMBytes = frontEnd.ramBytes
            memory.frontEndFlashBytes = frontEnd.fileBytes
        }
        self.frontEnd = frontEnd
        // A stream hop runs the model once and the front-end once per frame hop in it.
        let frontEndSeconds = (frontEndMilliseconds ?? 0) / 1e3 * (hopSeconds.map { $0 / (frontEnd?.hopSeconds ?? $0) } ?? 0)
        energy = EnergyEstimate(
            latencySeconds: latency.seconds + frontEndSeconds, activePowerMilliwatts: device.activePowerMilliwatts.value,
            idlePowerMilliwatts: device.idlePowerMilliwatts.value, hopSeconds: hopSeconds)
        passes = memory.passes && (energy.keepsUp ?? true)
        failureReasons = DeviceSimulation.reasons(memory: memory, energy: energy, latency: latency)
        latencyMilliseconds = latency.seconds * 1e3
    }

    /// For EdgeDistill's runtime: the latency range the cycle model's uncertainty gives, in
    /// milliseconds (low, high); nil for a comparison stack.
    public var latencyRangeMilliseconds: [Double]?
    /// For EdgeDistill's runtime: the firmware build whose fitted kernel costs predict it
    /// (`cortex-m4-portable`, …); nil for a comparison stack.
    public var kernelCostBuild: String?
    /// PASS when RAM and flash fit (and, for a stream, the device keeps up); FAIL otherwise.
    public var passes: Bool
    /// Why it fails; empty when it passes.
    public var failureReasons: [String]
    /// Total latency in milliseconds.
    public var latencyMilliseconds: Double

    static func reasons(memory: MemoryBudget, energy: EnergyEstimate, latency: LatencyEstimate) -> [String] {
        var reasons = memory.failureReasons
        if let keepsUp = energy.keepsUp, !keepsUp, let hop = energy.hopSeconds {
            let work = energy.latencySeconds > latency.seconds ? "per hop (inference and front-end)" : "per inference"
            reasons.append("too slow for the stream: \(formatMilliseconds(energy.latencySeconds)) \(work) > \(formatMilliseconds(hop)) hop")
        }
        return reasons
    }
}

/// Milliseconds with three significant digits, for messages.
func formatMilliseconds(_ seconds: Double) -> String {
    let ms = seconds * 1e3
    if ms >= 100 { return "\(Int(ms.rounded())) ms" }
    if ms >= 10 { return "\((ms * 10).rounded() / 10) ms" }
    if ms >= 1 { return "\((ms * 100).rounded() / 100) ms" }
    return "\((ms * 1000).rounded() / 1000) ms"
}
