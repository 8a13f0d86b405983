// Validation of everything in a model file before the first invoke.

extension Model {
    func validateTensors() throws(ModelError) {
        for index in 0..<tensorCount {
            let t = tensor(index)
            guard let type = ElementType(rawValue: UInt8(t.elementTypeCode)) else {
                throw .unknownElementType(tensor: index, code: t.elementTypeCode)
            }
            guard let storage = TensorStorage(rawValue: UInt8(t.storageCode)) else {
                throw .unknownStorage(tensor: index, code: t.storageCode)
            }
            guard t.rank <= ModelFormat.maximumRank else { throw .invalidShape(tensor: index) }
            var elements = 1
            for axis in 0..<t.rank {
                let dimension = t.dimension(axis)
                guard dimension >= 1 else { throw .invalidShape(tensor: index) }
                let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
                guard !overflow, product <= Int(Int32.max) else { throw .elementCountOverflow(tensor: index) }
                elements = product
            }
            for axis in t.rank..<ModelFormat.maximumRank where t.dimension(axis) != 0 {
                throw .invalidShape(tensor: index)
            }
            let (expected, bytesOverflow) = elements.multipliedReportingOverflow(by: type.byteWidth)
            guard !bytesOverflow, expected <= Int(Int32.max) else { throw .elementCountOverflow(tensor: index) }
            guard t.byteCount == expected else {
                throw .byteCountMismatch(tensor: index, declared: t.byteCount, expected: expected)
            }
            switch storage {
            case .constant:
                guard t.region == 0, t.dataOffset % ModelFormat.alignment == 0, t.dataOffset <= constantsBytes,
                    t.byteCount <= constantsBytes - t.dataOffset
                else { throw .constantOutOfBounds(tensor: index) }
            case .arena:
                let regionBytes = arenaBytes(region: t.region)
                guard t.region < ModelFormat.maximumRegions, t.dataOffset <= regionBytes, t.byteCount <= regionBytes - t.dataOffset else {
                    throw .arenaTensorOutOfBounds(tensor: index)
                }
            }
            guard t.quantizationIndex <= quantizationCount, t.quantizationCount <= quantizationCount - t.quantizationIndex,
                t.nameOffset <= namesBytes, t.nameLength <= namesBytes - t.nameOffset
            else { throw .tensorMetadataOutOfBounds(tensor: index) }
            if t.quantizationCount > 1 {
                guard t.quantizationAxis < t.rank, t.dimension(t.quantizationAxis) == t.quantizationCount else {
                    throw .tensorMetadataOutOfBounds(tensor: index)
                }
            }
        }
    }

    func validateOperators() throws(ModelError) {
        for index in 0..<operatorCount {
            let op = operatorRecord(index)
            guard OperatorKind(rawValue: UInt16(op.kindCode)) != nil else {
                throw .unknownOperator(operator: index, code: op.kindCode)
            }
            let listEnd = op.tensorListIndex + op.inputCount + op.outputCount
            guard op.tensorListIndex <= operatorTensorsCount, listEnd <= operatorTensorsCount,
                op.parameterIndex <= parametersCount, op.parameterCount <= parametersCount - op.parameterIndex
            else { throw .operatorOutOfBounds(operator: index) }
            let regionBytes = arenaBytes(region: op.scratchRegion)
            let scratchInRegion = op.scratchRegion < ModelFormat.maximumRegions && op.scratchOffset <= regionBytes
                && op.scratchBytes <= regionBytes - op.scratchOffset
            guard op.scratchBytes == 0 ? op.scratchRegion == 0 : scratchInRegion else {
                throw .scratchOutOfBounds(operator: index)
            }
            for position in 0..<(op.inputCount + op.outputCount) {
                let tensorIndex = operatorTensorEntry(op.tensorListIndex + position)
                let optional = position < op.inputCount && tensorIndex == -1
                guard optional || (tensorIndex >= 0 && tensorIndex < tensorCount) else {
                    throw .tensorIndexOutOfRange(operator: index, index: tensorIndex)
                }
            }
            try OperatorValidation(model: self, record: op, index: index).validate()
        }
    }

    /// The header's arena size of every region must be exactly what the tensor and operator records
    /// imply (they are covered by the checksum, so the sizes are too): a larger value would make a
    /// host allocate, or a device reserve, memory no buffer uses.
    func validateArenaSize() throws(ModelError) {
        for region in 0..<ModelFormat.maximumRegions {
            var end = 0
            for index in 0..<tensorCount where tensor(index).storage == .arena && tensor(index).region == region {
                end = Swift.max(end, tensor(index).dataOffset + tensor(index).byteCount)
            }
            for index in 0..<operatorCount where operatorRecord(index).scratchBytes > 0 && operatorRecord(index).scratchRegion == region {
                end = Swift.max(end, operatorRecord(index).scratchOffset + operatorRecord(index).scratchBytes)
            }
            let planned = (end + ModelFormat.alignment - 1) / ModelFormat.alignment * ModelFormat.alignment
            let declared = arenaBytes(region: region)
            guard declared == planned else { throw .arenaSizeMismatch(region: region, declared: declared, planned: planned) }
        }
    }

    func validateGraph() throws(ModelError) {
        for position in 0..<(inputCount + outputCount) {
            let index = Int(int32(at: graphIOStart + position * 4))
            guard index >= 0, index < tensorCount, tensor(index).storage == .arena else {
                throw .invalidGraphIO(position: position)
            }
        }
        // Order: every arena tensor an operator reads is a graph input or written earlier;
        // every arena tensor is written at most once, and graph inputs never.
        for index in 0..<operatorCount {
            let op = operatorRecord(index)
            for position in 0..<op.inputCount {
                let t = op.input(position)
                guard t >= 0, tensor(t).storage == .arena else { continue }
                guard isGraphInput(t) || producer(of: t, before: index) != nil else {
                    throw .readBeforeWrite(operator: index, tensor: t)
                }
            }
            for position in 0..<op.outputCount {
                let t = op.output(position)
                guard tensor(t).storage == .arena else { throw .elementTypeMismatch(operator: index, tensor: t) }
                guard !isGraphInput(t), producer(of: t, before: index) == nil else {
                    throw .writtenTwice(operator: index, tensor: t)
                }
            }
        }
        for position in 0..<outputCount {
            let t = outputTensorIndex(position)
            guard isGraphInput(t) || producer(of: t, before: operatorCount) != nil else {
                throw .invalidGraphIO(position: inputCount + position)
            }
        }
        // No two arena tensors alive at the same time share bytes (RESHAPE outputs share their input's).
        for a in 0..<tensorCount {
            let first = tensor(a)
            guard first.storage == .arena, first.byteCount > 0 else { continue }
            for b in (a + 1)..<max(a + 1, tensorCount) {
                let second = tensor(b)
                guard second.storage == .arena, second.byteCount > 0, first.region == second.region,
                    first.dataOffset < second.dataOffset + second.byteCount,
                    second.dataOffset < first.dataOffset + first.byteCount
                else { continue }
                let lifetimeA = lifetime(of: a)
                let lifetimeB = lifetime(of: b)
                guard lifetimeA.first <= lifetimeB.last, lifetimeB.first <= lifetimeA.last else { continue }
                if aliasRoot(of: a) == aliasRoot(of: b) && first.dataOffset == second.dataOffset { continue }
                throw .overlappingTensors(first: a, second: b)
            }
        }
        // Scratch buffers must not overlap any tensor alive during their operator.
        for index in 0..<operatorCount {
            let op = operatorRecord(index)
            guard op.scratchBytes > 0 else { continue }
            for t in 0..<tensorCount {
                let record = tensor(t)
                guard record.storage == .arena, record.region == op.scratchRegion, record.dataOffset < op.scratchOffset + op.scratchBytes,
                    op.scratchOffset < record.dataOffset + record.byteCount
                else { continue }
                let alive = lifetime(of: t)
                if alive.first <= index && index <= alive.last { throw .scratchOutOfBounds(operator: index) }
            }
        }
    }

    /// Whether tensor `t` is one of the graph's inputs.
    func isGraphInput(_ t: Int) -> Bool {
        for position in 0..<inputCount where inputTensorIndex(position) == t { return true }
        return false
    }

    /// Whether tensor `t` is one of the graph's outputs.
    func isGraphOutput(_ t: Int) -> Bool {
        for position in 0..<outputCount where outputTensorIndex(position) == t { return true }
        return false
    }

    /// The first operator before `limit` that writes tensor `t`.
    func producer(of t: Int, before limit: Int) -> Int? {
        for index in 0..<limit {
            let op = operatorRecord(index)
            for position in 0..<op.outputCount where op.output(position) == t { return index }
        }
        return nil
    }

    /// The operators between which tensor `t` must keep its bytes, inclusive: from its writer
    /// (or the start, for inputs) to its last reader (or the end, for outputs).
    /// A tensor that no operator touches and that is not a graph input or output is never alive:
    /// its interval is empty (`first > last`).
    public func lifetime(of t: Int) -> (first: Int, last: Int) {
        var first = isGraphInput(t) ? 0 : producer(of: t, before: operatorCount)
        var last = first
        if isGraphOutput(t) {
            first = first ?? 0
            last = max(operatorCount - 1, 0)
        }
        for index in 0..<operatorCount {
            let op = operatorRecord(index)
            for position in 0..<op.inputCount where op.input(position) == t {
                first = min(first ?? index, index)
                last = max(last ?? index, index)
            }
        }
        guard let first, let last else { return (operatorCount, -1) }
        return (first, last)
    }

    /// Follows RESHAPE outputs back to the tensor whose bytes they share.
    func aliasRoot(of t: Int) -> Int {
        var current = t
        var steps = 0
        while steps < operatorCount, let writer = producer(of: current, before: operatorCount) {
            let op = operatorRecord(writer)
            guard op.kind == .reshape else { break }
            current = op.input(0)
            steps += 1
        }
        return current
    }
}
