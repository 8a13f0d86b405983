/// A number in a device profile together with where it comes from: a datasheet, a published
/// measurement, a fit (docs/SIMULATOR.md) or a stated estimate.
public struct SourcedNumber: Codable, Equatable, Sendable {
    /// The number.
    public var value: Double
    /// Where the number comes from.
    public var source: String

    /// Creates a sourced number.
    public init(_ value: Double, source: String) {
        self.value = value
        self.source = source
    }
}
