import Foundation

/// Number formats shared by the text and HTML reports.
enum Formatting {
    /// Bytes as `12.3 KiB`, `4.0 MiB` or `512 B`.
    static func bytes(_ value: Int) -> String {
        let magnitude = abs(Double(value))
        let sign = value < 0 ? "-" : ""
        if magnitude >= 1_073_741_824 { return sign + String(format: "%.1f GiB", magnitude / 1_073_741_824) }
        if magnitude >= 1_048_576 { return sign + String(format: "%.1f MiB", magnitude / 1_048_576) }
        if magnitude >= 1024 { return sign + String(format: "%.1f KiB", magnitude / 1024) }
        return "\(value) B"
    }

    /// Seconds as `12.3 ms` or `45.6 us`.
    static func duration(_ seconds: Double) -> String {
        if seconds >= 1 { return String(format: "%.2f s", seconds) }
        if seconds >= 1e-3 { return String(format: "%.2f ms", seconds * 1e3) }
        return String(format: "%.1f us", seconds * 1e6)
    }

    /// Microjoules as `12.3 uJ` or `4.5 mJ`.
    static func energy(_ microjoules: Double) -> String {
        microjoules >= 1000 ? String(format: "%.2f mJ", microjoules / 1000) : String(format: "%.1f uJ", microjoules)
    }

    /// Left-aligned or right-aligned fixed-width cell.
    static func cell(_ text: String, _ width: Int, right: Bool = false) -> String {
        guard text.count < width else { return text }
        let padding = String(repeating: " ", count: width - text.count)
        return right ? padding + text : text + padding
    }

    /// A readable form of a TFLite tensor name: the part before the first `;`, without the
    /// leading model scope when there are three or more components
    /// (`model/activation/Relu;model/batch_norm/…` → `activation/Relu`).
    static func shortTensorName(_ name: String) -> String {
        let first = name.split(separator: ";").first.map(String.init) ?? name
        let components = first.split(separator: "/")
        return components.count >= 3 ? components.dropFirst().joined(separator: "/") : first
    }
}
