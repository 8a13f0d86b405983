import Distiller
import EdgeModel
import Foundation

/// `edge-distill specialists GENERALIST.ckpt [options]`: Hinton et al.'s specialists for the classes a
/// generalist confuses, and the test errors with and without them.
enum SpecialistsCommand {
    static let usage = """
        usage: edge-distill specialists GENERALIST.ckpt [--data \(TrainingFlags.datasetChoices)] [--data-dir DIR]
                                      [--clusters 3] [--max-size 3] [--temperature 2] [--epochs 10] [--learning-rate 0.001]
                                      [--batch-size 64] [--jitter 0] [--seed 1] [--top 1] [--json]
          Groups the classes the generalist confuses (its soft targets at --temperature on the training
          split: classes it often predicts together), then trains one specialist per group: the
          generalist's network, started from its weights, with outputs for the group's classes and a
          dustbin for all the others, on every training example of the group and as many of the rest
          (the dustbin's logit corrected for that mix). At test time the specialists whose classes
          include one of the generalist's --top most probable are active, and the prediction is the
          distribution closest to the generalist's and theirs (the sum of KL divergences, Hinton,
          Vinyals and Dean 2015, section 5). Prints the test errors on each group's classes, where a
          specialist was active and overall, generalist alone and with the specialists (--json).
          Each specialist trains with Adam at a constant --learning-rate; without enough epochs its
          dustbin (started as the mean of the other classes' output rows) stays too small and the
          specialists pull predictions into their groups.
          --data NAME            \(TrainingFlags.datasetHelp)
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(
            arguments,
            options: ["--data", "--data-dir", "--clusters", "--max-size", "--temperature", "--epochs", "--learning-rate", "--batch-size",
                      "--jitter", "--seed", "--top"],
            flags: ["--json"], usage: usage)
        let path = try parsed.onlyPositional("generalist checkpoint")
        let datasetName = parsed.value("--data") ?? "mnist"
        guard TrainingFlags.datasetNames.contains(datasetName) else {
            throw UsageError("unknown dataset '\(datasetName)' (known: \(TrainingFlags.datasetNames.joined(separator: ", ")))")
        }
        var recipe = SpecialistRecipe()
        recipe.clusters = try parsed.integer("--clusters", default: recipe.clusters, in: 1...1000)
        recipe.maximumSize = try parsed.integer("--max-size", default: recipe.maximumSize, in: 2...1000)
        recipe.temperature = Float(try parsed.number("--temperature", default: Double(recipe.temperature), in: 0.01...1000))
        recipe.epochs = try parsed.integer("--epochs", default: recipe.epochs, in: 1...10_000)
        recipe.learningRate = Float(try parsed.number("--learning-rate", default: Double(recipe.learningRate), in: 1e-9...10))
        recipe.batchSize = try parsed.integer("--batch-size", default: recipe.batchSize, in: 1...65_536)
        recipe.jitter = try parsed.integer("--jitter", default: 0, in: 0...16)
        recipe.seed = UInt64(try parsed.integer("--seed", default: 1, in: 0...Int.max))
        let top = try parsed.integer("--top", default: 1, in: 1...1000)
        var files = FilePaths()
        files.input(path, "generalist checkpoint")
        files.inputs(inFolder: DataDirectory(explicit: parsed.value("--data-dir")).dataset(TrainingFlags.folderName(datasetName)), "dataset file")
        try files.check()

        var train = try TrainingFlags.loadSplit(datasetName, train: true, dataDirectory: parsed.value("--data-dir"), limit: Int.max)
        var test = try TrainingFlags.loadSplit(datasetName, train: false, dataDirectory: parsed.value("--data-dir"), limit: Int.max)
        let checkpoint = try Checkpoint.load(from: URL(fileURLWithPath: path))
        let (generalist, architecture) = try DistillCommand.network(
            from: checkpoint, path: path, expectedInputs: train.inputs.itemSize, classes: train.classCount)
        guard recipe.maximumSize < train.classCount else {
            throw UsageError("--max-size \(recipe.maximumSize) leaves no class for the dustbin of \(train.classCount) classes")
        }
        train.inputs = architecture.adapt(train.inputs) ?? train.inputs
        test.inputs = architecture.adapt(test.inputs) ?? test.inputs
        printError("generalist \(checkpoint.architecture): finding \(recipe.clusters) groups of up to \(recipe.maximumSize) classes in its soft targets at T = \(recipe.temperature)")
        let (clusters, trained) = try SpecialistEnsemble.train(generalist: generalist, architecture: architecture, on: train, recipe: recipe, progress: printError)
        var ensemble = trained
        ensemble.topClasses = top
        let evaluation = SpecialistEvaluation(ensemble, inputs: test.inputs, labels: test.labels)
        if parsed.flag("--json") {
            struct Report: Encodable { let generalist: String, data: String, groups: [[Int]], evaluation: SpecialistEvaluation }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(Report(generalist: checkpoint.architecture, data: datasetName, groups: clusters.groups, evaluation: evaluation)), as: UTF8.self))
            return
        }
        print("specialists for \(checkpoint.architecture) on \(datasetName): groups \(clusters.groups.map { "{" + $0.map(String.init).joined(separator: ", ") + "}" }.joined(separator: " "))")
        print(evaluation.markdown)
    }
}
