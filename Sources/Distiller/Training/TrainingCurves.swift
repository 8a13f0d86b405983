import Foundation

/// Draws training curves as a self-contained SVG: loss on the left, train and test accuracy on the
/// right, each panel with labelled axes and ticks. The accuracy axis spans only the range the curves
/// reach (rounded out to whole ticks), so curves at 97 % and 99 % are far apart, not one line at the top.
public enum TrainingCurves {
    /// The SVG document for `history`.
    public static func svg(_ history: [EpochRecord], title: String) -> String {
        let width = 900.0, height = 380.0, left = 70.0, gap = 80.0, top = 60.0, bottom = 50.0
        let panelWidth = (width - left - gap - 20) / 2, panelHeight = height - top - bottom
        let lastEpoch = max(history.map(\.epoch).max() ?? 1, 1)
        let losses = history.map { Double($0.loss) }.filter(\.isFinite)
        let accuracies = history.flatMap { [Double($0.trainAccuracy), Double($0.testAccuracy)] }.filter(\.isFinite).map { 100 * $0 }
        let lossAxis = Axis(low: 0, high: losses.max() ?? 1, clampedTo: 0...Double.greatestFiniteMagnitude)
        let accuracyAxis = Axis(low: accuracies.min() ?? 0, high: accuracies.max() ?? 100, clampedTo: 0...100)
        let epochAxis = Axis(epochs: lastEpoch)

        var lines: [String] = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
            "<text x=\"\(Int(left))\" y=\"24\" font-size=\"15\">\(escape(title))</text>",
        ]
        let panels: [(axis: Axis, label: String, unit: String, curves: [(values: [(Int, Double)], colour: String, name: String)])] = [
            (lossAxis, "training loss", "", [(history.map { ($0.epoch, Double($0.loss)) }, "#d62728", "loss")]),
            (accuracyAxis, "accuracy", " %", [
                (history.map { ($0.epoch, 100 * Double($0.trainAccuracy)) }, "#1f77b4", "train"),
                (history.map { ($0.epoch, 100 * Double($0.testAccuracy)) }, "#2ca02c", "test"),
            ]),
        ]
        for (index, panel) in panels.enumerated() {
            let x0 = left + Double(index) * (panelWidth + gap), y0 = top
            func x(_ epoch: Double) -> Double { x0 + epochAxis.fraction(epoch) * panelWidth }
            func y(_ value: Double) -> Double { y0 + (1 - panel.axis.fraction(value)) * panelHeight }
            lines.append("<g class=\"panel\">")
            lines.append("<text x=\"\(format(x0))\" y=\"\(format(y0 - 12))\">\(panel.label)</text>")
            lines.append("<rect x=\"\(format(x0))\" y=\"\(format(y0))\" width=\"\(format(panelWidth))\" height=\"\(format(panelHeight))\" fill=\"none\" stroke=\"#888\"/>")
            for tick in panel.axis.ticks {
                let ty = y(tick)
                lines.append("<line class=\"tick\" x1=\"\(format(x0 - 5))\" y1=\"\(format(ty))\" x2=\"\(format(x0 + panelWidth))\" y2=\"\(format(ty))\" stroke=\"#ddd\"/>")
                lines.append("<text class=\"tick-label\" x=\"\(format(x0 - 8))\" y=\"\(format(ty + 4))\" text-anchor=\"end\">\(format(tick))\(panel.unit)</text>")
            }
            for tick in epochAxis.ticks {
                let tx = x(tick)
                lines.append("<line class=\"tick\" x1=\"\(format(tx))\" y1=\"\(format(y0 + panelHeight))\" x2=\"\(format(tx))\" y2=\"\(format(y0 + panelHeight + 5))\" stroke=\"#888\"/>")
                lines.append("<text class=\"tick-label\" x=\"\(format(tx))\" y=\"\(format(y0 + panelHeight + 18))\" text-anchor=\"middle\">\(format(tick))</text>")
            }
            lines.append("<text x=\"\(format(x0 + panelWidth / 2))\" y=\"\(format(height - 10))\" text-anchor=\"middle\">epoch</text>")
            for curve in panel.curves {
                let points = curve.values.filter { $0.1.isFinite }.map { "\(format(x(Double($0.0)))),\(format(y($0.1)))" }.joined(separator: " ")
                lines.append("<polyline fill=\"none\" stroke=\"\(curve.colour)\" stroke-width=\"2\" points=\"\(points)\"/>")
            }
            if panel.curves.count > 1 {
                for (position, curve) in panel.curves.enumerated() {
                    lines.append("<text x=\"\(format(x0 + panelWidth - 100 + 50 * Double(position)))\" y=\"\(format(y0 - 12))\" fill=\"\(curve.colour)\">\(curve.name)</text>")
                }
            }
            lines.append("</g>")
        }
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A linear axis from `minimum` to `maximum` with evenly spaced round ticks.
    struct Axis {
        let minimum: Double
        let maximum: Double
        let ticks: [Double]

        /// An axis covering `low...high`, rounded out to whole steps of 1, 2, 2.5 or 5 × 10ⁿ (about
        /// five ticks) and kept within `limits`.
        init(low: Double, high: Double, clampedTo limits: ClosedRange<Double>) {
            var (low, high) = (low, high)
            if high - low < 1e-9 { (low, high) = (low - max(abs(low) * 0.01, 0.5), high + max(abs(high) * 0.01, 0.5)) }
            let raw = (high - low) / 5
            let magnitude = pow(10, (log10(raw)).rounded(.down))
            let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
            minimum = max(limits.lowerBound, (low / step).rounded(.down) * step)
            maximum = min(limits.upperBound, (high / step).rounded(.up) * step)
            var ticks: [Double] = []
            var tick = (minimum / step).rounded(.up) * step
            while tick <= maximum + step * 1e-6 {
                ticks.append(tick)
                tick += step
            }
            self.ticks = ticks
        }

        /// The epoch axis, 1 to `epochs`, with whole-number ticks (at most about ten).
        init(epochs: Int) {
            minimum = 1
            maximum = Double(max(epochs, 2))
            let step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].first { epochs / $0 <= 10 } ?? max(epochs / 10, 1)
            ticks = [1] + stride(from: step, through: max(epochs, 1), by: step).filter { $0 > 1 }.map(Double.init)
        }

        /// Where `value` lies on the axis, 0 (minimum) to 1 (maximum), clamped.
        func fraction(_ value: Double) -> Double {
            maximum > minimum ? min(max((value - minimum) / (maximum - minimum), 0), 1) : 0.5
        }
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
