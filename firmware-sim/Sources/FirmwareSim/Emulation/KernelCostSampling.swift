import EdgeModel
import EdgeRuntime

/// Measures EdgeDistill's kernels on one firmware build: random realistic single-layer models
/// (``LayerSamples``) side by side in as few images as the board's memory allows, each run under
/// QEMU (bit-exact with the host, as every emulated run is) with every operator's instructions
/// counted. The result is what ``KernelCostFit`` fits.
public struct KernelCostSampling: Sendable {
    /// The core and the kernels measured.
    public var target: FirmwareTarget, kernels: KernelVariant
    /// Layers per operator kind.
    public var layersPerKind: [OperatorKind: Int]
    /// The first seed; kind `k`'s layers use seeds `firstSeed …` in order.
    public var firstSeed: UInt64

    /// The default mix: the weighted kinds, which dominate every converter-produced model's time,
    /// sampled most, then the binary element-wise kinds (four ways of meeting their operands).
    public static func defaultLayers(scale: Int = 1) -> [OperatorKind: Int] {
        var counts: [OperatorKind: Int] = [:]
        for kind in LayerSamples.sampledKinds {
            counts[kind] = switch kind {
            case .conv2D: 60 * scale
            case .depthwiseConv2D, .fullyConnected: 40 * scale
            case .batchMatMul, .transposeConv2D, .add, .sub, .mul, .squaredDifference, .maximum, .minimum: 20 * scale
            default: 12 * scale
            }
        }
        return counts
    }

    /// A sampling plan.
    public init(target: FirmwareTarget, kernels: KernelVariant, layersPerKind: [OperatorKind: Int], firstSeed: UInt64 = 1) {
        self.target = target
        self.kernels = kernels
        self.layersPerKind = layersPerKind
        self.firstSeed = firstSeed
    }

    /// Bytes of arena and of constants one image may hold (the MPS2 boards have 4 MiB of each).
    var imageBudget: Int { target.architecture == .armv7em ? 1_400_000 : 12_000_000 }

    /// The images' layers: (kind, seed, graph), grouped so no image exceeds ``imageBudget`` in
    /// activations or in constants, kinds interleaved so every image mixes them.
    func plan() -> [[(kind: OperatorKind, seed: UInt64, graph: Graph)]] {
        var queue: [(kind: OperatorKind, seed: UInt64, graph: Graph)] = []
        let kinds = LayerSamples.sampledKinds.filter { (layersPerKind[$0] ?? 0) > 0 }
        let most = kinds.map { layersPerKind[$0] ?? 0 }.max() ?? 0
        for round in 0..<most {
            for kind in kinds where round < layersPerKind[kind] ?? 0 {
                let seed = firstSeed + UInt64(round)
                if let graph = LayerSamples.graph(of: kind, size: .layers, seed: seed) { queue.append((kind, seed, graph)) }
            }
        }
        var images: [[(kind: OperatorKind, seed: UInt64, graph: Graph)]] = [[]]
        var activations = 0, constants = 0
        for item in queue {
            let live = item.graph.tensors.filter { !$0.isConstant }.reduce(0) { $0 + $1.byteCount }
            let fixed = item.graph.tensors.filter(\.isConstant).reduce(0) { $0 + $1.byteCount }
            if !images[images.count - 1].isEmpty && (activations + live > imageBudget || constants + fixed > imageBudget || images[images.count - 1].count >= 64) {
                images.append([])
                activations = 0
                constants = 0
            }
            images[images.count - 1].append(item)
            activations += live
            constants += fixed
        }
        return images.filter { !$0.isEmpty }
    }

    /// Builds and runs every image; `progress` gets (images done, images in all) after each.
    public func measure(sources: FirmwareSources, progress: (Int, Int) -> Void = { _, _ in }) throws -> KernelCostMeasurements {
        let images = plan()
        var layers: [KernelCostMeasurements.Layer] = [], invokes: [KernelCostMeasurements.Invoke] = []
        for (number, image) in images.enumerated() {
            let graph = LayerSamples.union(image.map(\.graph), name: "kernel-costs-\(number)")
            let loaded = try LoadedModel(bytes: ModelWriter().write(graph))
            var random = LayerSamples.Generator(seed: UInt64(number) &+ 0x5EED)
            let rowBytes = (0..<loaded.model.inputCount).reduce(0) { $0 + loaded.model.tensor(loaded.model.inputTensorIndex($1)).byteCount }
            let inference = try EmulatedInference(
                model: loaded, inputs: random.bytes(rowBytes), target: target, sources: sources, kernels: kernels)
            for (item, mix) in zip(image, inference.perOperator) {
                layers.append(.init(image: number, kind: item.kind, seed: item.seed, mix: mix))
            }
            invokes.append(.init(image: number, operators: image.count, mix: inference.inference))
            progress(number + 1, images.count)
        }
        return KernelCostMeasurements(layers: layers, invokes: invokes)
    }
}
