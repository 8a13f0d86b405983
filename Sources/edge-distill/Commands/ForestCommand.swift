import Distiller
import EdgeModel
import Foundation

/// `edge-distill forest --data NAME`: a random-forest teacher, its out-of-bag and test accuracy, and
/// its out-of-bag soft targets for `distill --teacher-logits`.
enum ForestCommand {
    static let usage = """
        usage: edge-distill forest [--data \(TrainingFlags.datasetChoices)] [--data-dir DIR] [--trees 200] [--seed 1]
                                 [--features-per-split N] [--max-depth 40] [--save-logits FILE.npy] [--json]
          Grows a random forest (CART trees on bootstrap samples, Gini splits among N random features,
          default ⌈√features⌉) on the training split and prints its out-of-bag accuracy on the training
          split and its accuracy on the test split. Progress on stderr.
          --save-logits writes the out-of-bag class probabilities of every training example as log p
          (float32 .npy, training-split order): soft targets from trees that never saw the example,
          for distill --teacher-logits FILE.npy (a forest is a teacher an MLP cannot imitate on its own).
          --data NAME            \(TrainingFlags.datasetHelp)
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(
            arguments, options: ["--data", "--data-dir", "--trees", "--seed", "--features-per-split", "--max-depth", "--save-logits"],
            flags: ["--json"], usage: usage)
        guard parsed.positional.isEmpty else { throw UsageError("forest takes no positional argument, got '\(parsed.positional[0])'") }
        let name = parsed.value("--data") ?? "wall-following-robot"
        guard TrainingFlags.datasetNames.contains(name) else {
            throw UsageError("unknown dataset '\(name)' (known: \(TrainingFlags.datasetNames.joined(separator: ", ")))")
        }
        let trees = try parsed.integer("--trees", default: 200, in: 1...10_000)
        let seed = UInt64(try parsed.integer("--seed", default: 1, in: 0...Int.max))
        var options = DecisionTree.Options()
        options.maximumDepth = try parsed.integer("--max-depth", default: 40, in: 1...1000)
        var files = FilePaths()
        files.inputs(inFolder: DataDirectory(explicit: parsed.value("--data-dir")).dataset(TrainingFlags.folderName(name)), "dataset file")
        files.output(parsed.value("--save-logits"), "--save-logits")
        try files.check()
        let train = try TrainingFlags.loadSplit(name, train: true, dataDirectory: parsed.value("--data-dir"), limit: Int.max)
        let test = try TrainingFlags.loadSplit(name, train: false, dataDirectory: parsed.value("--data-dir"), limit: Int.max)
        let features = train.inputs.itemSize
        if parsed.value("--features-per-split") != nil {
            options.featuresPerSplit = try parsed.integer("--features-per-split", default: 1, in: 1...features)
        }
        guard train.count * features <= 50_000_000 else {
            throw UsageError("\(name) has \(train.count) training examples of \(features) values; a forest here takes at most 50 million values")
        }
        let start = Date()
        let forest = RandomForest(data: train, treeCount: trees, seed: seed, options: options) { done in
            guard done == trees || done % max(1, trees / 20) == 0 else { return }
            let elapsed = Date().timeIntervalSince(start)
            printError(String(format: "tree %d/%d  %.1f s  ETA %.0f s", done, trees, elapsed, elapsed / Double(done) * Double(trees - done)))
        }
        let outOfBag = RandomForest.classes(forest.outOfBagProbabilities, classCount: train.classCount)
        let predicted = RandomForest.classes(forest.probabilities(test), classCount: test.classCount)
        let outOfBagAccuracy = Double(zip(outOfBag, train.labels).filter { $0 == $1 }.count) / Double(train.count)
        let testErrors = zip(predicted, test.labels).filter { $0 != $1 }.count
        let testAccuracy = Double(test.count - testErrors) / Double(max(test.count, 1))
        if let output = parsed.value("--save-logits") {
            try TeacherLogitsFile.save(
                RandomForest.logits(forest.outOfBagProbabilities, classCount: train.classCount), to: URL(fileURLWithPath: output))
        }
        let nodes = forest.trees.reduce(0) { $0 + $1.nodeCount }
        if parsed.flag("--json") {
            let object: [String: Any] = [
                "data": name, "trees": trees, "seed": Int(seed), "featuresPerSplit": options.featuresTried(featureCount: features),
                "nodes": nodes, "trainExamples": train.count, "outOfBagAccuracy": outOfBagAccuracy,
                "testExamples": test.count, "testErrors": testErrors, "testAccuracy": testAccuracy,
            ]
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
            return
        }
        print("random forest on \(name): \(trees) trees (seed \(seed)), \(nodes) nodes")
        print(String(format: "out-of-bag accuracy (train, %d examples): %.2f%%", train.count, 100 * outOfBagAccuracy))
        print(String(format: "test accuracy (%d examples): %.2f%% (%d errors)", test.count, 100 * testAccuracy, testErrors))
        if let output = parsed.value("--save-logits") { print("out-of-bag soft targets (log p): \(output)") }
    }
}
