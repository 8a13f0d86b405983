import EdgeModel
import EdgeRuntime

extension ModelWorkload {
    /// The workload of a validated `.edm` model: per-operator work from the runtime's own cost
    /// counting, and the arena placements and lifetimes stored in the file.
    public init(model: Model) {
        func text(_ bytes: UnsafeRawBufferPointer) -> String { String(decoding: bytes, as: UTF8.self) }
        var layers: [LayerWorkload] = []
        var used = Set<Int>()
        for position in 0..<model.inputCount { used.insert(model.inputTensorIndex(position)) }
        for position in 0..<model.outputCount { used.insert(model.outputTensorIndex(position)) }
        for index in 0..<model.operatorCount {
            let op = model.operatorRecord(index)
            let cost = model.cost(ofOperator: index)
            for position in 0..<op.inputCount where op.input(position) >= 0 { used.insert(op.input(position)) }
            for position in 0..<op.outputCount { used.insert(op.output(position)) }
            let output = model.tensor(op.output(0))
            let input = model.tensor(op.input(0))
            let work = model.work(ofOperator: index)
            // An alias (RESHAPE) moves nothing: its output shares its input's bytes and the shape vector is not read.
            let isAlias = work.aliasesInput
            let weights = isAlias ? 0 : cost.constantBytes
            let activationsRead = isAlias ? 0 : cost.bytesRead - cost.constantBytes
            layers.append(
                LayerWorkload(
                    index: index, operatorName: "\(op.kind.name)", label: text(output.nameBytes), kind: WorkloadKind(work.costClass),
                    multiplyAccumulates: cost.multiplyAccumulates, weightBytes: weights,
                    activationBytesRead: activationsRead, activationBytesWritten: isAlias ? 0 : cost.bytesWritten,
                    outputElements: output.elementCount, elementwiseElements: work.elementwiseOperations,
                    inputChannels: input.innermostDimension,
                    kernelTerms: KernelCostTerms(kind: op.kind, operands: ModelOperands(model: model, operator: index))))
        }
        var tensors: [ArenaTensor] = []
        var constants = 0
        for index in 0..<model.tensorCount {
            let record = model.tensor(index)
            if record.storage == .constant {
                constants += record.byteCount
                continue
            }
            guard used.contains(index), record.byteCount > 0 else { continue }
            let alive = model.lifetime(of: index)
            tensors.append(
                ArenaTensor(
                    index: index, name: text(record.nameBytes), region: record.region, offset: record.dataOffset, byteCount: record.byteCount,
                    firstOperator: alive.first, lastOperator: alive.last))
        }
        for index in 0..<model.operatorCount where model.operatorRecord(index).scratchBytes > 0 {
            let op = model.operatorRecord(index)
            tensors.append(
                ArenaTensor(
                    index: -1 - index, name: "scratch of operator \(index)", region: op.scratchRegion, offset: op.scratchOffset,
                    byteCount: op.scratchBytes, firstOperator: index, lastOperator: index))
        }
        self.init(
            name: text(model.nameBytes), layers: layers, arenaTensors: tensors,
            arenaBytes: (0..<ModelFormat.maximumRegions).reduce(0) { $0 + model.arenaBytes(region: $1) },
            inputBytes: (0..<model.inputCount).reduce(0) { $0 + model.tensor(model.inputTensorIndex($1)).byteCount },
            outputBytes: (0..<model.outputCount).reduce(0) { $0 + model.tensor(model.outputTensorIndex($1)).byteCount },
            constantBytes: constants, metadataBytes: model.bytes.count - constants)
        vectorWorkspaceBytes = Interpreter.workspaceBytes(for: model, kernels: .arm64NEON)
        let lastRegion = (0..<ModelFormat.maximumRegions).last { model.arenaBytes(region: $0) > 0 } ?? 0
        regionArenaBytes = (0...lastRegion).map { model.arenaBytes(region: $0) }
        buffers = ArenaBuffers(model: model).buffers
    }
}
