/// Structured pruning: remove whole hidden units of dense layers and output channels of
/// convolutions, with everything that only served them (their bias and batch-norm entries, the
/// depthwise channels they feed, the next layer's input columns or channels). The result is a
/// smaller architecture and network, not a mask, so an exported model really shrinks.
///
/// A unit's importance is the L1 or L2 norm of its incoming weights (a row of a dense weight, an
/// output channel of a convolution filter); when batch norm follows, the norm is multiplied by the
/// factor `|γ| / √(σ² + ε)` that batch norm applies to the unit.
public enum StructuredPruning {
    /// How a unit's incoming weights are measured.
    public enum Norm: String, Sendable, CaseIterable {
        /// Sum of absolute values.
        case l1
        /// Square root of the sum of squares.
        case l2
    }

    /// The units (or channels) kept in each pruned layer, keyed by the layer's token index
    /// (`i` in the layer name `layer<i>`), in increasing order.
    public typealias Selection = [Int: [Int]]

    /// The layers whose units can be removed, keyed by token index: every convolution and every
    /// dense layer but the last (the classes). The projection of a low-rank layer is not one of them.
    public static func prunableLayers(of network: Sequential) -> [Int: any Layer] {
        let dense = network.layers.compactMap { $0 as? Dense }
        var result: [Int: any Layer] = [:]
        for layer in network.layers {
            let weight: Parameter
            switch layer {
            case let convolution as Conv2D: weight = convolution.weight
            case let denseLayer as Dense where denseLayer !== dense.last: weight = denseLayer.weight
            default: continue
            }
            if let index = tokenIndex(of: weight) { result[index] = layer }
        }
        return result
    }

    /// The token index in a weight named `layer<i>.weight`, or `nil` for other names (such as projections).
    static func tokenIndex(of weight: Parameter) -> Int? {
        guard weight.name.hasPrefix("layer"), weight.name.hasSuffix(".weight") else { return nil }
        return Int(weight.name.dropFirst("layer".count).dropLast(".weight".count))
    }

    /// Each prunable layer's unit importances, keyed by token index.
    public static func importances(in network: Sequential, norm: Norm) -> [Int: [Float]] {
        let normalisers = Dictionary(uniqueKeysWithValues: network.layers.compactMap { layer -> (String, BatchNorm)? in
            guard let batchNorm = layer as? BatchNorm else { return nil }
            return (String(batchNorm.scale.name.dropLast(".bn.scale".count)), batchNorm)
        })
        return prunableLayers(of: network).mapValues { layer in
            let weight = layer.parameters[0].value
            let units = weight.shape[0], width = weight.count / units
            return (0..<units).map { unit in
                let row = weight.scalars[(unit * width)..<((unit + 1) * width)]
                var value = norm == .l1 ? row.reduce(0) { $0 + abs($1) } : row.reduce(0) { $0 + $1 * $1 }.squareRoot()
                if let batchNorm = normalisers[String(layer.parameters[0].name.dropLast(".weight".count))] {
                    value *= abs(batchNorm.scale.value.scalars[unit]) / (batchNorm.runningVariance.value.scalars[unit] + batchNorm.epsilon).squareRoot()
                }
                return value
            }
        }
    }

    /// Keeps the `keep[i]` most important units of each layer `i` named in `keep` (ties go to the
    /// lower index); other layers keep all their units.
    public static func selection(in network: Sequential, keeping keep: [Int: Int], norm: Norm) throws(PruningError) -> Selection {
        let importance = importances(in: network, norm: norm)
        var selection: Selection = [:]
        for (index, count) in keep {
            guard let values = importance[index] else { throw PruningError("layer \(index) has no units that can be removed") }
            guard (1...values.count).contains(count) else { throw PruningError("layer \(index) has \(values.count) units; cannot keep \(count)") }
            let ranked = values.indices.sorted { (-values[$0], $0) < (-values[$1], $1) }
            selection[index] = ranked.prefix(count).sorted()
        }
        return selection
    }

    /// For every parameter and buffer (by name), the shape it has after removing the units of
    /// `selection`, and the row-major positions of the elements kept, in order.
    static func keptElements(of network: Sequential, inputShape: [Int], selection: Selection) -> [String: (shape: [Int], positions: [Int])] {
        var result: [String: (shape: [Int], positions: [Int])] = [:]
        var kept: [Int]? = nil, channels = inputShape.last ?? 1, positionsPerChannel = 1
        var shape = [1] + inputShape
        func keepAlong(_ tensor: Parameter, first: [Int]?, last: [Int]?) {
            let dimensions = tensor.value.shape
            let firstKept = first ?? Array(0..<dimensions[0])
            let lastKept = last ?? Array(0..<dimensions[dimensions.count - 1])
            let middle = dimensions.count == 1 ? 1 : dimensions.dropFirst().dropLast().reduce(1, *)
            var positions: [Int] = []
            if dimensions.count == 1 {
                positions = lastKept
            } else {
                for row in firstKept {
                    for inner in 0..<middle {
                        for column in lastKept { positions.append((row * middle + inner) * dimensions.last! + column) }
                    }
                }
            }
            var newShape = dimensions
            newShape[0] = dimensions.count == 1 ? lastKept.count : firstKept.count
            if dimensions.count > 1 { newShape[newShape.count - 1] = lastKept.count }
            result[tensor.name] = (newShape, positions)
        }
        for layer in network.layers {
            switch layer {
            case let dense as Dense:
                let columns = kept.map { kept in (0..<positionsPerChannel).flatMap { position in kept.map { position * channels + $0 } } }
                let rows = tokenIndex(of: dense.weight).flatMap { selection[$0] }
                keepAlong(dense.weight, first: rows, last: columns)
                keepAlong(dense.bias, first: nil, last: rows)
                (kept, channels, positionsPerChannel) = (rows, dense.outputCount, 1)
            case let convolution as Conv2D:
                let filters = tokenIndex(of: convolution.weight).flatMap { selection[$0] }
                keepAlong(convolution.weight, first: filters, last: kept)
                keepAlong(convolution.bias, first: nil, last: filters)
                (kept, channels) = (filters, convolution.outputChannels)
            case let depthwise as DepthwiseConv2D:
                keepAlong(depthwise.weight, first: nil, last: kept)
                keepAlong(depthwise.bias, first: nil, last: kept)
            case let batchNorm as BatchNorm:
                for tensor in batchNorm.parameters + batchNorm.buffers { keepAlong(tensor, first: nil, last: kept) }
            case is Flatten:
                positionsPerChannel = shape.dropFirst().reduce(1, *) / channels
            default:
                break
            }
            shape = layer.outputShape(for: shape) ?? shape
        }
        return result
    }

    /// Zeroes, in place, what ``shrink(_:architecture:selection:)`` would remove from the
    /// trainable parameters (incoming weights, biases, batch-norm scale and shift of removed units,
    /// and the depthwise channels they feed). The removed units then output zero, so the network
    /// computes exactly what the shrunk one does.
    public static func zeroRemovedUnits(in network: Sequential, architecture: Architecture, selection: Selection) {
        let kept = keptElements(of: network, inputShape: architecture.inputShape, selection: selection)
        for parameter in network.parameters {
            guard let positions = kept[parameter.name]?.positions else { continue }
            var keeps = [Bool](repeating: false, count: parameter.value.count)
            for position in positions { keeps[position] = true }
            for index in keeps.indices where !keeps[index] { parameter.value.scalars[index] = 0 }
        }
    }

    /// The smaller architecture and network without the units that `selection` drops.
    public static func shrink(
        _ network: Sequential, architecture: Architecture, selection: Selection
    ) throws(PruningError) -> (architecture: Architecture, network: Sequential) {
        var replacements: [Int: Architecture.Token] = [:]
        for (index, units) in selection {
            switch architecture.tokens[index] {
            case .dense(_, let rank): replacements[index] = .dense(units: units.count, rank: rank)
            case .convolution(_, let size, let stride, let dilation, let same):
                replacements[index] = .convolution(filters: units.count, size: size, stride: stride, dilation: dilation, same: same)
            default: throw PruningError("layer \(index) has no units that can be removed")
            }
        }
        let smaller: Architecture
        let result: Sequential
        do {
            smaller = try architecture.replacing(replacements)
            result = try smaller.makeNetwork(seed: 0)
        } catch {
            throw PruningError(error.description)
        }
        let kept = keptElements(of: network, inputShape: architecture.inputShape, selection: selection)
        let old = Dictionary(uniqueKeysWithValues: (network.parameters + network.buffers).map { ($0.name, $0.value) })
        for target in result.parameters + result.buffers {
            guard let source = old[target.name] else { throw PruningError("\(target.name) is missing from the original network") }
            let value = kept[target.name].map { Tensor(shape: $0.shape, scalars: $0.positions.map { source.scalars[$0] }) } ?? source
            guard value.shape == target.value.shape else {
                throw PruningError("\(target.name): the pruned shape \(value.shape) differs from \(target.value.shape) in \(smaller)")
            }
            target.value = value
        }
        return (smaller, result)
    }
}
