import Foundation

/// A random forest (Breiman 2001): trees grown on bootstrap samples of the training set, each split
/// among a random subset of the features; a prediction is the mean of the trees' leaf
/// distributions. Seeded: the same data, options and seed grow the same forest.
///
/// Its out-of-bag probabilities — for each training example, the mean over the trees that did not
/// see it — are an honest teacher's soft targets for the training set itself (``outOfBagProbabilities``).
public struct RandomForest: Sendable, Equatable {
    /// The trees.
    public private(set) var trees: [DecisionTree]
    /// Values per example.
    public let featureCount: Int
    /// Number of classes.
    public let classCount: Int
    /// For each training example, the mean class distribution of the trees it was out of bag for
    /// (`[count][classCount]`, row-major); the mean of all trees for an example every tree saw.
    public private(set) var outOfBagProbabilities: [Float]

    /// Grows `treeCount` trees on `data` (inputs flattened per example), the `t`-th from the stream
    /// `(seed, t)`, reporting each finished tree to `progress`.
    public init(
        data: Dataset, treeCount: Int, seed: UInt64, options: DecisionTree.Options = DecisionTree.Options(),
        progress: (Int) -> Void = { _ in }
    ) {
        precondition(treeCount >= 1 && data.count >= 1 && data.labels.count == data.count)
        let featureCount = data.inputs.itemSize, classCount = data.classCount
        self.featureCount = featureCount
        self.classCount = classCount
        let count = data.count
        var trees: [DecisionTree] = []
        var sums = [Float](repeating: 0, count: count * classCount)
        var votes = [Int](repeating: 0, count: count)
        for t in 0..<treeCount {
            var generator = SeededRandomNumberGenerator(seed: seed, stream: UInt64(t))
            var weights = [Int](repeating: 0, count: count)
            for _ in 0..<count { weights[Int(generator.next() % UInt64(count))] += 1 }
            let tree = DecisionTree(
                inputs: data.inputs.scalars, featureCount: featureCount, labels: data.labels, classCount: classCount, weights: weights,
                options: options, using: &generator)
            data.inputs.scalars.withUnsafeBufferPointer { scalars in
                for i in 0..<count where weights[i] == 0 {
                    let leaf = tree.predict(UnsafeBufferPointer(rebasing: scalars[(i * featureCount)..<((i + 1) * featureCount)]))
                    for (c, p) in leaf.enumerated() { sums[i * classCount + c] += p }
                    votes[i] += 1
                }
            }
            trees.append(tree)
            progress(t + 1)
        }
        self.trees = trees
        outOfBagProbabilities = sums
        for i in 0..<count {
            if votes[i] > 0 {
                for c in 0..<classCount { outOfBagProbabilities[i * classCount + c] /= Float(votes[i]) }
            } else {
                let all = predict(data.inputs.scalars[(i * featureCount)..<((i + 1) * featureCount)])
                for c in 0..<classCount { outOfBagProbabilities[i * classCount + c] = all[c] }
            }
        }
    }

    /// The mean class distribution of the trees for one example of `featureCount` values.
    public func predict(_ example: ArraySlice<Float>) -> [Float] {
        precondition(example.count == featureCount)
        var mean = [Float](repeating: 0, count: classCount)
        Array(example).withUnsafeBufferPointer { values in
            for tree in trees {
                for (c, p) in tree.predict(values).enumerated() { mean[c] += p }
            }
        }
        return mean.map { $0 / Float(trees.count) }
    }

    /// The class distributions of every example of `data`, `[count][classCount]` row-major.
    public func probabilities(_ data: Dataset) -> [Float] {
        precondition(data.inputs.itemSize == featureCount)
        return (0..<data.count).flatMap { i in predict(data.inputs.scalars[(i * featureCount)..<((i + 1) * featureCount)]) }
    }

    /// The most probable class of each row of `probabilities`.
    public static func classes(_ probabilities: [Float], classCount: Int) -> [Int] {
        stride(from: 0, to: probabilities.count, by: classCount).map { start in
            var best = 0
            for c in 1..<classCount where probabilities[start + c] > probabilities[start + best] { best = c }
            return best
        }
    }

    /// Soft targets a distiller reads as teacher logits: `log p` (floored at 1e-4, so a class no
    /// tree predicts keeps a finite logit), `[count, classCount]`.
    public static func logits(_ probabilities: [Float], classCount: Int) -> Tensor {
        Tensor(shape: [probabilities.count / classCount, classCount], scalars: probabilities.map { logf(max($0, 1e-4)) })
    }
}
