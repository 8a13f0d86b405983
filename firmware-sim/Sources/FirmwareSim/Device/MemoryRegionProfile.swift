import EdgeModel

/// One memory of a device the runtime's arenas may live in: its name, size and what a byte moved
/// there costs beyond the fastest memory. A profile lists them in the order a model file numbers
/// its regions (region 0 first); the first also holds the stack, the runtime's state, the kernels'
/// workspace and the application's input and output copies.
public struct MemoryRegionProfile: Codable, Equatable, Sendable {
    /// Name, for example `DTCM` or `PSRAM`.
    public var name: String
    /// Bytes of the memory the application may give the runtime.
    public var bytes: SourcedNumber
    /// Extra processor cycles per byte a kernel moves there (wait states and bus width folded in).
    public var cyclesPerByte: SourcedNumber

    /// Creates a region.
    public init(name: String, bytes: SourcedNumber, cyclesPerByte: SourcedNumber) {
        self.name = name
        self.bytes = bytes
        self.cyclesPerByte = cyclesPerByte
    }

    /// The planner's view of it, with `reservedBytes` taken by what is not the arena.
    public func memoryRegion(reservedBytes: Int = 0) -> MemoryRegion {
        MemoryRegion(name: name, byteCount: max(Int(bytes.value.rounded()) - reservedBytes, 0), cyclesPerByte: cyclesPerByte.value)
    }
}
