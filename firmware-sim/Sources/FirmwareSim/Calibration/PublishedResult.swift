/// One published MLPerf Tiny measurement: a model run on a board under a software stack.
public struct PublishedResult: Codable, Equatable, Sendable {
    /// The board, for example `STM32L4R5`.
    public var board: String
    /// The board's clock during the run, in MHz.
    public var clockMegahertz: Double
    /// The software stack as submitted, for example `TFLM 2.3.1 reference`.
    public var stack: String
    /// The stack's family: releases of one family share kernels, so an unseen release is predicted
    /// from a seen one (see ``LeaveOneOut``).
    public var stackFamily: String
    /// The benchmark: `KWS`, `VWW`, `IC` or `AD`.
    public var benchmark: String
    /// Median latency in milliseconds.
    public var milliseconds: Double
    /// Median energy per inference in microjoules, when measured.
    public var microjoules: Double?
    /// Where the number comes from.
    public var source: String

    /// Cycles at the board's clock.
    public var cycles: Double { milliseconds * 1e-3 * clockMegahertz * 1e6 }

    /// Creates a result.
    public init(
        board: String, clockMegahertz: Double, stack: String, stackFamily: String, benchmark: String,
        milliseconds: Double, microjoules: Double?, source: String
    ) {
        self.board = board
        self.clockMegahertz = clockMegahertz
        self.stack = stack
        self.stackFamily = stackFamily
        self.benchmark = benchmark
        self.milliseconds = milliseconds
        self.microjoules = microjoules
        self.source = source
    }
}

extension PublishedResult {
    /// The four MLPerf Tiny benchmarks in table order.
    public static let benchmarks = ["KWS", "VWW", "IC", "AD"]

    /// The MLPerf Tiny closed-division results of ../shared/reference/mlperf-tiny-published.md
    /// (results repositories `mlcommons/tiny_results_v0.5` … `v1.3`, latency = 1000 / median
    /// throughput, energy = median µJ per inference). A test checks this table against that file.
    public static let mlperfTiny: [PublishedResult] = {
        typealias Row = (board: String, clock: Double, stack: String, family: String, round: String, values: [(Double, Double?)])
        let rows: [Row] = [
            ("STM32L4R5", 120, "TFLM 2.3.1 reference (+CMSIS-NN)", "tflm-reference", "v0.5",
             [(181.9, 7374), (600.6, 24313), (704.2, 29207), (10.05, 416)]),
            ("STM32L4R5", 120, "microTVM + CMSIS-NN", "cmsis-nn", "v1.0",
             [(99.8, 5230), (301.2, 15531), (389.6, 20236), (8.61, 443)]),
            ("STM32L4R5", 120, "microTVM native schedules", "microtvm-native", "v1.0",
             [(144.0, 7951), (336.6, 17132), (389.3, 21342), (11.72, 634)]),
            ("STM32L4R5", 120, "Skymizer ONNC", "onnc", "v1.1",
             [(82.0, 3455), (172.2, 7478), (298.7, 12684), (8.07, 335)]),
            ("STM32L4R5", 120, "X-CUBE-AI 7.3", "x-cube-ai-7", "v1.0",
             [(75.1, 3372), (230.5, 10067), (226.9, 10682), (7.58, 323)]),
            ("STM32L4R5", 120, "X-CUBE-AI 9.0", "x-cube-ai", "v1.2",
             [(43.19, 1820), (88.93, 3895), (165.1, 6919), (5.26, 203)]),
            ("STM32L4R5", 120, "Plumerai Inference Engine", "plumerai", "v1.1",
             [(47.78, nil), (98.76, nil), (167.8, nil), (4.05, nil)]),
            ("RA6M4", 200, "TFLM + CMSIS-NN", "cmsis-nn", "v0.7",
             [(50.57, 3797), (162.4, 11852), (246.2, 17724), (4.61, 324)]),
            ("STM32U575", 160, "X-CUBE-AI 10.2", "x-cube-ai", "v1.3",
             [(29.0, 664), (59.3, 1372), (109.5, 2565), (3.21, 77.2)]),
        ]
        var results: [PublishedResult] = []
        for row in rows {
            for (position, value) in row.values.enumerated() {
                results.append(
                    PublishedResult(
                        board: row.board, clockMegahertz: row.clock, stack: row.stack, stackFamily: row.family,
                        benchmark: benchmarks[position], milliseconds: value.0, microjoules: value.1,
                        source: "MLPerf Tiny \(row.round) closed division, \(row.board), \(row.stack) (shared/reference/mlperf-tiny-published.md)"))
            }
        }
        return results
    }()
}
