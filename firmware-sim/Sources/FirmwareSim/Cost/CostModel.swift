/// Cycles per layer from multiply-accumulates and bytes moved, for one software stack on one device.
/// The formula is documented on ``SoftwareStack`` and in docs/SIMULATOR.md.
public struct CostModel: Sendable {
    /// The stack whose per-kind costs apply.
    public var stack: SoftwareStack
    /// Core clock in hertz.
    public var clockHertz: Double
    /// Sustained memory bandwidth in bytes per cycle.
    public var bytesPerCycle: Double

    /// A cost model for `stack` on `device` (the device's first comparison stack when `stack` is nil).
    public init(device: DeviceProfile, stack: SoftwareStack? = nil) {
        self.stack = stack ?? device.firstStack
        clockHertz = device.clockHertz
        bytesPerCycle = device.memoryBandwidthMegabytesPerSecond.value * 1e6 / device.clockHertz
    }

    /// A cost model from explicit parts (calibration uses it with trial stacks).
    public init(stack: SoftwareStack, clockHertz: Double, bytesPerCycle: Double = .infinity) {
        self.stack = stack
        self.clockHertz = clockHertz
        self.bytesPerCycle = bytesPerCycle
    }

    /// Cycles of the arithmetic and fixed work of `layer`, without the memory roofline.
    public func computeCycles(_ layer: LayerWorkload) -> Double {
        let perMAC = stack.cyclesPerMAC.value
        let outputs = stack.outputCostInMACs.value * Double(layer.outputElements)
        let macs = Double(layer.multiplyAccumulates)
        var cycles: Double
        switch layer.kind {
        case .convolution:
            let factor = layer.isShallowConvolution ? stack.shallowConvolutionFactor.value : 1
            cycles = perMAC * (macs * factor + outputs)
        case .depthwiseConvolution:
            cycles = perMAC * (macs * stack.depthwiseFactor.value + outputs)
        case .dense:
            cycles = perMAC * (macs * stack.denseFactor.value + outputs)
        case .pooling, .add, .softmax, .dataMovement:
            cycles = perMAC * stack.elementwiseCostInMACs.value * Double(layer.elementwiseElements)
        }
        cycles += stack.weightCyclesPerByte.value * Double(layer.weightBytes)
        cycles += stack.operatorOverheadCycles.value
        return cycles
    }

    /// The cost of one layer.
    public func cost(of layer: LayerWorkload) -> LayerCost {
        let compute = computeCycles(layer)
        let memory = bytesPerCycle.isFinite && bytesPerCycle > 0 ? Double(layer.bytesMoved) / bytesPerCycle : 0
        let cycles = max(compute, memory)
        return LayerCost(
            index: layer.index, operatorName: layer.operatorName, label: layer.label, kind: layer.kind,
            multiplyAccumulates: layer.multiplyAccumulates, bytesMoved: layer.bytesMoved, computeCycles: compute,
            memoryCycles: memory, cycles: cycles, seconds: cycles / clockHertz)
    }

    /// The cost of every layer of `workload` and the total.
    public func estimate(_ workload: ModelWorkload) -> LatencyEstimate {
        LatencyEstimate(layers: workload.layers.map(cost(of:)))
    }
}

/// Per-layer and total latency of a model on one device.
public struct LatencyEstimate: Codable, Equatable, Sendable {
    /// Each layer's cost, in execution order.
    public var layers: [LayerCost]

    /// Creates an estimate from layer costs.
    public init(layers: [LayerCost]) { self.layers = layers }

    /// Total cycles.
    public var cycles: Double { layers.reduce(0) { $0 + $1.cycles } }
    /// Total seconds.
    public var seconds: Double { layers.reduce(0) { $0 + $1.seconds } }
}
