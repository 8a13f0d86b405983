/// Energy per inference and, for a stream with a fixed hop, the duty cycle, the average power and
/// whether the device keeps up.
public struct EnergyEstimate: Encodable, Equatable, Sendable {
    /// Latency of one inference in seconds.
    public var latencySeconds: Double
    /// Power while inferring.
    public var activePowerMilliwatts: Double
    /// Power while idle.
    public var idlePowerMilliwatts: Double
    /// Time between inferences for a stream (for example 0.020 for a 20 ms audio hop); nil when
    /// the model runs on demand.
    public var hopSeconds: Double?

    /// Creates an estimate.
    public init(latencySeconds: Double, activePowerMilliwatts: Double, idlePowerMilliwatts: Double, hopSeconds: Double?) {
        self.latencySeconds = latencySeconds
        self.activePowerMilliwatts = activePowerMilliwatts
        self.idlePowerMilliwatts = idlePowerMilliwatts
        self.hopSeconds = hopSeconds
    }

    /// Active energy of one inference in microjoules: active power × latency.
    public var activeMicrojoulesPerInference: Double { activePowerMilliwatts * latencySeconds * 1e3 }

    /// Inferences per second when run back to back.
    public var maximumInferencesPerSecond: Double { latencySeconds > 0 ? 1 / latencySeconds : .infinity }

    /// Fraction of each hop spent inferring (above 1 when the device cannot keep up).
    public var dutyCycle: Double? { hopSeconds.map { latencySeconds / $0 } }

    /// Whether one inference finishes within a hop.
    public var keepsUp: Bool? { dutyCycle.map { $0 <= 1 } }

    /// Average power over a hop: active while inferring, idle for the rest (active all the time
    /// when the device cannot keep up).
    public var averagePowerMilliwatts: Double? {
        dutyCycle.map { duty in
            let busy = min(duty, 1)
            return activePowerMilliwatts * busy + idlePowerMilliwatts * (1 - busy)
        }
    }

    /// Energy per hop in microjoules: active energy of one inference plus idle power over the rest of the hop.
    public var microjoulesPerHop: Double? {
        hopSeconds.map { hop in
            activeMicrojoulesPerInference + idlePowerMilliwatts * max(hop - latencySeconds, 0) * 1e3
        }
    }

    private enum CodingKeys: String, CodingKey {
        case latencySeconds, activePowerMilliwatts, idlePowerMilliwatts, hopSeconds, activeMicrojoulesPerInference
        case maximumInferencesPerSecond, dutyCycle, keepsUp, averagePowerMilliwatts, microjoulesPerHop
    }

    /// Encodes the inputs and the derived energy, duty cycle and average power.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(latencySeconds, forKey: .latencySeconds)
        try c.encode(activePowerMilliwatts, forKey: .activePowerMilliwatts)
        try c.encode(idlePowerMilliwatts, forKey: .idlePowerMilliwatts)
        try c.encodeIfPresent(hopSeconds, forKey: .hopSeconds)
        try c.encode(activeMicrojoulesPerInference, forKey: .activeMicrojoulesPerInference)
        try c.encode(maximumInferencesPerSecond, forKey: .maximumInferencesPerSecond)
        try c.encodeIfPresent(dutyCycle, forKey: .dutyCycle)
        try c.encodeIfPresent(keepsUp, forKey: .keepsUp)
        try c.encodeIfPresent(averagePowerMilliwatts, forKey: .averagePowerMilliwatts)
        try c.encodeIfPresent(microjoulesPerHop, forKey: .microjoulesPerHop)
    }
}
