/// Adam, and AdamW when `decoupledWeightDecay` is true.
///
/// `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, `w ← w − η·m̂/(√v̂ + ε)` with bias-corrected moments.
/// Adam adds `λ·w` to the gradient; AdamW instead subtracts `η·λ·w` from the weight directly.
public struct Adam: Optimizer {
    /// First-moment decay β₁.
    public var beta1: Float
    /// Second-moment decay β₂.
    public var beta2: Float
    /// ε in the denominator.
    public var epsilon: Float
    /// Weight decay λ for parameters with ``Parameter/isDecayed``.
    public var weightDecay: Float
    /// Whether the weight decay is decoupled from the gradient (AdamW).
    public var decoupledWeightDecay: Bool
    /// First moments then second moments, one pair per parameter (`[m0, v0, m1, v1, …]`).
    public var state: [Tensor] = []
    /// Number of steps taken (used for bias correction).
    public var stepCount = 0

    /// Creates the optimizer with the usual defaults.
    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0, decoupledWeightDecay: Bool = false) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
    }

    /// AdamW with decoupled weight decay.
    public static func adamW(weightDecay: Float = 0.01) -> Adam {
        Adam(weightDecay: weightDecay, decoupledWeightDecay: true)
    }

    /// One update.
    public mutating func step(_ parameters: [Parameter], learningRate: Float) {
        if state.count != 2 * parameters.count {
            state = parameters.flatMap { [Tensor(shape: $0.value.shape), Tensor(shape: $0.value.shape)] }
        }
        stepCount += 1
        let correction1 = 1 - powf(beta1, Float(stepCount))
        let correction2 = 1 - powf(beta2, Float(stepCount))
        let (b1, b2, eps, decoupled) = (beta1, beta2, epsilon, decoupledWeightDecay)
        for (index, parameter) in parameters.enumerated() {
            let decay = parameter.isDecayed ? weightDecay : 0
            var first = state[2 * index], second = state[2 * index + 1]
            state[2 * index] = Tensor(shape: [0]); state[2 * index + 1] = Tensor(shape: [0])
            defer { state[2 * index] = first; state[2 * index + 1] = second }
            parameter.value.scalars.withUnsafeMutableBufferPointer { w in
                parameter.gradient.scalars.withUnsafeBufferPointer { g in
                    first.scalars.withUnsafeMutableBufferPointer { m in
                        second.scalars.withUnsafeMutableBufferPointer { v in
                            let count = w.count
                            let (w, g, m, v) = (w.baseAddress!, g.baseAddress!, m.baseAddress!, v.baseAddress!)
                            ThreadPool.shared.forEachRange(count, minimumPerThread: 1 << 16) { range in
                                // Eight lanes at a time with the scalar formula's operations in the same
                                // order (IEEE division and square root per lane), so both give the same bits.
                                var i = range.lowerBound
                                while i + 8 <= range.upperBound {
                                    let weight = Lanes(w + i), gradient = decoupled ? Lanes(g + i) : Lanes(g + i) + decay * Lanes(w + i)
                                    let mean = b1 * Lanes(m + i) + (1 - b1) * gradient
                                    let square = b2 * Lanes(v + i) + (1 - b2) * gradient * gradient
                                    let update = (mean / correction1) / ((square / correction2).squareRoot() + eps)
                                    (m + i).store(mean)
                                    (v + i).store(square)
                                    (w + i).store(weight - learningRate * (update + (decoupled ? decay * weight : Lanes())))
                                    i += 8
                                }
                                for i in i..<range.upperBound {
                                    let gradient = decoupled ? g[i] : g[i] + decay * w[i]
                                    m[i] = b1 * m[i] + (1 - b1) * gradient
                                    v[i] = b2 * v[i] + (1 - b2) * gradient * gradient
                                    let update = (m[i] / correction1) / ((v[i] / correction2).squareRoot() + eps)
                                    w[i] -= learningRate * (update + (decoupled ? decay * w[i] : 0))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Eight floats, the width of one AVX register.
typealias Lanes = SIMD8<Float>

extension SIMD8 where Scalar == Float {
    /// The eight floats starting at `pointer` (no alignment needed).
    init(_ pointer: UnsafePointer<Float>) { self = UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self) }
}

extension UnsafeMutablePointer where Pointee == Float {
    /// Writes eight floats starting here (no alignment needed).
    func store(_ lanes: SIMD8<Float>) { UnsafeMutableRawPointer(self).storeBytes(of: lanes, as: SIMD8<Float>.self) }
}
