#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the learning rate changes over a run, as a function of the (fractional) epoch.
public enum LearningRateSchedule: Sendable, Equatable {
    /// The same rate throughout.
    case constant(Float)
    /// `initial · factor^⌊epoch / every⌋`.
    case step(initial: Float, every: Int, factor: Float)
    /// Cosine annealing from `initial` to `minimum` over `epochs` epochs, then `minimum`.
    case cosine(initial: Float, minimum: Float, epochs: Int)

    /// The rate at `epoch` (0-based; `2.5` is halfway through the third epoch).
    public func rate(atEpoch epoch: Double) -> Float {
        switch self {
        case .constant(let rate):
            return rate
        case .step(let initial, let every, let factor):
            return initial * powf(factor, Float(Int(epoch) / max(every, 1)))
        case .cosine(let initial, let minimum, let epochs):
            let progress = min(max(epoch / Double(max(epochs, 1)), 0), 1)
            return minimum + (initial - minimum) * Float(0.5 * (1 + cos(Double.pi * progress)))
        }
    }
}
