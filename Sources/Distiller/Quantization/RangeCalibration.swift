/// How the real range of an activation tensor is chosen from the values seen during calibration.
public enum RangeCalibration: Sendable, Equatable, CustomStringConvertible {
    /// The smallest and largest value seen.
    case minimumMaximum
    /// The given percentile of the values at the top (and its mirror at the bottom), clipping outliers.
    case percentile(Double)
    /// The clipping range that minimises the mean squared quantization error over the values seen.
    case meanSquaredError

    /// Parses `minmax`, `percentile` (99.99), `percentile:P` with 50 < P ≤ 100, or `mse`.
    public init(parsing text: String) throws(QuantizationError) {
        switch text {
        case "minmax": self = .minimumMaximum
        case "mse": self = .meanSquaredError
        case "percentile": self = .percentile(99.99)
        default:
            guard text.hasPrefix("percentile:"), let value = Double(text.dropFirst("percentile:".count)),
                  value > 50, value <= 100
            else { throw .unknownCalibration(text) }
            self = .percentile(value)
        }
    }

    /// The text form accepted by ``init(parsing:)``, such as `percentile:99.99`.
    public var description: String {
        switch self {
        case .minimumMaximum: return "minmax"
        case .percentile(let value): return "percentile:\(value)"
        case .meanSquaredError: return "mse"
        }
    }
}
