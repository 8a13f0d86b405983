import Foundation
import Testing
@testable import Distiller

@Suite("Pruning: magnitude, masks during fine-tuning, structured shrinking, Optimal Brain Damage")
struct PruningTests {
    /// A network from `text` with random biases and batch-norm statistics, so no unit is trivially dead.
    func network(_ text: String, seed: UInt64) throws -> (Architecture, Sequential) {
        let architecture = try Architecture(text)
        let network = try architecture.makeNetwork(seed: seed)
        var generator = SeededRandomNumberGenerator(seed: seed &+ 100)
        for tensor in network.parameters + network.buffers where tensor.value.rank == 1 {
            let isVariance = tensor.name.hasSuffix("runningVariance")
            tensor.value = .uniform(shape: tensor.value.shape, in: isVariance ? 0.5...2 : -0.5...0.5, using: &generator)
        }
        return (architecture, network)
    }

    func inputs(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = SeededRandomNumberGenerator(seed: seed)
        return .uniform(shape: shape, in: 0...1, using: &generator)
    }

    @Test("magnitude pruning reaches the target sparsity exactly, globally and per layer, and removes the smallest weights",
          arguments: [PruningScope.global, .layer])
    func magnitudeSparsity(scope: PruningScope) throws {
        let (_, network) = try network("mlp:20-16-12-4", seed: 1)
        let weights = network.prunableWeights
        for sparsity in [0.0, 0.3, 0.75, 1.0] {
            let mask = UnstructuredPruning.mask(weights: weights, scores: UnstructuredPruning.magnitudes(of: weights), sparsity: sparsity, scope: scope)
            let copy = weights.map { Parameter(name: $0.name, value: $0.value) }
            mask.apply(to: copy)
            let total = weights.reduce(0) { $0 + $1.value.count }
            let zeros = copy.reduce(0) { $0 + $1.value.scalars.filter { $0 == 0 }.count }
            #expect(zeros == Int((sparsity * Double(total)).rounded()), "\(scope) \(sparsity)")
            if scope == .layer {
                for tensor in copy {
                    #expect(tensor.value.scalars.filter { $0 == 0 }.count == Int((sparsity * Double(tensor.value.count)).rounded()))
                }
            }
            var largestPruned: Float = 0, smallestKept = Float.infinity
            for (original, pruned) in zip(weights, copy) {
                for (value, kept) in zip(original.value.scalars, pruned.value.scalars) {
                    if kept == 0 { largestPruned = max(largestPruned, abs(value)) } else { smallestKept = min(smallestKept, abs(value)) }
                }
            }
            if scope == .global { #expect(largestPruned <= smallestKept) }
        }
    }

    @Test("masked weights stay zero through fine-tuning with momentum; the others move")
    func masksHoldDuringFineTuning() throws {
        let (_, network) = try network("mlp:20-16-4", seed: 2)
        let weights = network.prunableWeights
        let mask = UnstructuredPruning.mask(weights: weights, scores: UnstructuredPruning.magnitudes(of: weights), sparsity: 0.6, scope: .global)
        mask.apply(to: weights)
        let before = weights.map(\.value)
        var generator = SeededRandomNumberGenerator(seed: 3)
        let data = Dataset(inputs: .uniform(shape: [64, 20], in: 0...1, using: &generator), labels: (0..<64).map { $0 % 4 }, classCount: 4)
        var options = TrainingOptions()
        options.epochs = 3
        options.batchSize = 8
        options.schedule = .constant(0.1)
        let trainer = Trainer(network: network, architecture: "mlp:20-16-4", optimizer: StochasticGradientDescent(momentum: 0.9), options: options)
        trainer.progress = { _ in }
        trainer.afterOptimizerStep.append(mask.apply(to:))
        try trainer.fit(data, test: nil, objective: CrossEntropyObjective())
        for (weight, old) in zip(weights, before) {
            for (new, previous) in zip(weight.value.scalars, old.scalars) where previous == 0 { #expect(new == 0) }
        }
        #expect(network.sparsity >= mask.sparsity && abs(mask.sparsity - 0.6) < 0.01)
        #expect(zip(weights, before).contains { $0.value != $1 }, "the kept weights were trained")
    }

    @Test("structured pruning yields a smaller network whose outputs equal the masked original's",
          arguments: ["mlp:12-10-9-3", "mlp:12-10r4-9-3,dropout=0.2", "cnn:8x8x2-c6k3-dw3-c5k1-p2-f7-3,bn", "cnn:8x8x2-c6k3s2-dw3-gap-3"])
    func structuredShrinkMatchesMask(text: String) throws {
        let (architecture, network) = try network(text, seed: 4)
        let prunable = StructuredPruning.prunableLayers(of: network)
        let keep = prunable.mapValues { layer in max(1, layer.parameters[0].value.shape[0] / 2) }
        let selection = try StructuredPruning.selection(in: network, keeping: keep, norm: .l2)
        let (smaller, shrunk) = try StructuredPruning.shrink(network, architecture: architecture, selection: selection)
        StructuredPruning.zeroRemovedUnits(in: network, architecture: architecture, selection: selection)
        let input = inputs([5] + architecture.inputShape, seed: 5)
        let expected = network.forward(input, training: false), actual = shrunk.forward(input, training: false)
        #expect(zip(expected.scalars, actual.scalars).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($0)) }, "\(smaller)")
        #expect(shrunk.parameterCount < network.parameterCount)
        #expect(try smaller.makeNetwork(seed: 0).parameterCount == shrunk.parameterCount)
        #expect(smaller.description != architecture.description)
    }

    @Test("structured pruning rewrites only the widths in the architecture string")
    func structuredArchitecture() throws {
        let (architecture, network) = try network("cnn:8x8x1-c8k3s2-dw3-c16k1-gap-f12r3-10,bn,relu6", seed: 6)
        let selection = try StructuredPruning.selection(in: network, keeping: [0: 4, 2: 8, 4: 6], norm: .l1)
        let (smaller, _) = try StructuredPruning.shrink(network, architecture: architecture, selection: selection)
        #expect(smaller.description == "cnn:8x8x1-c4k3s2-dw3-c8k1-gap-f6r3-10,bn,relu6")
        #expect(throws: PruningError.self) { try StructuredPruning.selection(in: network, keeping: [5: 3], norm: .l1) }
        #expect(throws: PruningError.self) { try StructuredPruning.selection(in: network, keeping: [0: 9], norm: .l1) }
    }

    @Test("the OBD Hessian diagonal equals central second differences of the mean cross-entropy; saliency is ½·h·w²")
    func optimalBrainDamage() throws {
        let (_, network) = try network("mlp:5-4-3", seed: 7)
        let examples = inputs([6, 5], seed: 8)
        let labels = [0, 1, 2, 0, 1, 2]
        let hessian = try OptimalBrainDamage.hessianDiagonal(of: network, inputs: examples)
        let weights = network.prunableWeights
        let values = weights.map { $0.value.scalars.map(Double.init) }
        let biases = network.layers.compactMap { ($0 as? Dense)?.bias.value.scalars.map(Double.init) }
        /// The mean cross-entropy in double precision with weights `w`.
        func loss(_ w: [[Double]]) -> Double {
            var total = 0.0
            for item in 0..<6 {
                let x = (0..<5).map { Double(examples.scalars[item * 5 + $0]) }
                var hidden = [Double](repeating: 0, count: 4), logits = [Double](repeating: 0, count: 3)
                for j in 0..<4 {
                    var sum = biases[0][j]
                    for i in 0..<5 { sum += w[0][j * 5 + i] * x[i] }
                    hidden[j] = max(0, sum)
                }
                for k in 0..<3 {
                    var sum = biases[1][k]
                    for j in 0..<4 { sum += w[1][k * 4 + j] * hidden[j] }
                    logits[k] = sum
                }
                let largest = logits.max()!
                total -= logits[labels[item]] - largest - log(logits.reduce(0) { $0 + exp($1 - largest) })
            }
            return total / 6
        }
        let step = 1e-4
        for tensor in weights.indices {
            for element in values[tensor].indices {
                var plus = values, minus = values
                plus[tensor][element] += step
                minus[tensor][element] -= step
                let numeric = (loss(plus) - 2 * loss(values) + loss(minus)) / (step * step)
                #expect(abs(Double(hessian[tensor].scalars[element]) - numeric) <= 1e-3 * max(abs(numeric), 0.01), "\(weights[tensor].name)[\(element)]")
            }
        }
        let saliencies = OptimalBrainDamage.saliencies(of: weights, hessianDiagonal: hessian)
        #expect(saliencies[1][5] == 0.5 * hessian[1].scalars[5] * weights[1].value.scalars[5] * weights[1].value.scalars[5])
        #expect(throws: PruningError.self) { try OptimalBrainDamage.hessianDiagonal(of: try Architecture("cnn:4x4x1-c2k3-2,bn").makeNetwork(seed: 1), inputs: inputs([1, 4, 4, 1], seed: 1)) }
    }

    @Test("iterated pruning: step k reaches k/K of the target, one line per step, widths shrink step by step")
    func iterated() throws {
        var generator = SeededRandomNumberGenerator(seed: 9)
        let data = Dataset(inputs: .uniform(shape: [48, 20], in: 0...1, using: &generator), labels: (0..<48).map { $0 % 4 }, classCount: 4)
        var options = TrainingOptions()
        options.batchSize = 16
        options.schedule = .constant(0.05)
        for method in [PruningMethod.magnitude(sparsity: 0.6, scope: .global), .structured(keep: [0: 4], norm: .l2), .lowRank(layers: [0], choice: .rank(2))] {
            let (architecture, network) = try network("mlp:20-16-4", seed: 10)
            let total = network.prunableWeights.reduce(0) { $0 + $1.value.count }
            let run = IterativePruning(
                network: network, architecture: architecture, method: method, steps: 3, epochsPerStep: 1,
                trainingOptions: options, makeOptimizer: { StochasticGradientDescent(momentum: 0.9) })
            var lines: [String] = []
            run.progress = { lines.append($0) }
            let records = try run.run(train: data, test: data, objective: CrossEntropyObjective())
            #expect(lines.count == 4 && lines[3].hasPrefix("step 3/3  \(method.name)"), "\(lines)")
            #expect(run.history.map(\.epoch) == [1, 2, 3])
            switch method {
            case .magnitude:
                #expect(records.map(\.sparsity) == [0, 1, 2, 3].map { Double(Int((0.6 * Double($0) / 3 * Double(total)).rounded())) / Double(total) })
            case .structured:
                #expect(records.map(\.architecture) == ["mlp:20-16-4", "mlp:20-12-4", "mlp:20-8-4", "mlp:20-4-4"])
            default:
                #expect(records.map(\.architecture) == ["mlp:20-16-4", "mlp:20-16r11-4", "mlp:20-16r7-4", "mlp:20-16r2-4"])
            }
            #expect(run.checkpoint().architecture == records.last!.architecture)
        }
    }
}
