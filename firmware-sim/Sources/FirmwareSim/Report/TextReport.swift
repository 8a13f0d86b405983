import Foundation

extension SimulationReport {
    /// One row per device: latency, peak RAM, flash, energy, stream duty cycle and PASS/FAIL, followed
    /// by the reasons for each FAIL.
    public var summaryTable: String {
        let hop = hopSeconds != nil
        var header = ["device", "category", "stack", "latency", "range", "peak RAM / RAM", "flash / flash", "energy"]
        if hop { header += ["duty", "avg power"] }
        header.append("verdict")
        var rows: [[String]] = []
        for s in simulations {
            var row = [
                s.device, s.category, s.stack, Formatting.duration(s.latency.seconds),
                s.latencyRangeMilliseconds.map { "\(Formatting.duration($0[0] / 1000))–\(Formatting.duration($0[1] / 1000))" } ?? "-",
                "\(Formatting.bytes(s.memory.peakRAMBytes)) / \(Formatting.bytes(s.memory.ramCapacity))",
                "\(Formatting.bytes(s.memory.flashBytes)) / \(Formatting.bytes(s.memory.flashCapacity))",
                Formatting.energy(s.energy.activeMicrojoulesPerInference),
            ]
            if hop {
                row.append(s.energy.dutyCycle.map { String(format: "%.1f %%", 100 * $0) } ?? "-")
                row.append(s.energy.averagePowerMilliwatts.map { String(format: "%.2f mW", $0) } ?? "-")
            }
            row.append(s.passes ? "PASS" : "FAIL")
            rows.append(row)
        }
        let widths = header.indices.map { column in ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0 }
        let numeric: Set<String> = ["latency", "range", "energy", "duty", "avg power"]
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { Formatting.cell($1, widths[$0], right: numeric.contains(header[$0])) }.joined(separator: "  ")
        }
        var lines = [
            "model \(workload.name): \(workload.layers.count) operators, \(workload.multiplyAccumulates) MACs, arena \(workload.arenaBytes) B, model file \(workload.modelFlashBytes) B"
                + (hopSeconds.map { ", one inference every \(Formatting.duration($0))" } ?? ""),
            "", line(header), line(widths.map { String(repeating: "-", count: $0) }),
        ]
        lines += rows.map(line)
        let failures = simulations.filter { !$0.passes }
        if !failures.isEmpty {
            lines.append("")
            for s in failures {
                for reason in s.failureReasons { lines.append("FAIL \(s.device): \(reason)") }
            }
        }
        let passing = simulations.filter(\.passes)
        for s in passing where simulations.count == 1 {
            lines.append("")
            lines.append("PASS \(s.device): RAM margin \(s.memory.ramMarginBytes) B, flash margin \(s.memory.flashMarginBytes) B")
        }
        return lines.joined(separator: "\n")
    }

    /// The per-layer table of one device's simulation, then its budgets, energy and verdict.
    public func detail(of simulation: DeviceSimulation) -> String {
        var lines = ["\(simulation.device) (\(simulation.processor) at \(simulation.clockMegahertz) MHz, \(simulation.stack))", ""]
        lines.append("   #  operator            output                          MACs       bytes        cycles     latency  bound")
        for layer in simulation.latency.layers {
            lines.append(
                Formatting.cell("\(layer.index)", 4, right: true) + "  " + Formatting.cell(layer.operatorName, 18) + "  "
                    + Formatting.cell(String(Formatting.shortTensorName(layer.label).prefix(28)), 28) + Formatting.cell("\(layer.multiplyAccumulates)", 10, right: true)
                    + Formatting.cell("\(layer.bytesMoved)", 12, right: true) + Formatting.cell(String(format: "%.0f", layer.cycles), 14, right: true)
                    + Formatting.cell(Formatting.duration(layer.seconds), 12, right: true) + "  " + (layer.isMemoryBound ? "memory" : "compute"))
        }
        let m = simulation.memory
        let e = simulation.energy
        lines.append("")
        lines.append("total: \(String(format: "%.0f", simulation.latency.cycles)) cycles, \(Formatting.duration(simulation.latency.seconds))"
            + (simulation.latencyRangeMilliseconds.map { " (\(Formatting.duration($0[0] / 1000))–\(Formatting.duration($0[1] / 1000)) with the cycle model's uncertainty)" } ?? ""))
        if let build = simulation.kernelCostBuild {
            lines.append("predicted: instructions per layer from the \(build) kernel-cost fit (what --emulate counts), cycles from the core's cycle model")
        }
        if let budget = m.regions {  // one line per region instead of the one RAM
            lines.append("RAM:   arena \(m.arenaBytes) B over memory regions (\(budget.source == "file" ? "as the model file places it" : "planned by the simulator; `edge-distill place` writes this plan"))\(m.fitsRAM ? "" : " FAIL")")
            for region in budget.regions {
                lines.append(
                    "  " + Formatting.cell(region.name, 10) + Formatting.cell(Formatting.bytes(region.capacityBytes), 10, right: true) + ": arena "
                        + Formatting.cell(Formatting.bytes(region.arenaBytes), 9, right: true)
                        + (region.reservedBytes > 0 ? " + \(Formatting.bytes(region.reservedBytes)) stack, state" : "")
                        + (region.applicationBytes > 0 ? " + \(Formatting.bytes(region.applicationBytes)) I/O copies" : "")
                        + ", \(Formatting.bytes(region.bytesMoved)) moved × \(region.cyclesPerByte) cycles/B = \(String(format: "%.0f", region.cycles)) cycles"
                        + (region.fits ? "" : "  FAIL"))
            }
            if let failure = budget.failure { lines.append("  \(failure)") }
        } else {
            lines.append("RAM:   \(m.peakRAMBytes) B = arena \(m.arenaBytes)\(m.workspaceBytes > 0 ? " + workspace \(m.workspaceBytes)" : "") + I/O \(m.inputOutputBytes) + runtime \(m.runtimeStateBytes) + stack \(m.stackBytes)\(m.frontEndRAMBytes > 0 ? " + front-end \(m.frontEndRAMBytes)" : ""); capacity \(m.ramCapacity) B, margin \(m.ramMarginBytes) B \(m.fitsRAM ? "PASS" : "FAIL")")
        }
        if let frontEnd = simulation.frontEnd {
            lines.append("front-end: \(frontEnd.frameSamples)-sample frames every \(frontEnd.hopSamples) samples at \(frontEnd.sampleRate) Hz, \(frontEnd.melBands) bands, \(frontEnd.coefficients) coefficients: "
                + (simulation.frontEndMilliseconds.map { "\(Formatting.duration($0 / 1000)) per frame (\(simulation.frontEndInstructions ?? 0) instructions predicted)" }
                    ?? "no cost fitted for this build (edge-distill kernel-costs --front-end)")
                + "; RAM \(frontEnd.ramBytes) B, flash \(frontEnd.fileBytes) B (in the totals below)")
        }
        lines.append("flash: \(m.flashBytes) B = model \(m.modelFlashBytes) + runtime code \(m.runtimeCodeBytes)\(m.frontEndFlashBytes > 0 ? " + front-end \(m.frontEndFlashBytes)" : ""); capacity \(m.flashCapacity) B, margin \(m.flashMarginBytes) B \(m.fitsFlash ? "PASS" : "FAIL")")
        lines.append(String(format: "energy: %@ per inference (%.1f mW active), up to %.1f inferences/s", Formatting.energy(e.activeMicrojoulesPerInference), e.activePowerMilliwatts, e.maximumInferencesPerSecond))
        if let hop = e.hopSeconds, let duty = e.dutyCycle, let average = e.averagePowerMilliwatts, let perHop = e.microjoulesPerHop {
            lines.append(String(format: "stream: one inference%@ every %@: duty cycle %.1f %%, average power %.2f mW, %@ per hop, %@", simulation.frontEnd != nil ? " and its front-end frames" : "", Formatting.duration(hop), 100 * duty, average, Formatting.energy(perHop), duty <= 1 ? "keeps up" : "CANNOT keep up"))
        }
        return lines.joined(separator: "\n")
    }
}
