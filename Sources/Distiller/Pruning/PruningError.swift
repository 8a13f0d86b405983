/// Why pruning or factoring could not be done as asked; prints as one line.
public struct PruningError: Error, CustomStringConvertible, Equatable {
    /// The reason, one line.
    public let description: String

    /// Creates an error with its one-line reason.
    public init(_ description: String) {
        self.description = description
    }
}
