/// Plans the arena ahead of time: an offset for every activation tensor and scratch buffer, such
/// that no two buffers alive at the same time share bytes, and the arena is as small as possible.
///
/// Buffers are placed one by one at the lowest offset that fits between buffers already placed
/// whose lifetimes intersect (first fit). The order of placement decides the result, so the planner
/// tries several orders (largest first, as TFLM's greedy planner does; earliest first; longest
/// lived first; ...) and then improves the best by swapping pairs in the order, stopping early
/// when the arena reaches the liveness lower bound (the largest sum of sizes alive at one operator).
public struct ArenaPlanner: Sendable {
    /// A buffer to place: its size and the operators between which it must keep its bytes.
    public struct Buffer: Equatable, Sendable {
        /// Size in bytes.
        public var byteCount: Int
        /// First operator at which it is alive.
        public var firstOperator: Int
        /// Last operator at which it is alive (inclusive).
        public var lastOperator: Int

        /// Creates a buffer.
        public init(byteCount: Int, firstOperator: Int, lastOperator: Int) {
            self.byteCount = byteCount
            self.firstOperator = firstOperator
            self.lastOperator = lastOperator
        }

        /// Whether both are alive at some operator.
        public func isAlive(togetherWith other: Buffer) -> Bool {
            firstOperator <= other.lastOperator && other.firstOperator <= lastOperator
        }
    }

    /// The result: an offset per buffer and the arena size.
    public struct Plan: Equatable, Sendable {
        /// Offset of each buffer, in the order the buffers were given.
        public var offsets: [Int]
        /// Bytes the arena needs.
        public var arenaBytes: Int
        /// The liveness lower bound no plan can beat.
        public var lowerBound: Int
    }

    /// Alignment of every offset.
    public var alignment: Int
    /// How many pairwise swaps the improvement phase may try.
    public var improvementBudget: Int

    /// Creates a planner.
    public init(alignment: Int = 16, improvementBudget: Int = 4000) {
        self.alignment = alignment
        self.improvementBudget = improvementBudget
    }

    /// The largest total size of buffers alive at one operator.
    public func lowerBound(_ buffers: [Buffer]) -> Int {
        let last = buffers.map(\.lastOperator).max() ?? 0
        var best = 0
        for op in 0...max(last, 0) {
            var total = 0
            for buffer in buffers where buffer.firstOperator <= op && op <= buffer.lastOperator {
                total += aligned(buffer.byteCount)
            }
            best = max(best, total)
        }
        return best
    }

    /// Plans offsets for `buffers`.
    public func plan(_ buffers: [Buffer]) -> Plan {
        let bound = lowerBound(buffers)
        guard !buffers.isEmpty else { return Plan(offsets: [], arenaBytes: 0, lowerBound: 0) }
        let indices = Array(buffers.indices)
        let size = { (i: Int) in buffers[i].byteCount }
        let lifetime = { (i: Int) in buffers[i].lastOperator - buffers[i].firstOperator }
        let orders: [[Int]] = [
            indices.sorted { (size($0), -buffers[$0].firstOperator) > (size($1), -buffers[$1].firstOperator) },
            indices.sorted { (buffers[$0].firstOperator, -size($0)) < (buffers[$1].firstOperator, -size($1)) },
            indices.sorted { (lifetime($0), size($0)) > (lifetime($1), size($1)) },
            indices.sorted { (size($0) * (lifetime($0) + 1), size($0)) > (size($1) * (lifetime($1) + 1), size($1)) },
            indices.sorted { (buffers[$0].lastOperator, size($0)) > (buffers[$1].lastOperator, size($1)) },
        ]
        var bestOrder = orders[0]
        var best = place(buffers, order: bestOrder)
        for order in orders.dropFirst() where best.arenaBytes > bound {
            let candidate = place(buffers, order: order)
            if candidate.arenaBytes < best.arenaBytes {
                best = candidate
                bestOrder = order
            }
        }
        // Improve by moving one buffer earlier in the order while that helps.
        var budget = improvementBudget
        var improved = true
        while improved && budget > 0 && best.arenaBytes > bound {
            improved = false
            search: for from in 1..<bestOrder.count {
                for to in 0..<from {
                    budget -= 1
                    if budget <= 0 { break search }
                    var order = bestOrder
                    let moved = order.remove(at: from)
                    order.insert(moved, at: to)
                    let candidate = place(buffers, order: order)
                    if candidate.arenaBytes < best.arenaBytes {
                        best = candidate
                        bestOrder = order
                        improved = true
                        break search
                    }
                }
            }
        }
        return Plan(offsets: best.offsets, arenaBytes: best.arenaBytes, lowerBound: bound)
    }

    func aligned(_ value: Int) -> Int { (value + alignment - 1) / alignment * alignment }

    /// First-fit placement in the given order.
    func place(_ buffers: [Buffer], order: [Int]) -> (offsets: [Int], arenaBytes: Int) {
        var offsets = [Int](repeating: -1, count: buffers.count)
        var placed: [Int] = []
        var arenaBytes = 0
        for index in order {
            let buffer = buffers[index]
            let needed = aligned(buffer.byteCount)
            let conflicts = placed.filter { buffers[$0].isAlive(togetherWith: buffer) }
                .map { (start: offsets[$0], end: offsets[$0] + aligned(buffers[$0].byteCount)) }
                .sorted { $0.start < $1.start }
            var candidate = 0
            for conflict in conflicts {
                if candidate + needed <= conflict.start { break }
                candidate = max(candidate, conflict.end)
            }
            offsets[index] = candidate
            placed.append(index)
            arenaBytes = max(arenaBytes, candidate + buffer.byteCount)
        }
        return (offsets, aligned(arenaBytes))
    }
}
