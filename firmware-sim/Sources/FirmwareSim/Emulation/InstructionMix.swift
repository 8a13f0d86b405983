/// Executed instructions, and how many of them were loads, stores, branches and multiplies, as the
/// instruction-counting plugin classifies them from their Thumb-2 encodings.
public struct InstructionMix: Equatable, Sendable {
    /// All executed instructions.
    public var instructions: Int
    /// Loads (LDR*, LDM, POP, VLDR…).
    public var loads: Int
    /// Stores (STR*, STM, PUSH, VSTR…).
    public var stores: Int
    /// Branches (B, BL, BX, CBZ, POP/LDM into PC), taken or not.
    public var branches: Int
    /// Multiplies and multiply-accumulates (MUL, MLA, SMLAD, SMULL…).
    public var multiplies: Int

    /// A mix from explicit counts.
    public init(instructions: Int, loads: Int = 0, stores: Int = 0, branches: Int = 0, multiplies: Int = 0) {
        self.instructions = instructions
        self.loads = loads
        self.stores = stores
        self.branches = branches
        self.multiplies = multiplies
    }

    /// A mix from the plugin's five numbers (`instructions loads stores branches multiplies`), or nil.
    init?(fields: ArraySlice<Substring>) {
        let numbers = fields.compactMap { Int($0) }
        guard numbers.count == 5 else { return nil }
        self.init(instructions: numbers[0], loads: numbers[1], stores: numbers[2], branches: numbers[3], multiplies: numbers[4])
    }
}

/// Turns instruction mixes into core cycles: a stated approximation of each core's pipeline
/// (assumptions in docs/SIMULATOR.md), not a cycle-accurate model.
public struct CycleModel: Sendable {
    /// The core the model describes.
    public let target: FirmwareTarget

    /// The model for `target`.
    public init(target: FirmwareTarget) { self.target = target }

    /// Estimated cycles for `mix`.
    /// - Cortex-M4 (single issue, 3-stage pipeline, zero-wait-state memory): one cycle per
    ///   instruction, one more per load, two more per branch (pipeline refill, every branch counted as taken);
    ///   stores and single-cycle multiply-accumulates add nothing.
    /// - Cortex-M7 (dual issue, 6-stage pipeline, branch prediction, TCM): two instructions per cycle
    ///   but at most one load or store per cycle, plus half a cycle per branch for mispredictions.
    /// - Cortex-A35 (in order, dual issue of few pairs): one instruction per cycle, plus half a cycle
    ///   per branch.
    /// - Cortex-A53 (in order, dual issue): as the Cortex-M7 — two instructions per cycle, one load or
    ///   store per cycle, half a cycle per branch.
    /// - Cortex-A72 (out of order, 3-wide, two load/store pipes): three instructions per cycle, two
    ///   loads or stores per cycle, a quarter cycle per branch.
    /// - Cortex-A76 (out of order, 4-wide, two load/store pipes): four instructions per cycle, two
    ///   loads or stores per cycle, a quarter cycle per branch.
    /// - Cortex-A710 (out of order, 5-wide, three address units): five instructions per cycle, three
    ///   loads or stores per cycle, a quarter cycle per branch.
    /// All of them assume the data in L1 (the firmware's arenas are small); none knows about
    /// dependency chains or SIMD width. ``uncertainty`` says how far off that may be.
    public func cycles(_ mix: InstructionMix) -> Double {
        let memory = Double(mix.loads + mix.stores)
        return switch target {
        case .cortexM4:
            Double(mix.instructions + mix.loads + 2 * mix.branches)
        case .cortexM7, .cortexA53:
            max(Double(mix.instructions) / 2, memory) + Double(mix.branches) / 2
        case .cortexA35:
            Double(mix.instructions) + Double(mix.branches) / 2
        case .cortexA72:
            max(Double(mix.instructions) / 3, memory / 2) + Double(mix.branches) / 4
        case .cortexA76:
            max(Double(mix.instructions) / 4, memory / 2) + Double(mix.branches) / 4
        case .cortexA710:
            max(Double(mix.instructions) / 5, memory / 3) + Double(mix.branches) / 4
        }
    }

    /// The factors the true cycle count may lie between, relative to ``cycles(_:)`` (docs/SIMULATOR.md,
    /// "Cycles from instructions"): on the Cortex-M4 the spread of TFLM + CMSIS-NN's published
    /// cycles per instruction on the four MLPerf Tiny models around this model's own; elsewhere stated
    /// assumptions, wider for the cores whose memory system and issue width the model simplifies most.
    public var uncertainty: ClosedRange<Double> {
        switch target {
        case .cortexM4: 0.9...1.3
        case .cortexM7: 0.75...1.5
        case .cortexA35, .cortexA53: 0.7...1.5
        case .cortexA72, .cortexA76, .cortexA710: 0.6...1.8
        }
    }
}

