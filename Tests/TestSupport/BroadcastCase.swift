/// Random shape pairs broadcast under TFLite's rules; shared by the layout and operator tests.
public struct BroadcastCase: CustomStringConvertible, Sendable {
    /// The output shape.
    public var output: [Int]
    /// The first input's shape.
    public var first: [Int]
    /// The second input's shape.
    public var second: [Int]

    /// Creates a case.
    public init(output: [Int], first: [Int], second: [Int]) {
        self.output = output
        self.first = first
        self.second = second
    }

    public var description: String { "\(first) ⊕ \(second) → \(output)" }

    /// Output rank 0...`maximumRank`; along each axis of extent > 1 one input (or both) has the
    /// extent and the other may be 1; each input may drop leading axes that are 1; `broadcast: false`
    /// gives equal shapes.
    public static func random(_ random: inout SampleGraphs.Generator, maximumRank: Int = 6, broadcast: Bool = true) -> BroadcastCase {
        let rank = random.integer(in: 0...maximumRank)
        let output = (0..<rank).map { _ in random.integer(in: 1...4) }
        var first = output
        var second = output
        if broadcast {
            for axis in 0..<rank where output[axis] > 1 {
                switch random.integer(in: 0...2) {
                case 0: first[axis] = 1
                case 1: second[axis] = 1
                default: break
                }
            }
        }
        func trimmed(_ shape: [Int]) -> [Int] {
            let ones = shape.prefix { $0 == 1 }.count
            return Array(shape.dropFirst(random.integer(in: 0...ones)))
        }
        return BroadcastCase(output: output, first: broadcast ? trimmed(first) : first, second: broadcast ? trimmed(second) : second)
    }

    /// The element of `shape` (aligned at the innermost axis) that output element `flat` reads:
    /// the index computation of TFLite's `NdArrayDesc` / `SubscriptToIndex`, one axis at a time.
    public func naiveIndex(_ shape: [Int], outputElement flat: Int) -> Int {
        let aligned = [Int](repeating: 1, count: output.count - shape.count) + shape
        var remainder = flat
        var index = 0
        var step = 1
        for axis in (0..<output.count).reversed() {
            let coordinate = remainder % output[axis]
            remainder /= output[axis]
            if aligned[axis] != 1 { index += coordinate * step }
            step *= aligned[axis]
        }
        return index
    }

    /// Output elements.
    public var outputCount: Int { output.reduce(1, *) }
}
