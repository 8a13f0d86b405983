/// What a runtime occupies outside the model and its arena: code in flash, state and call stack in RAM.
public struct RuntimeFootprint: Codable, Equatable, Sendable {
    /// Flash (or storage) bytes of the runtime code and kernels linked for a model.
    public var runtimeCodeBytes: SourcedNumber
    /// RAM bytes of runtime state outside the arena.
    public var runtimeStateBytes: SourcedNumber
    /// RAM bytes of call stack the runtime needs.
    public var stackBytes: SourcedNumber

    /// A footprint from its parts.
    public init(runtimeCodeBytes: SourcedNumber, runtimeStateBytes: SourcedNumber, stackBytes: SourcedNumber) {
        self.runtimeCodeBytes = runtimeCodeBytes
        self.runtimeStateBytes = runtimeStateBytes
        self.stackBytes = stackBytes
    }

    /// The sourced numbers by field name, for validation and listings.
    public var numbers: [(field: String, number: SourcedNumber)] {
        [("runtimeCodeBytes", runtimeCodeBytes), ("runtimeStateBytes", runtimeStateBytes), ("stackBytes", stackBytes)]
    }
}

extension SoftwareStack {
    /// The stack's code, state and stack sizes.
    public var footprint: RuntimeFootprint {
        RuntimeFootprint(runtimeCodeBytes: runtimeCodeBytes, runtimeStateBytes: runtimeStateBytes, stackBytes: stackBytes)
    }
}
