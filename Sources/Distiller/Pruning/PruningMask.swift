/// Which elements of some weight tensors are kept and which are pruned. Applied after every
/// optimizer step (``Trainer/afterOptimizerStep``), it keeps pruned weights at zero while the
/// rest of the network is fine-tuned.
public struct PruningMask: Sendable, Equatable {
    /// For each masked parameter (by name), one flag per element: `true` keeps the element.
    public var keeps: [String: [Bool]]

    /// Creates a mask from its flags.
    public init(keeps: [String: [Bool]]) {
        self.keeps = keeps
    }

    /// The fraction of masked elements that are pruned.
    public var sparsity: Double {
        let total = keeps.values.reduce(0) { $0 + $1.count }
        let pruned = keeps.values.reduce(0) { count, flags in count + flags.reduce(0) { $0 + ($1 ? 0 : 1) } }
        return total == 0 ? 0 : Double(pruned) / Double(total)
    }

    /// Sets the pruned elements of the named parameters to zero; other parameters are left alone.
    public func apply(to parameters: [Parameter]) {
        for parameter in parameters {
            guard let flags = keeps[parameter.name] else { continue }
            precondition(flags.count == parameter.value.count, "mask of \(parameter.name) has \(flags.count) flags for \(parameter.value.count) values")
            parameter.value.scalars.withUnsafeMutableBufferPointer { values in
                for index in values.indices where !flags[index] { values[index] = 0 }
            }
        }
    }
}
