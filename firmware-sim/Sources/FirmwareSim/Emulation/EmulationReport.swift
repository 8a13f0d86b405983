import Foundation

/// The text report of `simulate --emulate`: per operator, the instructions counted under QEMU, the
/// cycle model's cycles and latency at the device's clock, and the analytical model's estimate beside it.
public struct EmulationReport: Sendable {
    /// The emulated, bit-exact checked run.
    public let inference: EmulatedInference
    /// The device whose clock and analytical model are used.
    public let device: DeviceProfile
    /// The model's workload (layer names and the analytical estimate's input).
    public let workload: ModelWorkload

    /// A report of `inference` on `device`.
    public init(inference: EmulatedInference, device: DeviceProfile, workload: ModelWorkload) {
        self.inference = inference
        self.device = device
        self.workload = workload
    }

    /// The per-layer table, totals, code sizes, arena and stack.
    public var text: String {
        let cycleModel = CycleModel(target: inference.image.target)
        let analytical = CostModel(device: device).estimate(workload)
        let milliseconds = 1000 / device.clockHertz
        var lines = [
            "\(workload.name) on \(device.name) (\(device.processor) @ \(Int(device.clockMegahertz.value)) MHz), "
                + "emulated as \(inference.image.target.rawValue) on QEMU \(inference.image.target.qemuMachine)",
            "outputs: bit-exact with the host runtime on \(inference.run.outputs.count) input row(s)",
            "",
            Self.row(["#", "operator", "instructions", "loads", "branches", "model ms", "analytic ms"]),
        ]
        for (index, mix) in inference.perOperator.enumerated() {
            let layer = workload.layers[index]
            lines.append(Self.row([
                "\(index)", layer.operatorName, "\(mix.instructions)", "\(mix.loads)", "\(mix.branches)",
                Self.format(cycleModel.cycles(mix) * milliseconds), Self.format(analytical.layers[index].seconds * 1000),
            ]))
        }
        let total = inference.inference
        lines.append(Self.row([
            "", "invoke()", "\(total.instructions)", "\(total.loads)", "\(total.branches)",
            Self.format(cycleModel.cycles(total) * milliseconds), Self.format(analytical.seconds * 1000),
        ]))
        let image = inference.image
        lines += [
            "",
            "cycles (model): \(Int(cycleModel.cycles(total).rounded())); instructions per MAC: "
                + Self.format(Double(total.instructions) / Double(max(1, workload.layers.reduce(0) { $0 + $1.multiplyAccumulates }))),
            "code: runtime text \(image.runtime.text) B, data \(image.runtime.data) B, bss \(image.runtime.bss) B; "
                + "image text \(image.image.text) B (model \(image.modelBytes) B), data \(image.image.data) B, bss \(image.image.bss) B",
            "kernels \(image.kernels.name), workspace \(image.workspaceBytes) B; arena \(image.arenaBytes) B; peak stack \(inference.run.peakStackBytes) B; whole run \(inference.run.total.instructions) instructions",
        ]
        return lines.joined(separator: "\n")
    }

    static func row(_ cells: [String]) -> String {
        let widths = [4, 20, 13, 11, 11, 10, 12]
        return zip(cells, widths).enumerated().map { index, pair in
            index == 1 ? pair.0.padding(toLength: pair.1, withPad: " ", startingAt: 0)
                : String(repeating: " ", count: max(0, pair.1 - pair.0.count)) + pair.0
        }.joined(separator: " ")
    }

    static func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
