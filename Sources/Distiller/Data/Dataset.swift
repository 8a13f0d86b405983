/// Labelled examples in memory: inputs with the batch first (images NHWC) and one class per example.
public struct Dataset: Sendable {
    /// Inputs, `[count, …]`.
    public var inputs: Tensor
    /// Class labels, `inputs.batchSize` of them; empty for an unlabelled transfer set.
    public var labels: [Int]
    /// Number of classes.
    public var classCount: Int
    /// How `--jitter` moves these examples: images in both directions, spectrograms in time only.
    public var jitterStyle: Jitter.Style = .image

    /// Creates a dataset; labels must be empty or one per example, each in `0..<classCount`.
    public init(inputs: Tensor, labels: [Int], classCount: Int) {
        precondition(labels.isEmpty || labels.count == inputs.batchSize, "\(labels.count) labels for \(inputs.batchSize) examples")
        precondition(labels.allSatisfy { $0 >= 0 && $0 < classCount }, "a label is outside 0..<\(classCount)")
        self.inputs = inputs
        self.labels = labels
        self.classCount = classCount
    }

    /// Number of examples.
    public var count: Int { inputs.batchSize }

    /// The shape of one example (`[28, 28, 1]` for MNIST).
    public var exampleShape: [Int] { Array(inputs.shape.dropFirst()) }

    /// The examples at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        let size = inputs.itemSize
        var scalars = [Float](repeating: 0, count: indices.count * size)
        inputs.scalars.withUnsafeBufferPointer { source in
            scalars.withUnsafeMutableBufferPointer { destination in
                for (position, index) in indices.enumerated() {
                    let from = source.baseAddress! + index * size
                    (destination.baseAddress! + position * size).update(from: from, count: size)
                }
            }
        }
        var shape = inputs.shape
        shape[0] = indices.count
        var subset = Dataset(inputs: Tensor(shape: shape, scalars: scalars), labels: labels.isEmpty ? [] : indices.map { labels[$0] }, classCount: classCount)
        subset.jitterStyle = jitterStyle
        return subset
    }

    /// Examples `range`, in order.
    public func slice(_ range: Range<Int>) -> Dataset { subset(Array(range)) }

    /// A stratified random split: of each class, `round(testFraction · count)` examples chosen with
    /// `seed` go to the test part; both parts keep the original order.
    public func stratifiedSplit(testFraction: Double, seed: UInt64) -> (train: Dataset, test: Dataset) {
        var generator = SeededRandomNumberGenerator(seed: seed)
        var test = Set<Int>()
        for c in 0..<classCount {
            var members = labels.indices.filter { labels[$0] == c }
            for position in stride(from: members.count - 1, to: 0, by: -1) {
                members.swapAt(position, Int(generator.next() % UInt64(position + 1)))
            }
            test.formUnion(members.prefix(Int((testFraction * Double(members.count)).rounded())))
        }
        return (subset((0..<count).filter { !test.contains($0) }), subset((0..<count).filter { test.contains($0) }))
    }

    /// Examples per class (all zero for an unlabelled set).
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[label] += 1 }
        return counts
    }

    /// A permutation of `0..<count` from `generator` (Fisher–Yates).
    public func shuffledIndices<G: RandomNumberGenerator>(using generator: inout G) -> [Int] {
        var indices = Array(0..<count)
        if count > 1 {
            for index in stride(from: count - 1, to: 0, by: -1) {
                let other = Int(generator.next() % UInt64(index + 1))
                indices.swapAt(index, other)
            }
        }
        return indices
    }
}
