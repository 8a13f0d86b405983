import EdgeModel
import EdgeRuntime
import Foundation

/// What EdgeDistill's own kernels cost on one firmware build (a core and a kernel family), fitted
/// to instruction counts of single-layer models under QEMU (``KernelCostFit``): per operator kind,
/// instructions, loads, stores and branches as non-negative weighted sums of ``KernelCostTerms``.
/// `simulate` predicts with it what `simulate --emulate` would count, in milliseconds instead of
/// minutes. Kinds without samples of their own use their family's pooled fit.
public struct KernelCostModel: Codable, Equatable, Sendable {
    /// The fitted coefficients of one operator kind (or one family, pooled).
    public struct Coefficients: Codable, Equatable, Sendable {
        /// The term family the coefficients weigh.
        public var family: KernelCostTerms.Family
        /// Samples fitted.
        public var samples: Int
        /// One coefficient per term for each counted quantity.
        public var instructions: [Double], loads: [Double], stores: [Double], branches: [Double]
        /// Median and largest relative instruction error over five-fold cross-validation.
        public var medianError: Double, worstError: Double

        /// The predicted mix for `terms` (which must be of ``family``).
        public func mix(_ terms: KernelCostTerms) -> InstructionMix {
            // Saturating: a hostile shape cannot make the count overflow an Int.
            func dot(_ weights: [Double]) -> Int {
                Int(min(max(0, zip(weights, terms.values).reduce(0) { $0 + $1.0 * $1.1 }), 1e18).rounded())
            }
            return InstructionMix(instructions: dot(instructions), loads: dot(loads), stores: dot(stores), branches: dot(branches))
        }
    }

    /// The firmware build: `cortex-m4-portable`, `cortex-a53-neon`, `cortex-a76-neon-dot`, …
    public var build: String
    /// How the numbers were made (command, samples, date).
    public var source: String
    /// Instructions of `invoke()` outside the operators, per operator (dispatch and markers).
    public var dispatchInstructions: Double
    /// Coefficients per operator name (`CONV_2D`, …).
    public var kinds: [String: Coefficients]
    /// Pooled coefficients per family, for kinds without samples.
    public var families: [String: Coefficients]
    /// One hop of the speech front-end (family ``KernelCostTerms/Family/frontEnd``), when measured
    /// (`edge-distill kernel-costs --front-end`).
    public var frontEnd: Coefficients?

    /// A model from its parts.
    public init(
        build: String, source: String, dispatchInstructions: Double, kinds: [String: Coefficients], families: [String: Coefficients],
        frontEnd: Coefficients? = nil
    ) {
        self.build = build
        self.source = source
        self.dispatchInstructions = dispatchInstructions
        self.kinds = kinds
        self.families = families
        self.frontEnd = frontEnd
    }

    /// The first field that is not a usable coefficient (one per term of its family, finite, ≥ 0,
    /// below 10¹²), or nil.
    var problem: (field: String, reason: String)? {
        guard dispatchInstructions.isFinite, (0..<1e9).contains(dispatchInstructions) else {
            return ("dispatchInstructions", "must be a finite number in 0..<1e9, got \(dispatchInstructions)")
        }
        if let frontEnd, frontEnd.family != .frontEnd { return ("frontEnd.family", "must be frontEnd, got \(frontEnd.family.rawValue)") }
        for (group, table) in [("kinds", kinds), ("families", families), ("", frontEnd.map { ["frontEnd": $0] } ?? [:])] {
            for (name, coefficients) in table.sorted(by: { $0.key < $1.key }) {
                let width = coefficients.family.termNames.count
                for (quantity, weights) in [("instructions", coefficients.instructions), ("loads", coefficients.loads),
                                            ("stores", coefficients.stores), ("branches", coefficients.branches)] {
                    guard weights.count == width else {
                        return ("\(group.isEmpty ? "" : group + ".")\(name).\(quantity)", "needs \(width) coefficients (family \(coefficients.family.rawValue)), has \(weights.count)")
                    }
                    guard weights.allSatisfy({ $0.isFinite && $0 >= 0 && $0 < 1e12 }) else {
                        return ("\(group.isEmpty ? "" : group + ".")\(name).\(quantity)", "coefficients must be finite, ≥ 0 and below 1e12")
                    }
                }
            }
        }
        return nil
    }

    /// The name of the build of `target` with `kernels`.
    public static func buildName(target: FirmwareTarget, kernels: KernelVariant) -> String { "\(target.rawValue)-\(kernels.flag)" }

    /// The coefficients for `layer`: its kind's own, else its family's pooled ones; nil when neither was fitted.
    public func coefficients(for layer: LayerWorkload) -> Coefficients? {
        guard let terms = layer.kernelTerms else { return nil }
        if let own = kinds[layer.operatorName], own.family == terms.family { return own }
        return families[terms.family.rawValue]
    }

    /// The predicted mix of one front-end hop of `shape` with `melWeights` filter weights; nil
    /// when the front-end was not measured for this build.
    public func predictFrontEnd(_ shape: AudioFrontEndShape, melWeights: Int) -> InstructionMix? {
        frontEnd?.mix(KernelCostTerms(frontEnd: shape, melWeights: melWeights))
    }

    /// The predicted mix of one layer, dispatch included; nil for a layer without shape terms or
    /// whose family was never fitted.
    public func predict(_ layer: LayerWorkload) -> InstructionMix? {
        guard let terms = layer.kernelTerms, var mix = coefficients(for: layer)?.mix(terms) else { return nil }
        mix.instructions += Int(dispatchInstructions.rounded())
        return mix
    }
}

/// The fitted kernel-cost models shipped with the device profiles (`<devices>/kernel-costs/*.json`).
public struct KernelCostCatalog: Sendable {
    /// Models by build name.
    public var models: [String: KernelCostModel]

    /// Loads every `*.json` in `directory`; a missing directory gives an empty catalog.
    public init(directory: URL) throws(DeviceProfileError) {
        models = [:]
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        for file in files.sorted(by: { $0.path < $1.path }) where file.pathExtension == "json" {
            let model: KernelCostModel
            do {
                model = try JSONDecoder().decode(KernelCostModel.self, from: Data(contentsOf: file))
            } catch {
                throw .malformed(file: file.path, field: "(kernel-cost model)", reason: "\(error)")
            }
            if let problem = model.problem {
                throw .invalidValue(file: file.path, field: problem.field, reason: problem.reason)
            }
            models[model.build] = model
        }
    }

    /// A catalog of explicit models.
    public init(models: [KernelCostModel]) {
        self.models = Dictionary(models.map { ($0.build, $0) }, uniquingKeysWith: { $1 })
    }

    /// The model for `target` with `kernels`: that build's own, else one of another core of the same
    /// architecture with the same kernels (the instruction stream is the same code), or nil.
    public func model(target: FirmwareTarget, kernels: KernelVariant) -> KernelCostModel? {
        if let exact = models[KernelCostModel.buildName(target: target, kernels: kernels)] { return exact }
        return FirmwareTarget.allCases.lazy
            .filter { $0.architecture == target.architecture && $0.kernelFamilies.contains(kernels) }
            .compactMap { self.models[KernelCostModel.buildName(target: $0, kernels: kernels)] }.first
    }
}
