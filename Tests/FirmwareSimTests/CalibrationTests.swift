import Foundation
import Testing
import TestSupport

@testable import FirmwareSim

@Suite struct CalibrationTests {
    static func referenceWorkloads(_ test: String) -> [String: ModelWorkload]? {
        guard let url = SharedFixtures.path("conformance/mlperf-tiny/MODELS.md", neededBy: test),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return nil }
        return ReferenceWorkloads.parse(modelsMarkdown: text)
    }

    @Test func modelTablesParseToThePublishedMACs() throws {
        guard let workloads = Self.referenceWorkloads("modelTablesParseToThePublishedMACs") else { return }
        // The MAC totals the reference file states for every model.
        let expected = ["KWS": 2_656_768, "VWW": 7_489_664, "IC": 12_501_632, "AD": 264_192]
        for (benchmark, macs) in expected {
            let workload = try #require(workloads[benchmark])
            #expect(workload.multiplyAccumulates == macs, "\(benchmark)")
        }
        #expect(workloads["VWW"]?.layers.count == 31)
        #expect(workloads["IC"]?.layers.filter { $0.kind == .add }.count == 3)
    }

    @Test func embeddedTableMatchesTheReferenceFile() throws {
        guard let url = SharedFixtures.path("reference/mlperf-tiny-published.md", neededBy: "embeddedTableMatchesTheReferenceFile") else { return }
        let text = try String(contentsOf: url, encoding: .utf8)
        // Every embedded latency/energy pair appears verbatim in the file.
        for result in PublishedResult.mlperfTiny {
            let ms = result.milliseconds
            var rendered = String(format: "%g", ms)
            if result.benchmark == "AD" && ms == 10.05 { rendered = "10.05" }
            if !rendered.contains("."), text.contains("\(rendered).0 /") { rendered += ".0" }
            #expect(text.contains("\(rendered) / "), "\(result.board) \(result.stack) \(result.benchmark) \(rendered)")
        }
        #expect(PublishedResult.mlperfTiny.count == 36)
    }

    @Test func solverFindsTheMinimumOfAKnownProblem() {
        // Fit y = a·exp(b·t) to exact data; the solver must recover a and b.
        let ts = (0..<10).map(Double.init)
        let ys = ts.map { 3.0 * Foundation.exp(-0.4 * $0) }
        let x = LeastSquares().minimize(start: [1, 0]) { p in zip(ts, ys).map { p[0] * Foundation.exp(p[1] * $0) - $1 } }
        #expect(abs(x[0] - 3) < 1e-5)
        #expect(abs(x[1] + 0.4) < 1e-6)
    }

    @Test func leaveOneOutMeetsTheMedianGoal() throws {
        guard let workloads = Self.referenceWorkloads("leaveOneOutMeetsTheMedianGoal") else { return }
        let report = LeaveOneOut(results: PublishedResult.mlperfTiny, workloads: workloads)
        print(report.markdown)
        #expect(report.byBenchmark.count == 36)
        #expect(report.byBoard.count >= 12)
        #expect(LeaveOneOut.median(report.byBenchmark) <= 0.20)
        #expect(LeaveOneOut.median(report.byBoard) <= 0.20)
        // The full fit must describe its own data better than any held-out prediction does.
        let full = report.fullFit
        let inSample = PublishedResult.mlperfTiny.map { result in
            abs(full.predictedMilliseconds(result, workload: workloads[result.benchmark]!)! / result.milliseconds - 1)
        }.sorted()
        #expect(inSample[inSample.count / 2] <= LeaveOneOut.median(report.byBenchmark))
    }
}
