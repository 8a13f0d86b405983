/// Optimal Brain Damage (LeCun, Denker and Solla, 1990): the saliency of weight `w_k` is the
/// loss increase its removal is predicted to cause, `½ · h_kk · w_k²`, from a diagonal Hessian.
///
/// The Hessian used is the diagonal of the generalised Gauss-Newton matrix of the mean softmax
/// cross-entropy over `N` examples, computed exactly rather than sampled:
///
///     h_kk = (1/N) · Σ_n Σ_c p_nc · (∂ℓ(x_n, c)/∂w_k)²
///
/// where `p_n = softmax(z(x_n))` and `ℓ(x, c)` is the cross-entropy of label `c`. This is
/// `diag(Jᵀ · (diag(p) − p·pᵀ) · J)`, because `diag(p) − p·pᵀ = Σ_c p_c (e_c − p)(e_c − p)ᵀ` and
/// `∂ℓ(x, c)/∂z = p − e_c`; one backward pass per example and class with the output gradient
/// `√p_c · (p − e_c)` gives the terms. It needs no labels (the Hessian of cross-entropy with
/// respect to the logits does not depend on them) and equals the Fisher information diagonal.
/// For ReLU networks without batch norm the logits are piecewise linear in any single weight, so
/// `∂²z/∂w_k² = 0` and this is the true diagonal of the Hessian wherever it exists.
/// Networks with batch norm are refused (its backward pass assumes batch statistics).
public enum OptimalBrainDamage {
    /// The Hessian diagonal for each of `network.prunableWeights` (same shapes), averaged over the
    /// examples of `inputs` (already in the network's input shape).
    public static func hessianDiagonal(of network: Sequential, inputs: Tensor) throws(PruningError) -> [Tensor] {
        guard !network.layers.contains(where: { $0 is BatchNorm }) else {
            throw PruningError("Optimal Brain Damage needs a network without batch norm")
        }
        let weights = network.prunableWeights
        var sums = weights.map { [Double](repeating: 0, count: $0.value.count) }
        for item in 0..<inputs.batchSize {
            let logits = network.forward(inputs.items(item..<(item + 1)), training: false)
            let probabilities = Softmax.probabilities(logits).scalars
            for label in probabilities.indices where probabilities[label] > 1e-12 {
                let root = probabilities[label].squareRoot()
                var gradient = Tensor(shape: logits.shape, scalars: probabilities.map { root * $0 })
                gradient.scalars[label] -= root
                network.zeroGradients()
                network.backward(gradient, needsInputGradient: false)
                for (index, weight) in weights.enumerated() {
                    weight.gradient.scalars.withUnsafeBufferPointer { g in
                        sums[index].withUnsafeMutableBufferPointer { sum in
                            for element in g.indices { sum[element] += Double(g[element] * g[element]) }
                        }
                    }
                }
            }
        }
        network.zeroGradients()
        let scale = 1 / Double(max(inputs.batchSize, 1))
        return zip(weights, sums).map { weight, sum in Tensor(shape: weight.value.shape, scalars: sum.map { Float($0 * scale) }) }
    }

    /// The saliencies `½ · h_kk · w_k²` of each weight tensor, given its Hessian diagonal.
    public static func saliencies(of weights: [Parameter], hessianDiagonal: [Tensor]) -> [[Float]] {
        zip(weights, hessianDiagonal).map { weight, hessian in
            zip(weight.value.scalars, hessian.scalars).map { value, curvature in 0.5 * curvature * value * value }
        }
    }
}
