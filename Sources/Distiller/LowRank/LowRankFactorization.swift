/// Low-rank factorisation of dense layers: `W ≈ U · V` by truncated SVD, written into the
/// architecture as `<units>r<rank>` (see ``Architecture``) so the factored network is trained,
/// checkpointed and reloaded like any other.
///
/// With `W = Σ_j σ_j · u_j · v_jᵀ`, the rank-`r` factors split each singular value evenly:
/// the projection is `diag(√σ) · Vᵣᵀ` (`r × inputs`, zero bias) and the expansion `Uᵣ · diag(√σ)`
/// (`outputs × r`, the original bias). Their product is the best rank-`r` approximation
/// (Eckart–Young); its squared Frobenius error is the sum of the discarded `σ_j²`.
public enum LowRankFactorization {
    /// How the rank of each factored layer is chosen.
    public enum RankChoice: Sendable, Equatable {
        /// The same rank for every layer.
        case rank(Int)
        /// The smallest rank whose singular values keep at least this fraction of `Σ σ²`.
        case energy(Double)
    }

    /// The smallest `r` with `Σ_{j<r} σ_j² ≥ fraction · Σ σ²` (at least 1); `singularValues` sorted, largest first.
    public static func rank(keepingEnergy fraction: Double, of singularValues: [Double]) -> Int {
        let total = singularValues.reduce(0) { $0 + $1 * $1 }
        var kept = 0.0
        for (index, value) in singularValues.enumerated() {
            kept += value * value
            if kept >= fraction * total * (1 - 1e-12) { return index + 1 }
        }
        return max(singularValues.count, 1)
    }

    /// The rank-`rank` factors of a decomposed weight (`[outputs, inputs]`): the projection
    /// `diag(√σ) · Vᵀ` (`[rank, inputs]`) and the expansion `U · diag(√σ)` (`[outputs, rank]`).
    public static func factors(of decomposition: SingularValueDecomposition, rank: Int) -> (projection: Tensor, expansion: Tensor) {
        let (outputs, inputs) = (decomposition.rowCount, decomposition.columnCount)
        let k = decomposition.singularValues.count
        precondition((1...k).contains(rank), "rank \(rank) outside 1...\(k)")
        var projection = Tensor(shape: [rank, inputs]), expansion = Tensor(shape: [outputs, rank])
        for j in 0..<rank {
            let root = decomposition.singularValues[j].squareRoot()
            for i in 0..<inputs { projection.scalars[j * inputs + i] = Float(root * decomposition.rightVectors[i * k + j]) }
            for i in 0..<outputs { expansion.scalars[i * rank + j] = Float(root * decomposition.leftVectors[i * k + j]) }
        }
        return (projection, expansion)
    }

    /// The dense token indices (`i` of `layer<i>`) of a network, in order.
    public static func denseLayers(of architecture: Architecture) -> [Int] {
        architecture.tokens.indices.filter { if case .dense = architecture.tokens[$0] { true } else { false } }
    }

    /// Factors the dense layers `layers` (token indices) of `network`, built from `architecture`.
    /// A layer that is already low rank is refactored from the product of its two factors.
    /// Returns the new architecture, its network, and the rank chosen for each layer.
    public static func factor(
        _ network: Sequential, architecture: Architecture, layers: [Int], choice: RankChoice
    ) throws(PruningError) -> (architecture: Architecture, network: Sequential, ranks: [Int: Int]) {
        let byName = Dictionary(uniqueKeysWithValues: (network.parameters + network.buffers).map { ($0.name, $0) })
        var replacements: [Int: Architecture.Token] = [:], ranks: [Int: Int] = [:]
        var replaced: [String: Tensor] = [:]
        for index in layers {
            guard architecture.tokens.indices.contains(index), case .dense(let units, _) = architecture.tokens[index],
                  let weight = byName["layer\(index).weight"], let bias = byName["layer\(index).bias"]
            else { throw PruningError("layer \(index) is not a dense layer of '\(architecture)'") }
            var effectiveWeight = weight.value, effectiveBias = bias.value
            if let projection = byName["layer\(index).projection.weight"], let projectionBias = byName["layer\(index).projection.bias"] {
                effectiveWeight = MatrixMultiplication.multiply(weight.value, .normal, projection.value, .normal)
                let carried = MatrixMultiplication.multiply(projectionBias.value.reshaped(to: [1, projectionBias.value.count]), .normal, weight.value, .transposed)
                effectiveBias = Tensor(shape: bias.value.shape, scalars: zip(bias.value.scalars, carried.scalars).map(+))
            }
            let (outputs, inputs) = (effectiveWeight.shape[0], effectiveWeight.shape[1])
            let decomposition = SingularValueDecomposition(effectiveWeight)
            let rank: Int
            switch choice {
            case .rank(let value):
                guard value <= min(inputs, outputs) else {
                    throw PruningError("rank \(value) is larger than layer \(index) (\(inputs)→\(outputs), at most \(min(inputs, outputs)))")
                }
                rank = value
            case .energy(let fraction):
                rank = Self.rank(keepingEnergy: fraction, of: decomposition.singularValues)
            }
            let (projection, expansion) = factors(of: decomposition, rank: rank)
            replacements[index] = .dense(units: units, rank: rank)
            ranks[index] = rank
            replaced["layer\(index).projection.weight"] = projection
            replaced["layer\(index).projection.bias"] = Tensor(shape: [rank])
            replaced["layer\(index).weight"] = expansion
            replaced["layer\(index).bias"] = effectiveBias
        }
        let factored: Architecture
        let result: Sequential
        do {
            factored = try architecture.replacing(replacements)
            result = try factored.makeNetwork(seed: 0)
        } catch {
            throw PruningError(error.description)
        }
        for target in result.parameters + result.buffers {
            guard let value = replaced[target.name] ?? byName[target.name]?.value, value.shape == target.value.shape else {
                throw PruningError("\(target.name) of '\(factored)' has no matching tensor in the original network")
            }
            target.value = value
        }
        return (factored, result, ranks)
    }
}
