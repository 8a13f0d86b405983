/// A classification tree (CART): each node splits on one feature at a threshold chosen to minimise
/// the children's weighted Gini impurity, among a random subset of the features; each leaf keeps the
/// class distribution of the training examples that reach it.
public struct DecisionTree: Sendable, Equatable {
    /// How a tree grows.
    public struct Options: Sendable, Equatable {
        /// Features tried at each split (the forest's `mtry`); nil tries `⌈√features⌉`.
        public var featuresPerSplit: Int?
        /// Deepest level a node may have (the root is level 0).
        public var maximumDepth: Int
        /// Fewest examples (bootstrap copies counted) a node needs to be split.
        public var minimumSplitCount: Int

        /// Features tried at each split for examples of `featureCount` values.
        public func featuresTried(featureCount: Int) -> Int {
            min(featureCount, max(1, featuresPerSplit ?? Int(Double(featureCount).squareRoot().rounded(.up))))
        }

        /// Creates options: `⌈√features⌉` per split, depth up to 40, nodes of two examples or more split.
        public init(featuresPerSplit: Int? = nil, maximumDepth: Int = 40, minimumSplitCount: Int = 2) {
            self.featuresPerSplit = featuresPerSplit
            self.maximumDepth = maximumDepth
            self.minimumSplitCount = minimumSplitCount
        }
    }

    /// Split feature of each node (-1 for a leaf).
    public private(set) var features: [Int32] = []
    /// Threshold of each node: an example goes left when its feature is `<=` it.
    public private(set) var thresholds: [Float] = []
    /// Left child of each node.
    public private(set) var leftChildren: [Int32] = []
    /// Right child of each node.
    public private(set) var rightChildren: [Int32] = []
    /// Each leaf's class probabilities, `classCount` per node (zero rows for inner nodes).
    public private(set) var probabilities: [Float] = []
    /// Number of classes.
    public let classCount: Int

    /// Grows a tree on `inputs` (`[count][featureCount]`, row-major) with `weights[i]` copies of
    /// example `i` (a bootstrap sample; 0 leaves it out), drawing the features tried at each split
    /// from `generator`.
    public init<G: RandomNumberGenerator>(
        inputs: [Float], featureCount: Int, labels: [Int], classCount: Int, weights: [Int], options: Options = Options(),
        using generator: inout G
    ) {
        precondition(featureCount > 0 && inputs.count == labels.count * featureCount && weights.count == labels.count)
        self.classCount = classCount
        let tried = options.featuresTried(featureCount: featureCount)
        var builder = Builder(
            inputs: inputs, featureCount: featureCount, labels: labels, classCount: classCount, weights: weights, tried: tried, options: options)
        let members = labels.indices.filter { weights[$0] > 0 }
        builder.grow(members, depth: 0, using: &generator)
        features = builder.features
        thresholds = builder.thresholds
        leftChildren = builder.left
        rightChildren = builder.right
        probabilities = builder.probabilities
    }

    /// Number of nodes.
    public var nodeCount: Int { features.count }

    /// The class probabilities of the leaf `example` (`featureCount` values) reaches.
    public func predict(_ example: UnsafeBufferPointer<Float>) -> ArraySlice<Float> {
        var node = 0
        while features[node] >= 0 {
            node = Int(example[Int(features[node])] <= thresholds[node] ? leftChildren[node] : rightChildren[node])
        }
        return probabilities[(node * classCount)..<((node + 1) * classCount)]
    }

    /// The state of a growing tree.
    struct Builder {
        let inputs: [Float], featureCount: Int, labels: [Int], classCount: Int, weights: [Int], tried: Int, options: Options
        var features: [Int32] = [], thresholds: [Float] = [], left: [Int32] = [], right: [Int32] = [], probabilities: [Float] = []

        /// Adds the node for `members` (and its subtree); returns its index.
        @discardableResult
        mutating func grow<G: RandomNumberGenerator>(_ members: [Int], depth: Int, using generator: inout G) -> Int {
            var counts = [Int](repeating: 0, count: classCount)
            for i in members { counts[labels[i]] += weights[i] }
            let total = counts.reduce(0, +)
            let node = features.count
            features.append(-1)
            thresholds.append(0)
            left.append(-1)
            right.append(-1)
            probabilities += counts.map { Float($0) / Float(max(total, 1)) }
            let pure = counts.filter { $0 > 0 }.count <= 1
            guard !pure, depth < options.maximumDepth, total >= options.minimumSplitCount,
                let split = bestSplit(members, counts: counts, total: total, using: &generator)
            else { return node }
            let goesLeft = members.filter { inputs[$0 * featureCount + split.feature] <= split.threshold }
            let goesRight = members.filter { inputs[$0 * featureCount + split.feature] > split.threshold }
            features[node] = Int32(split.feature)
            thresholds[node] = split.threshold
            for index in (node * classCount)..<((node + 1) * classCount) { probabilities[index] = 0 }
            let leftNode = grow(goesLeft, depth: depth + 1, using: &generator)
            let rightNode = grow(goesRight, depth: depth + 1, using: &generator)
            left[node] = Int32(leftNode)
            right[node] = Int32(rightNode)
            return node
        }

        /// The feature and threshold (a midpoint between two distinct values) with the lowest
        /// weighted Gini impurity among `tried` random features; nil when none separates the members.
        func bestSplit<G: RandomNumberGenerator>(
            _ members: [Int], counts: [Int], total: Int, using generator: inout G
        ) -> (feature: Int, threshold: Float)? {
            var candidates = Array(0..<featureCount)
            for position in 0..<tried {
                let other = position + Int(generator.next() % UInt64(featureCount - position))
                candidates.swapAt(position, other)
            }
            var best: (score: Double, feature: Int, threshold: Float)?
            var sorted = members
            for feature in candidates.prefix(tried) {
                sorted.sort { inputs[$0 * featureCount + feature] < inputs[$1 * featureCount + feature] }
                var leftCounts = [Int](repeating: 0, count: classCount)
                var leftTotal = 0
                for position in 0..<(sorted.count - 1) {
                    let i = sorted[position]
                    leftCounts[labels[i]] += weights[i]
                    leftTotal += weights[i]
                    let value = inputs[i * featureCount + feature]
                    let next = inputs[sorted[position + 1] * featureCount + feature]
                    guard value < next else { continue }
                    let rightTotal = total - leftTotal
                    var leftSquares = 0.0, rightSquares = 0.0
                    for c in 0..<classCount {
                        leftSquares += Double(leftCounts[c] * leftCounts[c])
                        let r = counts[c] - leftCounts[c]
                        rightSquares += Double(r * r)
                    }
                    // Weighted Gini = total − Σ left²/leftTotal − Σ right²/rightTotal (over `total`); minimise.
                    let score = -(leftSquares / Double(leftTotal) + rightSquares / Double(rightTotal))
                    if best == nil || score < best!.score {
                        // The midpoint, unless rounding puts it on `next` (adjacent floats).
                        let middle = value + (next - value) / 2
                        best = (score, feature, middle < next ? middle : value)
                    }
                }
            }
            return best.map { ($0.feature, $0.threshold) }
        }
    }
}
