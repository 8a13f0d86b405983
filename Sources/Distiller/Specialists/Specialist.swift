import Foundation

/// A specialist (Hinton, Vinyals and Dean 2015, section 5): the generalist's network with an output
/// layer for a confusable group of classes plus one "dustbin" class for all the others, started
/// from the generalist's weights and trained on an oversampled mix (half its classes, half the rest),
/// its dustbin logit then corrected for the oversampling.
public struct Specialist {
    /// The generalist's classes this specialist tells apart, sorted; its outputs are these, then the dustbin.
    public let classes: [Int]
    /// The network: the generalist's layers, the last with `classes.count + 1` outputs.
    public let network: Sequential
    /// Its architecture string.
    public let architecture: Architecture
    /// Added to the dustbin logit at inference: `log` of the dustbin's share of the full training
    /// set over its share of the specialist's training mix.
    public private(set) var dustbinLogitCorrection: Float = 0

    /// A specialist for `classes`, initialised from `generalist` (built from `architecture`): every
    /// layer copied; the last layer's rows for `classes` copied, the dustbin's row the mean of the
    /// other rows with `log(others)` added to its bias (the mass of the classes it stands for, when
    /// they are equally likely).
    public init(classes: [Int], generalist: Sequential, architecture: Architecture, seed: UInt64) throws {
        let classCount = architecture.outputCount
        precondition(classes.count >= 1 && classes.allSatisfy { (0..<classCount).contains($0) }, "specialist classes \(classes) outside 0..<\(classCount)")
        self.classes = classes.sorted()
        self.architecture = try architecture.replacingOutputCount(classes.count + 1)
        network = try self.architecture.makeNetwork(seed: seed)
        let source = generalist.parameters, target = network.parameters
        guard source.count == target.count else { throw SpecialistError.architectureMismatch }
        let others = (0..<classCount).filter { !self.classes.contains($0) }
        for (from, to) in zip(source, target) {
            if from.value.shape == to.value.shape && !(from === source[source.count - 2] || from === source[source.count - 1]) {
                to.value = from.value
                continue
            }
            // The output layer: weight [classes, inputs], bias [classes].
            let width = from.value.count / classCount
            var rows: [Float] = []
            for c in self.classes { rows += from.value.scalars[(c * width)..<((c + 1) * width)] }
            var dustbin = [Float](repeating: 0, count: width)
            for c in others { for k in 0..<width { dustbin[k] += from.value.scalars[c * width + k] / Float(others.count) } }
            if width == 1 { dustbin[0] += log(Float(max(1, others.count))) }
            guard to.value.count == rows.count + width else { throw SpecialistError.architectureMismatch }
            to.value = Tensor(shape: to.value.shape, scalars: rows + dustbin)
        }
        for (from, to) in zip(generalist.buffers, network.buffers) where from.value.shape == to.value.shape { to.value = from.value }
    }

    /// The training mix: every example of ``classes`` (relabelled `0..<classes.count`) and as many
    /// drawn at random from the other classes (relabelled as the dustbin, `classes.count`), shuffled;
    /// sets ``dustbinLogitCorrection`` for the mix.
    public mutating func trainingMix(from train: Dataset, seed: UInt64) -> Dataset {
        var generator = SeededRandomNumberGenerator(seed: seed)
        let mine = train.labels.indices.filter { classes.contains(train.labels[$0]) }
        var rest = train.labels.indices.filter { !classes.contains(train.labels[$0]) }
        rest.shuffle(using: &generator)
        let drawn = Array(rest.prefix(mine.count))
        var indices = mine + drawn
        indices.shuffle(using: &generator)
        var mix = train.subset(indices)
        mix.labels = indices.map { classes.firstIndex(of: train.labels[$0]) ?? classes.count }
        mix.classCount = classes.count + 1
        let trueShare = Double(rest.count) / Double(max(1, train.count))
        let mixShare = Double(drawn.count) / Double(max(1, indices.count))
        dustbinLogitCorrection = trueShare > 0 && mixShare > 0 ? Float(log(trueShare / mixShare)) : 0
        return mix
    }

    /// The specialist's distribution over ``classes`` and the dustbin for each input, with the
    /// dustbin correction applied (`[examples, classes.count + 1]`).
    public func probabilities(_ inputs: Tensor) -> Tensor {
        var logits = network.predict(inputs)
        let width = classes.count + 1
        for n in 0..<logits.batchSize { logits.scalars[n * width + classes.count] += dustbinLogitCorrection }
        return Softmax.probabilities(logits)
    }
}

/// Why specialists could not be made.
public enum SpecialistError: Error, CustomStringConvertible, Equatable {
    /// The generalist's layers do not match the architecture it was said to have.
    case architectureMismatch

    public var description: String {
        switch self {
        case .architectureMismatch: "the generalist's weights do not fit its architecture with another number of classes"
        }
    }
}
