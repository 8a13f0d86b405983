import Foundation

extension SimulationReport {
    /// One self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched): the device
    /// table, a bar chart of per-layer latency for each device, and the arena over time.
    public var html: String {
        var body: [String] = []
        body.append("<h1>\(escape(workload.name)) on \(simulations.count == 1 ? escape(simulations[0].device) : "\(simulations.count) devices")</h1>")
        body.append(
            "<p class=\"meta\">\(workload.layers.count) operators · \(workload.multiplyAccumulates) MACs · arena \(workload.arenaBytes) B · model file \(workload.modelFlashBytes) B"
                + (hopSeconds.map { " · one inference every \(Formatting.duration($0))" } ?? "") + " · firmware-sim \(FirmwareSim.version)</p>")
        body.append(deviceTable)
        body.append("<h2>Arena over time</h2>")
        body.append("<p class=\"meta\">x: operator index; y: arena offset. One rectangle per activation tensor, from the operator that writes it to the last that reads it. The dashed line marks the operator where the most bytes are alive.</p>")
        if workload.regionArenaBytes.count <= 1 {
            body.append(arenaChart(workload.arenaTensors, arenaBytes: workload.arenaBytes, label: "arena over time"))
        }
        for simulation in simulations {
            guard let budget = simulation.memory.regions else { continue }
            body.append("<details open><summary>\(escape(simulation.device)): the arena over its memory regions (\(budget.source == "file" ? "as the model file places it" : "planned by the simulator"))</summary>")
            for (index, region) in budget.regions.enumerated() where region.arenaBytes > 0 || !region.fits {
                let tensors = budget.tensors.filter { $0.region == index }
                body.append(
                    "<p class=\"meta\"><b>\(escape(region.name))</b>: arena \(Formatting.bytes(region.arenaBytes)) of \(Formatting.bytes(region.capacityBytes))"
                        + (region.reservedBytes > 0 ? ", \(Formatting.bytes(region.reservedBytes)) more for stack and state" : "")
                        + (region.applicationBytes > 0 ? ", \(Formatting.bytes(region.applicationBytes)) for the input and output copies" : "")
                        + ", \(Formatting.bytes(region.bytesMoved)) moved per inference at \(region.cyclesPerByte) extra cycles per byte</p>")
                body.append(arenaChart(tensors, arenaBytes: region.arenaBytes, label: "\(region.name) on \(simulation.device)"))
            }
            if let failure = budget.failure { body.append("<ul class=\"reasons\"><li>\(escape(failure))</li></ul>") }
            body.append("</details>")
        }
        body.append("<h2>Per-layer latency</h2>")
        for (position, simulation) in simulations.enumerated() {
            body.append("<details\(position == 0 ? " open" : "")><summary>\(escape(simulation.device)) — \(escape(simulation.stack)), \(Formatting.duration(simulation.latency.seconds)) total</summary>")
            body.append(latencyChart(simulation))
            body.append("</details>")
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(workload.name)) — firmware-sim report</title>
            <style>
            body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#1d2330;max-width:1200px}
            h1{font-size:22px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 8px} .meta{color:#5a6272;font-size:13px;margin:4px 0 12px}
            table{border-collapse:collapse;font-size:13px} th,td{padding:4px 10px;border-bottom:1px solid #dde1e8;text-align:left}
            td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap} .pass{color:#137333;font-weight:600} .fail{color:#b3261e;font-weight:600}
            ul.reasons{font-size:13px;color:#b3261e} summary{cursor:pointer;font-size:14px;margin:8px 0}
            svg text{font-family:system-ui,Helvetica,Arial,sans-serif}
            </style></head><body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    var deviceTable: String {
        var rows = ["<table><tr><th>device</th><th>processor</th><th>stack</th><th>latency</th><th>range</th><th>peak RAM / RAM</th><th>flash / flash</th><th>energy</th>"
            + (hopSeconds != nil ? "<th>duty cycle</th><th>average power</th>" : "") + "<th>verdict</th></tr>"]
        for s in simulations {
            var cells = [
                "<td>\(escape(s.device))</td>", "<td>\(escape(s.processor)) \(String(format: "%g", s.clockMegahertz)) MHz</td>", "<td>\(escape(s.stack))</td>",
                "<td class=\"n\">\(Formatting.duration(s.latency.seconds))</td>",
                "<td class=\"n\">\(s.latencyRangeMilliseconds.map { "\(Formatting.duration($0[0] / 1000))–\(Formatting.duration($0[1] / 1000))" } ?? "–")</td>",
                "<td class=\"n\">\(Formatting.bytes(s.memory.peakRAMBytes)) / \(Formatting.bytes(s.memory.ramCapacity))</td>",
                "<td class=\"n\">\(Formatting.bytes(s.memory.flashBytes)) / \(Formatting.bytes(s.memory.flashCapacity))</td>",
                "<td class=\"n\">\(Formatting.energy(s.energy.activeMicrojoulesPerInference))</td>",
            ]
            if hopSeconds != nil {
                cells.append("<td class=\"n\">\(s.energy.dutyCycle.map { String(format: "%.1f %%", 100 * $0) } ?? "-")</td>")
                cells.append("<td class=\"n\">\(s.energy.averagePowerMilliwatts.map { String(format: "%.2f mW", $0) } ?? "-")</td>")
            }
            cells.append(s.passes ? "<td class=\"pass\">PASS</td>" : "<td class=\"fail\">FAIL</td>")
            rows.append("<tr>\(cells.joined())</tr>")
        }
        rows.append("</table>")
        let reasons = simulations.flatMap { s in s.failureReasons.map { "<li><b>\(escape(s.device))</b>: \(escape($0))</li>" } }
        if !reasons.isEmpty { rows.append("<ul class=\"reasons\">\(reasons.joined())</ul>") }
        return rows.joined(separator: "\n")
    }

    /// Horizontal bars, one per layer, length proportional to its latency.
    func latencyChart(_ simulation: DeviceSimulation) -> String {
        let layers = simulation.latency.layers
        let rowHeight = 18.0
        let labelWidth = 300.0
        let barWidth = 640.0
        let width = labelWidth + barWidth + 110
        let height = Double(layers.count) * rowHeight + 30
        let longest = max(layers.map(\.seconds).max() ?? 0, 1e-12)
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"latency\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"per-layer latency on \(escape(simulation.device))\">"]
        for (row, layer) in layers.enumerated() {
            let y = Double(row) * rowHeight + 4
            let length = max(1, barWidth * layer.seconds / longest)
            let color = Self.color(of: layer.kind)
            let label = "\(layer.index) \(layer.operatorName) \(Formatting.shortTensorName(layer.label))"
            parts.append(
                "<text x=\"\(Int(labelWidth - 6))\" y=\"\(y + 12)\" font-size=\"11\" text-anchor=\"end\" fill=\"#333\">\(escape(String(label.prefix(40))))</text>"
                    + "<rect x=\"\(Int(labelWidth))\" y=\"\(y + 2)\" width=\"\(String(format: "%.1f", length))\" height=\"\(Int(rowHeight - 5))\" fill=\"\(color)\"><title>\(escape(label)): \(Formatting.duration(layer.seconds)), \(layer.multiplyAccumulates) MACs, \(layer.bytesMoved) bytes\(layer.isMemoryBound ? ", memory-bound" : "")</title></rect>"
                    + "<text x=\"\(String(format: "%.1f", labelWidth + length + 4))\" y=\"\(y + 12)\" font-size=\"11\" fill=\"#555\">\(Formatting.duration(layer.seconds))</text>")
        }
        var legendX = labelWidth
        let legendY = height - 10
        for kind in WorkloadKind.allCases where layers.contains(where: { $0.kind == kind }) {
            parts.append("<rect x=\"\(Int(legendX))\" y=\"\(Int(legendY - 9))\" width=\"10\" height=\"10\" fill=\"\(Self.color(of: kind))\"/><text x=\"\(Int(legendX + 14))\" y=\"\(Int(legendY))\" font-size=\"11\">\(kind.rawValue)</text>")
            legendX += 14 + Double(kind.rawValue.count) * 6.5 + 16
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// Rectangles of arena bytes (y) over operators (x), for `tensors` of one arena.
    func arenaChart(_ tensors: [ArenaTensor], arenaBytes: Int, label: String) -> String {
        let operators = max(workload.layers.count, 1)
        let arena = max(arenaBytes, tensors.map { $0.offset + $0.byteCount }.max() ?? 0, 1)
        let left = 80.0
        let top = 10.0
        let plotWidth = 900.0
        let plotHeight = 360.0
        let width = left + plotWidth + 20
        let height = top + plotHeight + 40
        let columnWidth = plotWidth / Double(operators)
        func y(_ offset: Int) -> Double { top + plotHeight * Double(offset) / Double(arena) }
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"arena\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(label))\">"]
        parts.append("<rect x=\"\(Int(left))\" y=\"\(Int(top))\" width=\"\(Int(plotWidth))\" height=\"\(Int(plotHeight))\" fill=\"#f6f7f9\" stroke=\"#c5cad3\"/>")
        for (position, tensor) in tensors.enumerated() {
            let x0 = left + columnWidth * Double(tensor.firstOperator)
            let x1 = left + columnWidth * Double(tensor.lastOperator + 1)
            let hue = (position * 47) % 360
            parts.append(
                "<rect x=\"\(String(format: "%.1f", x0))\" y=\"\(String(format: "%.1f", y(tensor.offset)))\" width=\"\(String(format: "%.1f", max(x1 - x0, 1)))\" height=\"\(String(format: "%.1f", max(y(tensor.offset + tensor.byteCount) - y(tensor.offset), 1)))\" fill=\"hsl(\(hue),55%,62%)\" fill-opacity=\"0.8\" stroke=\"#fff\" stroke-width=\"0.5\"><title>\(escape(tensor.name)): \(tensor.byteCount) B at offset \(tensor.offset), operators \(tensor.firstOperator)–\(tensor.lastOperator)</title></rect>")
            let boxHeight = y(tensor.offset + tensor.byteCount) - y(tensor.offset)
            let characters = Int((x1 - x0 - 6) / 6)
            if boxHeight >= 13, characters >= 4 {
                let name = tensor.shortLabel
                parts.append(
                    "<text x=\"\(String(format: "%.1f", x0 + 3))\" y=\"\(String(format: "%.1f", y(tensor.offset) + 11))\" font-size=\"9\" fill=\"#1d2330\" pointer-events=\"none\">\(escape(String(name.prefix(characters))))</text>")
            }
        }
        let peak = ModelWorkload.peakUse(of: tensors, operators: workload.layers.count)
        let peakX = left + columnWidth * (Double(peak.operator) + 0.5)
        parts.append("<line x1=\"\(String(format: "%.1f", peakX))\" y1=\"\(Int(top))\" x2=\"\(String(format: "%.1f", peakX))\" y2=\"\(Int(top + plotHeight))\" stroke=\"#b3261e\" stroke-dasharray=\"4 3\"><title>peak: \(peak.bytes) B alive at operator \(peak.operator)</title></line>")
        // Axes: a few operator ticks and offset ticks.
        let tickStep = max(1, operators / 10)
        for op in stride(from: 0, to: operators, by: tickStep) {
            let x = left + columnWidth * (Double(op) + 0.5)
            parts.append("<text x=\"\(String(format: "%.1f", x))\" y=\"\(Int(top + plotHeight + 14))\" font-size=\"10\" text-anchor=\"middle\">\(op)</text>")
        }
        parts.append("<text x=\"\(Int(left + plotWidth / 2))\" y=\"\(Int(top + plotHeight + 32))\" font-size=\"12\" text-anchor=\"middle\">operator</text>")
        for step in 0...4 {
            let offset = arena * step / 4
            parts.append("<text x=\"\(Int(left - 6))\" y=\"\(String(format: "%.1f", y(offset) + 4))\" font-size=\"10\" text-anchor=\"end\">\(Formatting.bytes(offset))</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    static func color(of kind: WorkloadKind) -> String {
        switch kind {
        case .convolution: return "#3867d6"
        case .depthwiseConvolution: return "#20bf6b"
        case .dense: return "#f7b731"
        case .pooling: return "#8854d0"
        case .add: return "#eb3b5a"
        case .softmax: return "#0fb9b1"
        case .dataMovement: return "#a5b1c2"
        }
    }
}

/// Escapes text for HTML and SVG.
func escape(_ text: String) -> String {
    var result = ""
    for character in text {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        default: result.append(character)
        }
    }
    return result
}
