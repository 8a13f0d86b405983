import Distiller
import Foundation
import Testing

/// The random-forest teacher: trees that fit what they saw, a forest that generalises on an
/// axis-aligned problem an MLP finds hard, honest out-of-bag soft targets, and the robot's splits.
@Suite struct RandomForestTests {
    /// `count` examples of `features` uniform values; class = (x0 > 0.5) XOR (x1 > 0.5), plus a third
    /// class where x2 > 0.8; the other features are noise.
    static func checkerboard(count: Int, features: Int = 6, seed: UInt64) -> Dataset {
        var generator = SeededRandomNumberGenerator(seed: seed)
        var inputs: [Float] = []
        var labels: [Int] = []
        for _ in 0..<count {
            let row = (0..<features).map { _ in generator.nextUnitFloat() }
            inputs += row
            labels.append(row[2] > 0.8 ? 2 : ((row[0] > 0.5) != (row[1] > 0.5) ? 1 : 0))
        }
        return Dataset(inputs: Tensor(shape: [count, features], scalars: inputs), labels: labels, classCount: 3)
    }

    func accuracy(_ probabilities: [Float], _ data: Dataset) -> Double {
        let predicted = RandomForest.classes(probabilities, classCount: data.classCount)
        return Double(zip(predicted, data.labels).filter { $0 == $1 }.count) / Double(data.count)
    }

    @Test func aFullTreeFitsItsTrainingSet() {
        let data = Self.checkerboard(count: 300, seed: 3)
        var generator = SeededRandomNumberGenerator(seed: 1)
        let tree = DecisionTree(
            inputs: data.inputs.scalars, featureCount: 6, labels: data.labels, classCount: 3, weights: Array(repeating: 1, count: 300),
            options: DecisionTree.Options(featuresPerSplit: 6), using: &generator)
        let predicted = data.inputs.scalars.withUnsafeBufferPointer { scalars in
            (0..<300).map { i in
                let leaf = tree.predict(UnsafeBufferPointer(rebasing: scalars[(i * 6)..<((i + 1) * 6)]))
                return leaf.indices.max { leaf[$0] < leaf[$1] }! - leaf.startIndex
            }
        }
        #expect(predicted == data.labels)
        // Leaves hold distributions; inner nodes split on a real feature.
        for node in 0..<tree.nodeCount where tree.features[node] < 0 {
            let leaf = tree.probabilities[(node * 3)..<(node * 3 + 3)]
            #expect(abs(leaf.reduce(0, +) - 1) < 1e-5)
        }
        #expect(tree.features.allSatisfy { $0 < 6 })
    }

    @Test func aForestGeneralisesAndItsOutOfBagTargetsAreHonest() {
        let train = Self.checkerboard(count: 1200, seed: 5)
        let test = Self.checkerboard(count: 600, seed: 6)
        let forest = RandomForest(data: train, treeCount: 40, seed: 7)
        #expect(accuracy(forest.probabilities(test), test) >= 0.95)
        // Out-of-bag accuracy estimates the test accuracy; in-bag predictions would be near 100 %.
        let outOfBag = accuracy(forest.outOfBagProbabilities, train)
        let inBag = accuracy(forest.probabilities(train), train)
        #expect(outOfBag >= 0.93 && outOfBag < inBag)
        #expect(inBag >= 0.99)
        for i in 0..<train.count {
            #expect(abs(forest.outOfBagProbabilities[(i * 3)..<(i * 3 + 3)].reduce(0, +) - 1) < 1e-4)
        }
        // Seeded: the same seed grows the same forest, another seed another.
        #expect(RandomForest(data: train, treeCount: 5, seed: 7) == RandomForest(data: train, treeCount: 5, seed: 7))
        #expect(RandomForest(data: train, treeCount: 5, seed: 7) != RandomForest(data: train, treeCount: 5, seed: 8))
        // Soft targets as teacher logits: log p, finite where no tree predicts a class.
        let logits = RandomForest.logits(forest.outOfBagProbabilities, classCount: 3)
        #expect(logits.shape == [train.count, 3] && logits.scalars.allSatisfy(\.isFinite))
        #expect(RandomForest.classes(logits.scalars, classCount: 3) == RandomForest.classes(forest.outOfBagProbabilities, classCount: 3))
    }

    @Test func theStratifiedSplitKeepsEachClassShare() {
        let data = Self.checkerboard(count: 1000, seed: 9)
        let (train, test) = data.stratifiedSplit(testFraction: 0.2, seed: 1)
        #expect(train.count + test.count == data.count)
        for c in 0..<3 {
            #expect(test.classCounts[c] == Int((0.2 * Double(data.classCounts[c])).rounded()))
        }
        let again = data.stratifiedSplit(testFraction: 0.2, seed: 1)
        #expect(again.test.inputs.scalars == test.inputs.scalars && again.train.labels == train.labels)
        #expect(data.stratifiedSplit(testFraction: 0.2, seed: 2).test.inputs.scalars != test.inputs.scalars)
        // Disjoint: every example is in exactly one part (rows are distinct here).
        let rows = Set((0..<data.count).map { Array(data.inputs.scalars[($0 * 6)..<($0 * 6 + 6)]) })
        let parts = Set((0..<train.count).map { Array(train.inputs.scalars[($0 * 6)..<($0 * 6 + 6)]) })
            .union((0..<test.count).map { Array(test.inputs.scalars[($0 * 6)..<($0 * 6 + 6)]) })
        #expect(rows == parts)
    }
}
