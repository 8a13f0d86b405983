import EdgeRuntime

/// The buffers a model's plan places, read back from a validated `.edm`: every group of arena
/// tensors that share bytes (a tensor and the RESHAPE outputs on it) and every scratch buffer, with
/// its lifetime, where the file puts it, and how many bytes each operator moves through it.
///
/// The bytes moved are an estimate from shapes (docs/SIMULATOR.md, "Memory regions") of what the
/// packed Cortex-M kernels touch: a matrix operator gathers each output row's window from its
/// activation input into scratch as 16-bit pairs once, then reads the pairs once per tile of four
/// output channels (`MACs / 2` bytes); a depthwise convolution reads one input byte per
/// multiply-accumulate; a pooling or reduction reads every value of every window; other operators
/// read each input once; every output is written once; a RESHAPE moves nothing.
public struct ArenaBuffers: Sendable {
    /// What a buffer holds.
    public enum Content: Codable, Equatable, Sendable {
        /// Arena tensors sharing bytes: the first is the one written first, the others RESHAPE views.
        case tensors([Int])
        /// The scratch buffer of an operator.
        case scratch(operator: Int)
    }

    /// Bytes one operator moves through a buffer.
    public struct Access: Codable, Equatable, Sendable {
        /// The operator.
        public var `operator`: Int
        /// Bytes it reads or writes there.
        public var bytes: Int
    }

    /// One buffer to place.
    public struct Buffer: Codable, Equatable, Sendable {
        /// What it holds.
        public var content: Content
        /// Bytes it occupies.
        public var byteCount: Int
        /// First operator at which it is alive.
        public var firstOperator: Int
        /// Last operator at which it is alive (inclusive).
        public var lastOperator: Int
        /// The region the file puts it in.
        public var region: Int
        /// Its offset in that region's arena.
        public var offset: Int
        /// Bytes each operator reads or writes in it, operators ascending.
        public var accesses: [Access]

        /// Bytes moved through it over one inference.
        public var trafficBytes: Int { accesses.reduce(0) { $0 + $1.bytes } }
    }

    /// The buffers: tensor groups in tensor order, then scratch buffers in operator order.
    public var buffers: [Buffer]

    /// Reads the buffers of `model`.
    public init(model: Model) {
        let count = model.tensorCount
        var root = Array(0..<count)
        for index in 0..<model.operatorCount {
            let op = model.operatorRecord(index)
            guard op.kind == .reshape, model.tensor(op.input(0)).storage == .arena else { continue }
            root[op.output(0)] = root[op.input(0)]
        }
        var traffic = [[Int: Int]](repeating: [:], count: count)
        var scratchTraffic = [Int](repeating: 0, count: model.operatorCount)
        for index in 0..<model.operatorCount {
            Self.addAccesses(of: index, in: model, tensors: &traffic, scratch: &scratchTraffic[index])
        }
        var groups: [Int: [Int]] = [:]
        var order: [Int] = []
        for t in 0..<count where model.tensor(t).storage == .arena {
            let lifetime = model.lifetime(of: t)
            guard lifetime.first <= lifetime.last else { continue }
            if groups[root[t]] == nil { order.append(root[t]) }
            groups[root[t], default: []].append(t)
        }
        var buffers: [Buffer] = []
        for groupRoot in order {
            let members = groups[groupRoot]!
            var first = Int.max
            var last = Int.min
            var accesses: [Int: Int] = [:]
            for t in members {
                let lifetime = model.lifetime(of: t)
                first = min(first, lifetime.first)
                last = max(last, lifetime.last)
                accesses.merge(traffic[t], uniquingKeysWith: +)
            }
            let record = model.tensor(members[0])
            buffers.append(
                Buffer(
                    content: .tensors(members), byteCount: members.map { model.tensor($0).byteCount }.max()!,
                    firstOperator: first, lastOperator: last, region: record.region, offset: record.dataOffset,
                    accesses: accesses.sorted { $0.key < $1.key }.map { Access(operator: $0.key, bytes: $0.value) }))
        }
        for index in 0..<model.operatorCount {
            let op = model.operatorRecord(index)
            guard op.scratchBytes > 0 else { continue }
            buffers.append(
                Buffer(
                    content: .scratch(operator: index), byteCount: op.scratchBytes, firstOperator: index, lastOperator: index,
                    region: op.scratchRegion, offset: op.scratchOffset, accesses: [Access(operator: index, bytes: scratchTraffic[index])]))
        }
        self.buffers = buffers
    }

    /// Adds operator `index`'s estimated bytes moved to its arena tensors and its scratch buffer.
    static func addAccesses(of index: Int, in model: Model, tensors: inout [[Int: Int]], scratch: inout Int) {
        let op = model.operatorRecord(index)
        let work = model.work(ofOperator: index)
        guard !work.aliasesInput else { return }
        var arenaInputs: [Int] = []
        for position in 0..<op.inputCount where op.input(position) >= 0 && model.tensor(op.input(position)).storage == .arena {
            arenaInputs.append(op.input(position))
        }
        var outputElements = 0
        for position in 0..<op.outputCount {
            let t = op.output(position)
            tensors[t][index, default: 0] += model.tensor(t).byteCount
            outputElements += model.tensor(t).elementCount
        }
        let inputBytes = arenaInputs.reduce(0) { $0 + model.tensor($1).byteCount }
        func spread(_ bytes: Int) {
            guard inputBytes > 0 else { return }
            for t in arenaInputs { tensors[t][index, default: 0] += bytes * model.tensor(t).byteCount / inputBytes }
        }
        switch work.costClass {
        case .convolution, .dense:
            let depth = outputElements > 0 ? work.multiplyAccumulates / outputElements : 0
            let innermost = op.outputCount > 0 ? max(model.tensor(op.output(0)).innermostDimension, 1) : 1
            let gathered = outputElements / innermost * depth
            spread(gathered)
            if op.scratchBytes > 0 {
                scratch += 2 * gathered + work.multiplyAccumulates / 2
            } else {
                spread(work.multiplyAccumulates / 2)
            }
        case .depthwiseConvolution:
            spread(work.multiplyAccumulates)
        case .pooling:
            spread(max(work.elementwiseOperations, inputBytes))
        case .elementwise, .softmax, .dataMovement:
            for t in arenaInputs { tensors[t][index, default: 0] += model.tensor(t).byteCount }
        }
    }
}
