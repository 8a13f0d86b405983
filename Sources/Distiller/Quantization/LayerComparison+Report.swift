import Foundation

extension LayerComparison {
    /// A text table: one line for the input and one per layer, then the accuracies and the layer to quantize with care.
    public var text: String {
        func percent(_ value: Double) -> String { String(format: "%.2f %%", 100 * value) }
        func cell(_ text: String, _ width: Int, right: Bool = true) -> String {
            let clipped = String(text.prefix(width))
            let padding = String(repeating: " ", count: width - clipped.count)
            return right ? padding + clipped : clipped + padding
        }
        var lines = [cell("tensor", 7, right: false) + cell("float layers", 45, right: false) + cell("scale", 10) + cell("SQNR dB", 9)
                     + cell("largest err", 13) + cell("saturated", 11) + cell("kept unrounded", 22)]
        for layer in layers {
            lines.append(cell(layer.tensor, 7, right: false) + cell(layer.layers, 45, right: false) + cell(String(format: "%.5f", layer.scale), 10)
                         + cell(String(format: "%.1f", layer.signalToNoiseDecibels), 9) + cell(String(format: "%.5f", layer.largestError), 13)
                         + cell(String(format: "%.2f %%", 100 * layer.saturatedShare), 11)
                         + cell(layer.accuracyWithThisLayerUnrounded.map(percent) ?? "(its input's grid)", 22))
        }
        lines.append("")
        lines.append("\(examples) examples: float \(percent(floatAccuracy)), int8 (runtime) \(percent(int8Accuracy)), "
                     + "float with every activation rounded to the model's grid \(percent(roundedActivationsAccuracy)) (weights float)")
        if let index = layerToQuantizeWithCare {
            let layer = layers[index]
            lines.append("quantize with more care: \(layer.tensor) (\(layer.layers)): left unrounded it recovers "
                         + String(format: "%.2f", 100 * ((layer.accuracyWithThisLayerUnrounded ?? 0) - roundedActivationsAccuracy))
                         + " points; " + (index == 0
                            ? "give the input a tighter range (the architecture's input-max) so its 256 steps are finer"
                            : "try another --calibration, --equalize-channels, per-channel dense weights or --qat-epochs"))
        } else if int8Accuracy >= floatAccuracy {
            lines.append("the int8 model loses no accuracy on these examples")
        } else {
            lines.append("no single activation's rounding costs accuracy; the loss is in the weights' rounding or in several layers together")
        }
        return lines.joined(separator: "\n")
    }

    /// A self-contained HTML page: the table and a bar chart of each layer's SQNR.
    public var html: String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        let finite = layers.map { $0.signalToNoiseDecibels.isFinite ? $0.signalToNoiseDecibels : 60 }
        let top = max(40, (finite.max() ?? 40).rounded(.up))
        let (barHeight, width) = (22, 520.0)
        var svg = "<svg xmlns='http://www.w3.org/2000/svg' width='760' height='\(layers.count * barHeight + 30)' font-family='sans-serif' font-size='12'>"
        for (index, layer) in layers.enumerated() {
            let y = index * barHeight + 4
            let length = max(1, width * max(0, finite[index]) / top)
            let colour = finite[index] < 20 ? "#d9534f" : finite[index] < 30 ? "#f0ad4e" : "#5cb85c"
            svg += "<text x='0' y='\(y + 15)'>\(layer.tensor)</text><rect x='60' y='\(y)' width='\(String(format: "%.1f", length))' height='\(barHeight - 6)' fill='\(colour)'/>"
            svg += "<text x='\(String(format: "%.1f", 66 + length))' y='\(y + 15)'>\(String(format: "%.1f dB", layer.signalToNoiseDecibels))</text>"
        }
        svg += "<text x='60' y='\(layers.count * barHeight + 24)'>signal-to-quantization-noise ratio per layer (red below 20 dB, amber below 30 dB)</text></svg>"
        var rows = ""
        for layer in layers {
            rows += "<tr><td>\(layer.tensor)</td><td>\(escape(layer.layers))</td><td>\(String(format: "%.5f", layer.scale))</td>"
                + "<td>\(String(format: "%.1f", layer.signalToNoiseDecibels))</td><td>\(String(format: "%.5f", layer.largestError))</td>"
                + "<td>\(String(format: "%.2f %%", 100 * layer.saturatedShare))</td>"
                + "<td>\(layer.accuracyWithThisLayerUnrounded.map { String(format: "%.2f %%", 100 * $0) } ?? "—")</td></tr>"
        }
        return """
            <!doctype html><html><head><meta charset='utf-8'><title>float vs int8, layer by layer</title>
            <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:nth-child(2){text-align:left}</style></head><body>
            <h1>Float network vs int8 model, layer by layer</h1>
            <pre>\(escape(text.split(separator: "\n").suffix(2).joined(separator: "\n")))</pre>
            \(svg)
            <table><tr><th>tensor</th><th>float layers</th><th>scale</th><th>SQNR dB</th><th>largest error</th><th>saturated</th><th>accuracy, this activation unrounded</th></tr>\(rows)</table>
            <p>SQNR and errors compare the runtime's int8 output of each layer (dequantized) with the float network's on the same \(examples) examples.
            The last column is the float network with every other activation rounded to the model's int8 grid (weights float).</p>
            </body></html>
            """
    }
}
