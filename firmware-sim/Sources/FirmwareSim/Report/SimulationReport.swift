import Foundation

/// One model simulated on one or more devices: what `edge-distill simulate` prints, writes as
/// JSON, and renders as HTML.
public struct SimulationReport: Encodable, Sendable {
    /// The model's workload (layers and arena placements).
    public var workload: ModelWorkload
    /// One simulation per device, in the order asked for.
    public var simulations: [DeviceSimulation]
    /// The stream hop in seconds, when simulating a stream.
    public var hopSeconds: Double?
    /// The simulator version.
    public var simulatorVersion: String = FirmwareSim.version

    /// Simulates `workload` on each of `devices` with EdgeDistill's runtime (predicted from
    /// `kernelCosts`). `stackName` picks a comparison stack by name on devices that have it (others
    /// keep EdgeDistill's runtime); `regions` restricts which memory regions a single-arena model
    /// may be planned into (lowercased names; all when nil); `frontEnd` is the speech front-end a
    /// keyword model listens through.
    public init(
        workload: ModelWorkload, devices: [DeviceProfile], kernelCosts: KernelCostCatalog, stackName: String? = nil, hopSeconds: Double? = nil,
        regions: Set<String>? = nil, frontEnd: FrontEndWorkload? = nil
    ) {
        self.workload = workload
        self.hopSeconds = hopSeconds
        simulations = devices.map { device in
            DeviceSimulation(
                workload: workload, device: device, stack: stackName.flatMap { device.stack(named: $0) }, kernelCosts: kernelCosts,
                hopSeconds: hopSeconds, regions: regions, frontEnd: frontEnd)
        }
    }

    /// Pretty-printed JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }
}
