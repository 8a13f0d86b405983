import EdgeModel
import EdgeRuntime

/// Instruction counts of random single-layer models (``LayerSamples``, realistic sizes) under QEMU:
/// the data ``KernelCostFit`` fits. Each layer is named by its kind and seed, so its shapes (and
/// its ``KernelCostTerms``) are regenerated from the seed rather than stored.
public struct KernelCostMeasurements: Equatable, Sendable {
    /// One layer's counts.
    public struct Layer: Equatable, Sendable {
        /// The firmware image it ran in.
        public var image: Int
        /// Its kind and the seed that made it.
        public var kind: OperatorKind, seed: UInt64
        /// What QEMU counted between its markers.
        public var mix: InstructionMix
    }
    /// One image's whole `invoke()`.
    public struct Invoke: Equatable, Sendable {
        /// The image and its operator count.
        public var image: Int, operators: Int
        /// What QEMU counted between the invoke markers.
        public var mix: InstructionMix
    }

    /// Every layer measured.
    public var layers: [Layer]
    /// Every image's `invoke()`.
    public var invokes: [Invoke]

    /// Measurements from their parts.
    public init(layers: [Layer], invokes: [Invoke]) {
        self.layers = layers
        self.invokes = invokes
    }

    static let header = "image,kind,seed,instructions,loads,stores,branches,multiplies"

    /// These measurements without their layers of `kinds`, plus `newer`'s (its images renumbered after
    /// these). The invoke rows of the images that held dropped layers go too: their totals include
    /// those layers, so they would skew the dispatch estimate.
    public func replacing(kinds: Set<OperatorKind>, with newer: KernelCostMeasurements) -> KernelCostMeasurements {
        let touched = Set(layers.filter { kinds.contains($0.kind) }.map(\.image))
        let offset = (layers.map(\.image) + invokes.map(\.image)).max().map { $0 + 1 } ?? 0
        return KernelCostMeasurements(
            layers: layers.filter { !kinds.contains($0.kind) } + newer.layers.map { layer in
                var moved = layer
                moved.image += offset
                return moved
            },
            invokes: invokes.filter { !touched.contains($0.image) } + newer.invokes.map { invoke in
                var moved = invoke
                moved.image += offset
                return moved
            })
    }

    /// The CSV form: one row per layer, one `invoke` row per image (its seed column is the operator count).
    public var csv: String {
        func row(_ image: Int, _ kind: String, _ seed: UInt64, _ mix: InstructionMix) -> String {
            "\(image),\(kind),\(seed),\(mix.instructions),\(mix.loads),\(mix.stores),\(mix.branches),\(mix.multiplies)"
        }
        let rows = layers.map { row($0.image, "\($0.kind.name)", $0.seed, $0.mix) }
            + invokes.map { row($0.image, "invoke", UInt64($0.operators), $0.mix) }
        return ([Self.header] + rows).joined(separator: "\n") + "\n"
    }

    /// Parses ``csv``; throws naming the first bad line.
    public init(csv: String, file: String) throws(FirmwareError) {
        let kinds = Dictionary(OperatorKind.allCases.map { ("\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
        var layers: [Layer] = [], invokes: [Invoke] = []
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first.map(String.init) == Self.header else {
            throw .badMeasurements(file: file, detail: "the first line must be '\(Self.header)'")
        }
        for (number, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let numbers = fields.dropFirst(3).compactMap { Int($0) }
            guard fields.count == 8, let image = Int(fields[0]), let seed = UInt64(fields[2]), numbers.count == 5, numbers.allSatisfy({ $0 >= 0 })
            else { throw .badMeasurements(file: file, detail: "line \(number + 1) is not eight non-negative numbers and a kind") }
            let mix = InstructionMix(instructions: numbers[0], loads: numbers[1], stores: numbers[2], branches: numbers[3], multiplies: numbers[4])
            if fields[1] == "invoke" {
                invokes.append(Invoke(image: image, operators: Int(seed), mix: mix))
            } else if let kind = kinds[String(fields[1])] {
                layers.append(Layer(image: image, kind: kind, seed: seed, mix: mix))
            } else {
                throw .badMeasurements(file: file, detail: "line \(number + 1) names an unknown operator '\(fields[1])'")
            }
        }
        self.init(layers: layers, invokes: invokes)
    }
}

/// Fits a ``KernelCostModel`` to measurements: per kind, non-negative least squares on relative
/// errors (each row divided by its count, so a small layer weighs as much as a large one), for
/// instructions, loads, stores and branches; per family the same over all its kinds' layers.
public enum KernelCostFit {
    /// The terms of a measured layer, from the sample its kind and seed regenerate.
    static func terms(_ layer: KernelCostMeasurements.Layer) -> KernelCostTerms? {
        guard let graph = LayerSamples.graph(of: layer.kind, size: .layers, seed: layer.seed) else { return nil }
        return KernelCostTerms(kind: layer.kind, operands: GraphOperands(graph: graph, operator: 0))
    }

    /// The model for `build` fitted to `measurements`; layers whose kind has no generator are skipped.
    public static func fit(_ measurements: KernelCostMeasurements, build: String, source: String) -> KernelCostModel {
        let rows = measurements.layers.compactMap { layer in terms(layer).map { (layer, $0) } }
        var kinds: [String: KernelCostModel.Coefficients] = [:]
        for kind in Set(rows.map(\.0.kind)) {
            let own = rows.filter { $0.0.kind == kind }
            kinds["\(kind.name)"] = coefficients(own.map { ($0.0.mix, $0.1) })
        }
        var families: [String: KernelCostModel.Coefficients] = [:]
        for family in KernelCostTerms.Family.allCases {
            let pooled = rows.filter { $0.1.family == family }
            if !pooled.isEmpty { families[family.rawValue] = coefficients(pooled.map { ($0.0.mix, $0.1) }) }
        }
        let operators = measurements.invokes.reduce(0) { $0 + $1.operators }
        let outside = measurements.invokes.reduce(0) { total, invoke in
            total + invoke.mix.instructions - measurements.layers.filter { $0.image == invoke.image }.reduce(0) { $0 + $1.mix.instructions }
        }
        return KernelCostModel(
            build: build, source: source, dispatchInstructions: operators > 0 ? max(0, Double(outside) / Double(operators)) : 0,
            kinds: kinds, families: families)
    }

    /// Coefficients over `rows` (counted mixes and their terms, all of one family), with five-fold
    /// cross-validated errors.
    public static func coefficients(_ rows: [(mix: InstructionMix, terms: KernelCostTerms)]) -> KernelCostModel.Coefficients {
        func solve(_ subset: [(mix: InstructionMix, terms: KernelCostTerms)], _ value: (InstructionMix) -> Int) -> [Double] {
            let weighted = subset.map { mix, terms in
                let weight = 1 / Double(max(1, value(mix)))
                return (terms.values.map { $0 * weight }, Double(value(mix)) * weight)
            }
            return NonNegativeLeastSquares.solve(rows: weighted.map(\.0), targets: weighted.map(\.1))
        }
        var errors: [Double] = []
        for fold in 0..<5 {
            let held = rows.enumerated().filter { $0.offset % 5 == fold }.map(\.element)
            let kept = rows.enumerated().filter { $0.offset % 5 != fold }.map(\.element)
            guard !held.isEmpty, !kept.isEmpty else { continue }
            let weights = solve(kept, \.instructions)
            for (mix, terms) in held {
                let predicted = zip(weights, terms.values).reduce(0) { $0 + $1.0 * $1.1 }
                errors.append(abs(predicted - Double(mix.instructions)) / Double(max(1, mix.instructions)))
            }
        }
        errors.sort()
        return KernelCostModel.Coefficients(
            family: rows[0].terms.family, samples: rows.count,
            instructions: solve(rows, \.instructions), loads: solve(rows, \.loads), stores: solve(rows, \.stores), branches: solve(rows, \.branches),
            medianError: errors.isEmpty ? 0 : errors[errors.count / 2], worstError: errors.last ?? 0)
    }
}
