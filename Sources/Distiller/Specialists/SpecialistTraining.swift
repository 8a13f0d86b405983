import Foundation

/// How specialists are found and trained.
public struct SpecialistRecipe: Sendable {
    /// Groups of confusable classes to find (each gets a specialist).
    public var clusters = 3
    /// The most classes one specialist covers.
    public var maximumSize = 3
    /// Temperature of the generalist's soft targets the groups are found from.
    public var temperature: Float = 2
    /// Epochs of each specialist on its mix.
    public var epochs = 10
    /// Minibatch size.
    public var batchSize = 64
    /// Adam's learning rate (constant: the specialist starts from trained weights).
    public var learningRate: Float = 0.001
    /// Random shifts of image inputs, in pixels.
    public var jitter = 0
    /// Seed of the mixes and the training order.
    public var seed: UInt64 = 1

    /// The default recipe.
    public init() {}
}

extension SpecialistEnsemble {
    /// Finds the groups from `generalist`'s soft targets on `train` (inputs shaped for `architecture`)
    /// and trains one specialist per group, each starting from the generalist's weights.
    public static func train(
        generalist: Sequential, architecture: Architecture, on train: Dataset, recipe: SpecialistRecipe,
        progress: @escaping (String) -> Void = { _ in }
    ) throws -> (clusters: ClassClusters, ensemble: SpecialistEnsemble) {
        let softTargets = Softmax.probabilities(generalist.predict(train.inputs), temperature: recipe.temperature)
        let clusters = ClassClusters(probabilities: softTargets, count: recipe.clusters, maximumSize: recipe.maximumSize)
        var specialists: [Specialist] = []
        for (index, classes) in clusters.groups.enumerated() {
            let seed = recipe.seed &+ UInt64(index)
            var specialist = try Specialist(classes: classes, generalist: generalist, architecture: architecture, seed: seed)
            let mix = specialist.trainingMix(from: train, seed: seed)
            progress("specialist \(index + 1) of \(clusters.groups.count): classes \(classes.map(String.init).joined(separator: ", ")) + dustbin, \(mix.count) examples")
            var options = TrainingOptions()
            options.epochs = recipe.epochs
            options.batchSize = recipe.batchSize
            options.schedule = .constant(recipe.learningRate)
            options.seed = seed
            options.jitter = recipe.jitter
            let trainer = Trainer(network: specialist.network, architecture: specialist.architecture.description, optimizer: Adam(), options: options)
            trainer.progress = progress
            _ = try trainer.fit(mix, test: nil, objective: CrossEntropyObjective())
            specialists.append(specialist)
        }
        return (clusters, SpecialistEnsemble(generalist: generalist, specialists: specialists))
    }
}

/// The generalist alone against the generalist with its specialists, on labelled examples.
public struct SpecialistEvaluation: Sendable, Codable, Equatable {
    /// One specialist's group of classes and the errors on the examples of those classes.
    public struct Group: Sendable, Codable, Equatable {
        /// The classes.
        public var classes: [Int]
        /// Test examples of those classes.
        public var examples: Int
        /// Errors on them, generalist alone.
        public var generalistErrors: Int
        /// Errors on them, with the specialists.
        public var combinedErrors: Int
    }

    /// Examples evaluated.
    public var examples: Int
    /// Errors of the generalist alone.
    public var generalistErrors: Int
    /// Errors with the specialists.
    public var combinedErrors: Int
    /// Examples for which at least one specialist was active.
    public var examplesWithSpecialists: Int
    /// Among those: errors of the generalist alone and with the specialists.
    public var generalistErrorsWhereActive: Int, combinedErrorsWhereActive: Int
    /// One entry per specialist.
    public var groups: [Group]

    /// Runs `ensemble` on `inputs` (shaped for the networks) labelled `labels`.
    public init(_ ensemble: SpecialistEnsemble, inputs: Tensor, labels: [Int]) {
        let alone = ensemble.generalist.predict(inputs).argmaxPerItem()
        let (probabilities, active) = ensemble.predict(inputs)
        let combined = probabilities.argmaxPerItem()
        examples = labels.count
        generalistErrors = zip(alone, labels).filter { $0 != $1 }.count
        combinedErrors = zip(combined, labels).filter { $0 != $1 }.count
        let activeExamples = labels.indices.filter { active[$0] > 0 }
        examplesWithSpecialists = activeExamples.count
        generalistErrorsWhereActive = activeExamples.filter { alone[$0] != labels[$0] }.count
        combinedErrorsWhereActive = activeExamples.filter { combined[$0] != labels[$0] }.count
        groups = ensemble.specialists.map { specialist in
            let mine = labels.indices.filter { specialist.classes.contains(labels[$0]) }
            return Group(
                classes: specialist.classes, examples: mine.count, generalistErrors: mine.filter { alone[$0] != labels[$0] }.count,
                combinedErrors: mine.filter { combined[$0] != labels[$0] }.count)
        }
    }

    /// A Markdown table.
    public var markdown: String {
        var lines = ["| test examples | count | errors, generalist alone | errors, with specialists |", "|---|---:|---:|---:|"]
        for group in groups {
            lines.append("| classes \(group.classes.map(String.init).joined(separator: ", ")) | \(group.examples) | \(group.generalistErrors) | \(group.combinedErrors) |")
        }
        lines.append("| where a specialist was active | \(examplesWithSpecialists) | \(generalistErrorsWhereActive) | \(combinedErrorsWhereActive) |")
        lines.append("| all | \(examples) | \(generalistErrors) | \(combinedErrors) |")
        return lines.joined(separator: "\n")
    }
}
