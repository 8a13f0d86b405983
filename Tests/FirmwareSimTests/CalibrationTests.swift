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

    /// The leave-one-out report on the real `.tflite` files, imported and written as `.edm`, exactly as
    /// `edge-distill calibrate` computes it; nil (with a printed SKIP) when ../shared is absent.
    static func conformanceReport(_ test: String) throws -> (report: LeaveOneOut, workloads: [String: ModelWorkload])? {
        guard let folder = SharedFixtures.conformance(neededBy: test) else { return nil }
        let workloads = try ReferenceWorkloads.importConformance(folder: folder)
        return (LeaveOneOut(results: PublishedResult.mlperfTiny, workloads: workloads), workloads)
    }

    @Test func leaveOneOutMeetsTheMedianGoal() throws {
        guard let (report, workloads) = try Self.conformanceReport("leaveOneOutMeetsTheMedianGoal") else { return }
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

    /// The held-out predictions over the issue's 35 % bound that docs/SIMULATOR.md ("Result against
    /// the goal") explains: the stack's speed on the held-out model is not predictable from its speed
    /// on the other models or boards with any workload feature tried.
    static let documentedMisses: Set<String> = [
        "VWW: Skymizer ONNC", "VWW: X-CUBE-AI 9.0", "IC: microTVM native schedules", "IC: X-CUBE-AI 7.3",
        "AD: microTVM native schedules", "STM32U575: X-CUBE-AI 10.2 VWW",
    ]

    @Test func leaveOneOutMeetsTheMaximumGoalExceptTheDocumentedRows() throws {
        guard let (report, _) = try Self.conformanceReport("leaveOneOutMeetsTheMaximumGoalExceptTheDocumentedRows") else { return }
        let overByBenchmark = report.byBenchmark.filter { abs($0.relativeError) > 0.35 }.map { "\($0.heldOut): \($0.stack)" }
        let overByBoard = report.byBoard.filter { abs($0.relativeError) > 0.35 }.map { "\($0.heldOut): \($0.stack) \($0.benchmark)" }
        // No other row may exceed the goal; a documented row that drops under it should leave the list.
        for row in overByBenchmark + overByBoard { #expect(Self.documentedMisses.contains(row), "\(row) is over 35 %") }
        #expect(Set(overByBenchmark + overByBoard) == Self.documentedMisses)
        // And the documented rows stay where docs/SIMULATOR.md puts them.
        #expect(LeaveOneOut.maximum(report.byBenchmark) <= 0.45)
        #expect(LeaveOneOut.maximum(report.byBoard) <= 0.45)
    }
}

@Suite struct CalibrationProfileTests {
    /// The calibration boards' profiles carry the numbers of the full fit (regenerate them with
    /// `edge-distill calibrate` when the cost model changes).
    @Test func calibrationBoardProfilesMatchTheFit() throws {
        guard let folder = SharedFixtures.conformance(neededBy: "calibrationBoardProfilesMatchTheFit") else { return }
        let workloads = try ReferenceWorkloads.importConformance(folder: folder)
        let fit = CalibrationFit(results: PublishedResult.mlperfTiny, workloads: workloads)
        let catalog = try DeviceCatalog(folder: Fixtures.devicesFolder)
        let pairs: [(device: String, board: String, stack: String, profileStack: String)] = [
            ("ra6m4-m33", "RA6M4", "TFLM + CMSIS-NN", "TFLM + CMSIS-NN"),
            ("stm32u575-m33", "STM32U575", "X-CUBE-AI 10.2", "X-CUBE-AI 10.2"),
            ("stm32l4r5-m4f", "STM32L4R5", "X-CUBE-AI 9.0", "X-CUBE-AI 9.0"),
            ("stm32l4r5-m4f", "STM32L4R5", "TFLM 2.3.1 reference (+CMSIS-NN)", "TFLM 2.3.1 reference (+CMSIS-NN)"),
        ]
        for pair in pairs {
            let configuration = try #require(fit.configurations.first { $0.board == pair.board && $0.stack == pair.stack })
            let fitted = try #require(fit.cyclesPerMAC[configuration])
            let stack = try #require(try catalog.device(named: pair.device).stack(named: pair.profileStack))
            #expect(abs(stack.cyclesPerMAC.value / fitted - 1) < 0.01, "\(pair.device) \(pair.stack)")
            #expect(abs(stack.depthwiseFactor.value / fit.shared.depthwiseFactor - 1) < 0.01)
            #expect(abs(stack.outputCostInMACs.value / fit.shared.outputCostInMACs - 1) < 0.01)
        }
        // Simulating a calibration model on its board reproduces the published latency within 35 %.
        let board = try catalog.device(named: "stm32u575-m33")
        let kws = try #require(workloads["KWS"])
        let simulated = DeviceSimulation(workload: kws, device: board, stack: board.firstStack, kernelCosts: catalog.kernelCosts).latency.seconds * 1e3
        #expect(abs(simulated / 29.0 - 1) < 0.35)
    }
}

@Suite struct EnergyCalibrationTests {
    /// The calibration boards' active power, times the published latency, gives the published
    /// energy per inference within 35 % for every benchmark measured on them.
    @Test func boardPowerReproducesPublishedEnergy() throws {
        let catalog = try DeviceCatalog(folder: Fixtures.devicesFolder)
        let boards = ["STM32L4R5": "stm32l4r5-m4f", "RA6M4": "ra6m4-m33", "STM32U575": "stm32u575-m33"]
        var checked = 0
        for result in PublishedResult.mlperfTiny {
            guard let measured = result.microjoules, let name = boards[result.board] else { continue }
            let device = try catalog.device(named: name)
            // Only the stack the profile uses by default, plus every row on single-stack boards.
            guard device.stacks.count == 1 || result.stack == "microTVM + CMSIS-NN" else { continue }
            let energy = EnergyEstimate(
                latencySeconds: result.milliseconds / 1000, activePowerMilliwatts: device.activePowerMilliwatts.value,
                idlePowerMilliwatts: device.idlePowerMilliwatts.value, hopSeconds: nil)
            #expect(abs(energy.activeMicrojoulesPerInference / measured - 1) < 0.35, "\(result.board) \(result.stack) \(result.benchmark)")
            checked += 1
        }
        #expect(checked == 12)
    }
}

@Suite struct ReferenceTableParsingTests {
    @Test func parsesOperatorRowsOfOneModelSection() throws {
        let text = """
            ## ad01_int8.tflite - Anomaly Detection
            | # | op (v) | in -> out | filter | options | MACs | const bytes | multiplier |
            |---:|---|---|---|---|---:|---:|---|
            | 0 | FULLY_CONNECTED v4 | t0 [1x640] -> t21 [1x128] | t11 [128x640] per-tensor | act=RELU | 81,920 | 82,432 | x |
            | 1 | SOFTMAX v2 | t21 [1x128] -> t22 [1x128] | - | beta=1.0 | 0 | 0 | - |
            | | **total** | | | | **81,920** | **82,432** | |
            ## kws_ref_model.tflite - Keyword Spotting
            | 0 | ADD v2 | t1 [1x4x4x2] -> t2 [1x4x4x2] | second input t3 | act=RELU | 0 (32 adds) | 0 | - |
            """
        let workloads = ReferenceWorkloads.parse(modelsMarkdown: text)
        let ad = try #require(workloads["AD"])
        #expect(ad.layers.count == 2)
        #expect(ad.layers[0].kind == .dense && ad.layers[0].multiplyAccumulates == 81_920 && ad.layers[0].weightBytes == 82_432)
        #expect(ad.layers[0].outputElements == 128 && ad.layers[0].inputChannels == 640)
        #expect(ad.layers[1].kind == .softmax && ad.layers[1].elementwiseElements == 128)
        let kws = try #require(workloads["KWS"])
        #expect(kws.layers.map(\.kind) == [.add])
        #expect(kws.layers[0].elementwiseElements == 64)
    }
}
