/// Draws training curves as a self-contained SVG: loss on the left, train and test accuracy on the right.
public enum TrainingCurves {
    /// The SVG document for `history`.
    public static func svg(_ history: [EpochRecord], title: String) -> String {
        let width = 900.0, height = 360.0, margin = 50.0
        let panelWidth = (width - 3 * margin) / 2, panelHeight = height - 2 * margin - 20
        let epochs = Double(max(history.map(\.epoch).max() ?? 1, 1))
        func x(_ epoch: Int, _ panel: Int) -> Double {
            margin + Double(panel) * (panelWidth + margin) + (epochs <= 1 ? 0.5 : Double(epoch - 1) / (epochs - 1)) * panelWidth
        }
        func y(_ fraction: Double) -> Double { margin + 20 + (1 - min(max(fraction, 0), 1)) * panelHeight }
        let maximumLoss = Double(history.map(\.loss).filter(\.isFinite).max() ?? 1)
        func polyline(_ values: [(Int, Double)], panel: Int, colour: String) -> String {
            let points = values.filter { $0.1.isFinite }.map { "\(format(x($0.0, panel))),\(format(y($0.1)))" }.joined(separator: " ")
            return "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points)\"/>"
        }
        var lines: [String] = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
            "<text x=\"\(Int(margin))\" y=\"24\" font-size=\"15\">\(escape(title))</text>",
        ]
        for (panel, label) in [(0, "training loss (max \(format(maximumLoss)))"), (1, "accuracy (0–100 %)")] {
            let left = margin + Double(panel) * (panelWidth + margin)
            lines.append("<rect x=\"\(format(left))\" y=\"\(format(margin + 20))\" width=\"\(format(panelWidth))\" height=\"\(format(panelHeight))\" fill=\"none\" stroke=\"#888\"/>")
            lines.append("<text x=\"\(format(left))\" y=\"\(format(margin + 12))\">\(label)</text>")
            lines.append("<text x=\"\(format(left))\" y=\"\(format(height - 12))\">epoch 1</text>")
            lines.append("<text x=\"\(format(left + panelWidth - 50))\" y=\"\(format(height - 12))\">epoch \(Int(epochs))</text>")
        }
        lines.append(polyline(history.map { ($0.epoch, Double($0.loss) / max(maximumLoss, 1e-12)) }, panel: 0, colour: "#d62728"))
        lines.append(polyline(history.map { ($0.epoch, Double($0.trainAccuracy)) }, panel: 1, colour: "#1f77b4"))
        lines.append(polyline(history.map { ($0.epoch, Double($0.testAccuracy)) }, panel: 1, colour: "#2ca02c"))
        let legendX = margin + panelWidth + margin + 10
        lines.append("<text x=\"\(format(legendX))\" y=\"\(format(height - 30))\" fill=\"#1f77b4\">train</text>")
        lines.append("<text x=\"\(format(legendX + 50))\" y=\"\(format(height - 30))\" fill=\"#2ca02c\">test</text>")
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences("&", "&amp;").replacingOccurrences("<", "&lt;").replacingOccurrences(">", "&gt;")
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: Substring(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
