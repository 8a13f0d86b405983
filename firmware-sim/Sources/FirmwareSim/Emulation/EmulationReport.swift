import Foundation

/// The report of `simulate --emulate`: per operator, the instructions counted under QEMU beside the
/// instructions the fitted kernel-cost model predicts (what `simulate` without `--emulate` uses),
/// the cycle model's latency at the device's clock, and the analytical comparison stack's estimate.
public struct EmulationReport: Sendable {
    /// The emulated, bit-exact checked run.
    public let inference: EmulatedInference
    /// The device whose clock and analytical model are used.
    public let device: DeviceProfile
    /// The model's workload (layer names and the analytical estimate's input).
    public let workload: ModelWorkload
    /// The fitted model of the image's build, when one ships.
    public let costs: KernelCostModel?

    /// A report of `inference` on `device`, with the prediction of `kernelCosts` for the image's build.
    public init(inference: EmulatedInference, device: DeviceProfile, workload: ModelWorkload, kernelCosts: KernelCostCatalog) {
        self.inference = inference
        self.device = device
        self.workload = workload
        costs = kernelCosts.model(target: inference.image.target, kernels: inference.image.kernels)
    }

    /// One layer of the JSON form.
    public struct Layer: Encodable, Sendable {
        /// Position and operator.
        public var index: Int, operatorName: String, label: String
        /// Counted under QEMU.
        public var emulatedInstructions: Int, loads: Int, stores: Int, branches: Int
        /// Predicted by the fitted model (nil where it has nothing for the layer).
        public var predictedInstructions: Int?
        /// Cycles and milliseconds of the emulated mix under the core's cycle model, plus the
        /// region cycles.
        public var cycles: Double, milliseconds: Double
        /// Of those cycles, the ones the bytes moved in the device's slower memory regions add
        /// (where the model file places its buffers; nil on a device without regions).
        public var regionCycles: Double?
    }

    /// The JSON form: every layer and the totals.
    public struct Summary: Encodable, Sendable {
        /// The model, device, emulated core, kernels and fitted build.
        public var model: String, device: String, target: String, kernels: String, fittedBuild: String?
        /// Per layer.
        public var layers: [Layer]
        /// Totals: counted over `invoke()`, and predicted (the layers' sum plus dispatch).
        public var emulatedInstructions: Int, predictedInstructions: Int?
        /// `predicted / emulated − 1`.
        public var predictionError: Double?
        /// Cycles and milliseconds of the whole `invoke()` under the cycle model (plus the region
        /// cycles), and its range.
        public var cycles: Double, milliseconds: Double, millisecondsRange: [Double]
        /// Sizes.
        public var runtimeTextBytes: Int, arenaBytes: Int, workspaceBytes: Int, peakStackBytes: Int
    }

    /// The predicted mix of each layer (nil where the fitted model has nothing, or none ships).
    public var predicted: [InstructionMix?] { workload.layers.map { costs?.predict($0) } }

    /// The JSON form's values.
    public var summary: Summary {
        let cycleModel = CycleModel(target: inference.image.target)
        let milliseconds = 1000 / device.clockHertz
        let predicted = self.predicted
        let regionCycles = device.memoryRegions.map { RegionBudget.layerCycles(workload.buffers, regions: $0, layers: workload.layers.count) }
        let layers = inference.perOperator.enumerated().map { index, mix in
            let layer = workload.layers[index]
            let extra = regionCycles?[index]
            let cycles = cycleModel.cycles(mix) + (extra ?? 0)
            return Layer(
                index: index, operatorName: layer.operatorName, label: layer.label, emulatedInstructions: mix.instructions,
                loads: mix.loads, stores: mix.stores, branches: mix.branches, predictedInstructions: predicted[index]?.instructions,
                cycles: cycles, milliseconds: cycles * milliseconds, regionCycles: extra)
        }
        let total = inference.inference
        let predictedTotal = predicted.contains { $0 == nil } ? nil : predicted.reduce(0) { $0 + ($1?.instructions ?? 0) }
        let image = inference.image
        let cycles = cycleModel.cycles(total) + (regionCycles?.reduce(0, +) ?? 0)
        return Summary(
            model: workload.name, device: device.name, target: image.target.rawValue, kernels: image.kernels.flag, fittedBuild: costs?.build,
            layers: layers, emulatedInstructions: total.instructions, predictedInstructions: predictedTotal,
            predictionError: predictedTotal.map { Double($0) / Double(max(1, total.instructions)) - 1 },
            cycles: cycles, milliseconds: cycles * milliseconds,
            millisecondsRange: [cycleModel.uncertainty.lowerBound, cycleModel.uncertainty.upperBound].map { $0 * cycles * milliseconds },
            runtimeTextBytes: image.runtime.text, arenaBytes: image.arenaBytes, workspaceBytes: image.workspaceBytes,
            peakStackBytes: inference.run.peakStackBytes)
    }

    /// Pretty-printed JSON of ``summary``, keys sorted.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(summary)
    }

    /// The per-layer table, totals, code sizes, arena and stack.
    public var text: String {
        let s = summary
        let analytical = CostModel(device: device).estimate(workload)
        let image = inference.image
        var lines = [
            "\(workload.name) on \(device.name) (\(device.processor) @ \(Int(device.clockMegahertz.value)) MHz), "
                + "emulated as \(image.target.rawValue) on QEMU \(image.target.qemuMachine)",
            "outputs: bit-exact with the host runtime on \(inference.run.outputs.count) input row(s)",
            "predicted: \(s.fittedBuild.map { "kernel-cost fit \($0)" } ?? "no kernel-cost fit ships for this build")",
            "",
            Self.row(["#", "operator", "instructions", "predicted", "loads", "branches", "model ms", "\(device.firstStack.name.prefix(11)) ms"]),
        ]
        for layer in s.layers {
            lines.append(Self.row([
                "\(layer.index)", layer.operatorName, "\(layer.emulatedInstructions)", layer.predictedInstructions.map(String.init) ?? "–",
                "\(layer.loads)", "\(layer.branches)", Self.format(layer.milliseconds), Self.format(analytical.layers[layer.index].seconds * 1000),
            ]))
        }
        let total = inference.inference
        lines.append(Self.row([
            "", "invoke()", "\(total.instructions)", s.predictedInstructions.map(String.init) ?? "–", "\(total.loads)", "\(total.branches)",
            Self.format(s.milliseconds), Self.format(analytical.seconds * 1000),
        ]))
        lines += [
            "",
            "cycles (model): \(Int(s.cycles.rounded())), \(Self.format(s.millisecondsRange[0]))–\(Self.format(s.millisecondsRange[1])) ms "
                + "with the cycle model's uncertainty; instructions per MAC: "
                + Self.format(Double(total.instructions) / Double(max(1, workload.layers.reduce(0) { $0 + $1.multiplyAccumulates }))),
            ] + (s.layers.reduce(0) { $0 + ($1.regionCycles ?? 0) } > 0 ? [
                "memory regions: \(Int(s.layers.reduce(0) { $0 + ($1.regionCycles ?? 0) }.rounded())) of those cycles for the bytes moved in "
                    + "slower regions (the buffers where the model file places them; edge-distill place)",
            ] : []) + [
            "prediction: " + (s.predictionError.map { String(format: "%+.1f %% of the counted instructions", 100 * $0) } ?? "not available"),
            "code: runtime text \(image.runtime.text) B, data \(image.runtime.data) B, bss \(image.runtime.bss) B; "
                + "image text \(image.image.text) B (model \(image.modelBytes) B), data \(image.image.data) B, bss \(image.image.bss) B",
            "kernels \(image.kernels.name), workspace \(image.workspaceBytes) B; arena \(image.arenaBytes) B; peak stack \(inference.run.peakStackBytes) B; whole run \(inference.run.total.instructions) instructions",
        ]
        return lines.joined(separator: "\n")
    }

    static func row(_ cells: [String]) -> String {
        let widths = [4, 20, 13, 11, 11, 11, 10, 16]
        return zip(cells, widths).enumerated().map { index, pair in
            index == 1 ? pair.0.padding(toLength: pair.1, withPad: " ", startingAt: 0)
                : String(repeating: " ", count: max(0, pair.1 - pair.0.count)) + pair.0
        }.joined(separator: " ")
    }

    static func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
