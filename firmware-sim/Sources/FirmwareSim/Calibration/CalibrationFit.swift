import Foundation

/// The cost model fitted to published measurements: one `cyclesPerMAC` per (board, stack) and the
/// ``SharedCostFactors`` common to all, by least squares on log latency with a pull towards the
/// priors (strength ``priorStrength`` per unit of log).
public struct CalibrationFit: Codable, Equatable, Sendable {
    /// A (board, stack) pair: one row of the published tables.
    public struct Configuration: Codable, Hashable, Sendable {
        /// The board.
        public var board: String
        /// The stack as submitted.
        public var stack: String
        /// The stack's family.
        public var stackFamily: String

        /// The configuration of a published result.
        public init(_ result: PublishedResult) {
            board = result.board
            stack = result.stack
            stackFamily = result.stackFamily
        }
    }

    /// Fitted shared factors.
    public var shared: SharedCostFactors
    /// Fitted cycles per convolution MAC, per configuration, in fitting order.
    public var cyclesPerMAC: [Configuration: Double]
    /// The order configurations were first seen in (later rows are newer releases).
    public var configurations: [Configuration]

    /// How strongly the shared factors are pulled to their priors (per unit of natural log).
    public static let priorStrength = 1.0

    /// Fits `results` whose benchmark has a workload in `workloads`.
    public init(results: [PublishedResult], workloads: [String: ModelWorkload], priors: SharedCostFactors = .priors) {
        let used = results.filter { workloads[$0.benchmark] != nil }
        var configurations: [Configuration] = []
        for result in used where !configurations.contains(Configuration(result)) { configurations.append(Configuration(result)) }
        let sharedCount = priors.vector.count
        let priorLogs = priors.vector.map { Foundation.log($0) }
        let rowOf = Dictionary(uniqueKeysWithValues: configurations.enumerated().map { ($1, $0) })
        func residuals(_ x: [Double]) -> [Double] {
            let shared = SharedCostFactors(vector: x[0..<sharedCount].map { Foundation.exp($0) })
            var out: [Double] = []
            for result in used {
                let perMAC = Foundation.exp(x[sharedCount + rowOf[Configuration(result)]!])
                let cycles = CalibrationFit.cycles(workloads[result.benchmark]!, shared: shared, cyclesPerMAC: perMAC)
                out.append(Foundation.log(cycles / result.cycles))
            }
            for i in 0..<sharedCount { out.append(CalibrationFit.priorStrength * (x[i] - priorLogs[i])) }
            return out
        }
        let start = priorLogs + [Double](repeating: Foundation.log(4), count: configurations.count)
        let x = LeastSquares().minimize(start: start, residuals: residuals)
        shared = SharedCostFactors(vector: x[0..<sharedCount].map { Foundation.exp($0) })
        var perMAC: [Configuration: Double] = [:]
        for (row, configuration) in configurations.enumerated() { perMAC[configuration] = Foundation.exp(x[sharedCount + row]) }
        cyclesPerMAC = perMAC
        self.configurations = configurations
    }

    /// Cycles of `workload` under the shared factors and `cyclesPerMAC`.
    public static func cycles(_ workload: ModelWorkload, shared: SharedCostFactors, cyclesPerMAC: Double) -> Double {
        let stack = shared.stack(name: "fit", cyclesPerMAC: cyclesPerMAC, source: "fit")
        return CostModel(stack: stack, clockHertz: 1).estimate(workload).cycles
    }

    /// Cycles per MAC for `configuration`: its own if fitted, else that of the newest fitted
    /// configuration of the same stack family on another board; nil when the family was not seen.
    public func cyclesPerMAC(for configuration: Configuration) -> (value: Double, from: Configuration)? {
        if let own = cyclesPerMAC[configuration] { return (own, configuration) }
        guard let sibling = configurations.last(where: { $0.stackFamily == configuration.stackFamily }) else { return nil }
        return (cyclesPerMAC[sibling]!, sibling)
    }

    /// Predicted milliseconds of `result`'s benchmark on its board and stack; nil when its stack
    /// family was not fitted.
    public func predictedMilliseconds(_ result: PublishedResult, workload: ModelWorkload) -> Double? {
        guard let perMAC = cyclesPerMAC(for: Configuration(result)) else { return nil }
        return CalibrationFit.cycles(workload, shared: shared, cyclesPerMAC: perMAC.value) / (result.clockMegahertz * 1e3)
    }
}
