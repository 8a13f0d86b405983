import EdgeModel
import EdgeRuntime

/// EdgeDistill's runtime on a device: per layer, the instruction mix the fitted model of the
/// device's firmware build predicts (``KernelCostModel``), turned into cycles by the core's
/// ``CycleModel`` and into time by the profile's clock. This is the default "stack" of every
/// profile; the others are comparisons.
public struct RuntimeLatency: Sendable {
    /// The core whose firmware build is predicted (a Cortex-M33 runs as the Cortex-M4's Armv7E-M
    /// code, a Cortex-A55 as the Cortex-A53's).
    public let target: FirmwareTarget
    /// The kernels that build runs.
    public let kernels: KernelVariant
    /// The fitted instruction model.
    public let costs: KernelCostModel
    /// Instructions to cycles.
    public let cycleModel: CycleModel
    /// The device's clock in hertz.
    public let clockHertz: Double

    /// The prediction for `device`, or nil when its processor has no firmware build or no fitted model.
    public init?(device: DeviceProfile, catalog: KernelCostCatalog) {
        guard let target = FirmwareTarget(processor: device.processor) else { return nil }
        let kernels = target.kernels
        guard let costs = catalog.model(target: target, kernels: kernels) else { return nil }
        self.target = target
        self.kernels = kernels
        self.costs = costs
        cycleModel = CycleModel(target: target)
        clockHertz = device.clockHertz
    }

    /// The name reports give this stack.
    public var stackName: String {
        // On Armv7E-M the interpreter's `.portable` variant is the packed DSP kernels (chosen at compile time).
        "EdgeDistill runtime (\(target.architecture == .armv7em ? "Armv7E-M DSP kernels" : "\(kernels.name) kernels"))"
    }

    /// The predicted instruction mix of each layer.
    public func mixes(_ workload: ModelWorkload) -> [InstructionMix?] { workload.layers.map(costs.predict) }

    /// Per-layer cycles and time (layers the model cannot predict cost nothing and are counted in
    /// ``unpredictedLayers(_:)``).
    public func estimate(_ workload: ModelWorkload) -> LatencyEstimate {
        LatencyEstimate(layers: zip(workload.layers, mixes(workload)).map { layer, mix in
            let cycles = mix.map(cycleModel.cycles) ?? 0
            return LayerCost(
                index: layer.index, operatorName: layer.operatorName, label: layer.label, kind: layer.kind,
                multiplyAccumulates: layer.multiplyAccumulates, bytesMoved: layer.bytesMoved, computeCycles: cycles,
                memoryCycles: 0, cycles: cycles, seconds: cycles / clockHertz, predictedInstructions: mix?.instructions)
        })
    }

    /// Layers without a prediction (no shape terms, or a family never fitted).
    public func unpredictedLayers(_ workload: ModelWorkload) -> [Int] {
        zip(workload.layers, mixes(workload)).filter { $0.1 == nil }.map(\.0.index)
    }
}
