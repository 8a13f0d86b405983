import Foundation

/// Leave-one-out validation of the calibrated cost model: fit without one benchmark (or one board)
/// and predict the held-out rows.
public struct LeaveOneOut: Codable, Sendable {
    /// One held-out prediction.
    public struct Prediction: Codable, Equatable, Sendable {
        /// What was held out: a benchmark (`KWS`) or a board (`RA6M4`).
        public var heldOut: String
        /// The board.
        public var board: String
        /// The stack.
        public var stack: String
        /// The benchmark.
        public var benchmark: String
        /// Published milliseconds.
        public var measuredMilliseconds: Double
        /// Predicted milliseconds.
        public var predictedMilliseconds: Double
        /// The configuration whose cycles per MAC were used (differs from the row's for a held-out board).
        public var predictedFrom: String

        /// `predicted / measured − 1`.
        public var relativeError: Double { predictedMilliseconds / measuredMilliseconds - 1 }
    }

    /// Predictions with one benchmark held out.
    public var byBenchmark: [Prediction]
    /// Predictions with one board held out.
    public var byBoard: [Prediction]
    /// Held-out rows that could not be predicted, with the reason.
    public var unpredictable: [String]
    /// The fit on every row, for reference.
    public var fullFit: CalibrationFit

    /// Runs both leave-one-out schemes on `results` with the workloads given.
    public init(results: [PublishedResult], workloads: [String: ModelWorkload]) {
        var byBenchmark: [Prediction] = []
        let benchmarks = PublishedResult.benchmarks.filter { workloads[$0] != nil }
        for held in benchmarks {
            let fit = CalibrationFit(results: results.filter { $0.benchmark != held }, workloads: workloads)
            for result in results where result.benchmark == held {
                guard let ms = fit.predictedMilliseconds(result, workload: workloads[held]!) else { continue }
                byBenchmark.append(
                    Prediction(
                        heldOut: held, board: result.board, stack: result.stack, benchmark: held,
                        measuredMilliseconds: result.milliseconds, predictedMilliseconds: ms, predictedFrom: result.stack))
            }
        }
        var byBoard: [Prediction] = []
        var unpredictable: [String] = []
        var boards: [String] = []
        for result in results where !boards.contains(result.board) { boards.append(result.board) }
        for held in boards {
            let training = results.filter { $0.board != held }
            let fit = CalibrationFit(results: training, workloads: workloads)
            var skipped: [String] = []
            for result in results where result.board == held {
                guard let workload = workloads[result.benchmark] else { continue }
                guard let perMAC = fit.cyclesPerMAC(for: .init(result)),
                    let ms = fit.predictedMilliseconds(result, workload: workload)
                else {
                    if !skipped.contains(result.stack) { skipped.append(result.stack) }
                    continue
                }
                byBoard.append(
                    Prediction(
                        heldOut: held, board: result.board, stack: result.stack, benchmark: result.benchmark,
                        measuredMilliseconds: result.milliseconds, predictedMilliseconds: ms,
                        predictedFrom: "\(perMAC.from.stack) on \(perMAC.from.board)"))
            }
            for stack in skipped {
                unpredictable.append("\(held), \(stack): no stack of the same family on another board")
            }
        }
        self.byBenchmark = byBenchmark
        self.byBoard = byBoard
        self.unpredictable = unpredictable
        fullFit = CalibrationFit(results: results, workloads: workloads)
    }

    /// Median absolute relative error.
    public static func median(_ predictions: [Prediction]) -> Double {
        let errors = predictions.map { abs($0.relativeError) }.sorted()
        guard !errors.isEmpty else { return 0 }
        let middle = errors.count / 2
        return errors.count % 2 == 1 ? errors[middle] : (errors[middle - 1] + errors[middle]) / 2
    }

    /// Largest absolute relative error.
    public static func maximum(_ predictions: [Prediction]) -> Double {
        predictions.map { abs($0.relativeError) }.max() ?? 0
    }

    /// The tables as Markdown, for docs/SIMULATOR.md.
    public var markdown: String {
        func percent(_ x: Double) -> String { String(format: "%+.0f %%", 100 * x) }
        func table(_ predictions: [Prediction], heldOutTitle: String) -> [String] {
            var lines = ["| held out (\(heldOutTitle)) | board | stack | bench | measured ms | predicted ms | error | cycles/MAC from |", "|---|---|---|---|---:|---:|---:|---|"]
            for p in predictions {
                lines.append(
                    "| \(p.heldOut) | \(p.board) | \(p.stack) | \(p.benchmark) | \(String(format: "%.2f", p.measuredMilliseconds)) | \(String(format: "%.2f", p.predictedMilliseconds)) | \(percent(p.relativeError)) | \(p.predictedFrom) |")
            }
            return lines
        }
        var lines: [String] = []
        lines.append("### Summary")
        lines.append("")
        lines.append("| scheme | predictions | median abs. error | max abs. error |")
        lines.append("|---|---:|---:|---:|")
        lines.append(String(format: "| leave one benchmark out | %d | %.1f %% | %.1f %% |", byBenchmark.count, 100 * Self.median(byBenchmark), 100 * Self.maximum(byBenchmark)))
        lines.append(String(format: "| leave one board out | %d | %.1f %% | %.1f %% |", byBoard.count, 100 * Self.median(byBoard), 100 * Self.maximum(byBoard)))
        for benchmark in PublishedResult.benchmarks {
            let subset = byBenchmark.filter { $0.benchmark == benchmark }
            guard !subset.isEmpty else { continue }
            lines.append(String(format: "| … %@ held out | %d | %.1f %% | %.1f %% |", benchmark, subset.count, 100 * Self.median(subset), 100 * Self.maximum(subset)))
        }
        lines.append("")
        lines.append("### Leave one benchmark out (fit on the other three benchmarks × all 9 board/stack rows)")
        lines.append("")
        lines += table(byBenchmark, heldOutTitle: "benchmark")
        lines.append("")
        lines.append("### Leave one board out (fit on the other boards' rows)")
        lines.append("")
        lines += table(byBoard, heldOutTitle: "board")
        if !unpredictable.isEmpty {
            lines.append("")
            lines.append("Not predictable with a board held out (their stack runs on no other board in the data):")
            lines.append("")
            for reason in unpredictable { lines.append("- \(reason)") }
        }
        lines.append("")
        lines.append("### Fit on all rows")
        lines.append("")
        let s = fullFit.shared
        lines.append(String(format: "Shared factors: outputCostInMACs %.3g, depthwiseFactor %.3g, shallowConvolutionFactor %.3g, denseFactor %.3g, weightCyclesPerByte %.3g, elementwiseCostInMACs %.3g, operatorOverheadCycles %.4g.", s.outputCostInMACs, s.depthwiseFactor, s.shallowConvolutionFactor, s.denseFactor, s.weightCyclesPerByte, s.elementwiseCostInMACs, s.operatorOverheadCycles))
        lines.append("")
        lines.append("| board | stack | cycles per conv MAC |")
        lines.append("|---|---|---:|")
        for configuration in fullFit.configurations {
            lines.append(String(format: "| %@ | %@ | %.3f |", configuration.board, configuration.stack, fullFit.cyclesPerMAC[configuration] ?? 0))
        }
        return lines.joined(separator: "\n")
    }
}
