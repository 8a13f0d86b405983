/// Stochastic gradient descent with optional (Nesterov) momentum and L2 weight decay.
///
/// With momentum `μ`: `v ← μ·v + g`, then `w ← w − η·v` (or `w ← w − η·(g + μ·v)` for Nesterov),
/// where `g` includes `λ·w` for decayed parameters.
public struct StochasticGradientDescent: Optimizer {
    /// Momentum `μ` (0 for plain SGD).
    public var momentum: Float
    /// Whether to use Nesterov momentum.
    public var nesterov: Bool
    /// L2 weight decay `λ`, added to the gradient of parameters with ``Parameter/isDecayed``.
    public var weightDecay: Float
    /// Velocities, one per parameter.
    public var state: [Tensor] = []
    /// Number of steps taken.
    public var stepCount = 0

    /// Creates the optimizer.
    public init(momentum: Float = 0, nesterov: Bool = false, weightDecay: Float = 0) {
        self.momentum = momentum
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    /// One update.
    public mutating func step(_ parameters: [Parameter], learningRate: Float) {
        if state.count != parameters.count { state = parameters.map { Tensor(shape: $0.value.shape) } }
        stepCount += 1
        for (index, parameter) in parameters.enumerated() {
            let decay = parameter.isDecayed ? weightDecay : 0
            let (mu, useNesterov) = (momentum, nesterov)
            parameter.value.scalars.withUnsafeMutableBufferPointer { w in
                parameter.gradient.scalars.withUnsafeBufferPointer { g in
                    state[index].scalars.withUnsafeMutableBufferPointer { v in
                        let count = w.count
                        let (w, g, v) = (w.baseAddress!, g.baseAddress!, v.baseAddress!)
                        ThreadPool.shared.forEachRange(count, minimumPerThread: 1 << 16) { range in
                            if mu == 0 {
                                for i in range { w[i] -= learningRate * (g[i] + decay * w[i]) }
                            } else if useNesterov {
                                for i in range {
                                    let gradient = g[i] + decay * w[i]
                                    v[i] = mu * v[i] + gradient
                                    w[i] -= learningRate * (gradient + mu * v[i])
                                }
                            } else {
                                for i in range {
                                    v[i] = mu * v[i] + g[i] + decay * w[i]
                                    w[i] -= learningRate * v[i]
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
