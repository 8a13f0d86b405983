import EdgeModel
import EdgeRuntime

extension ModelWorkload {
    /// The workload of a graph, with the arena plan the model writer would store for it.
    ///
    /// `writer` supplies the planner; the default is the one `ModelWriter()` uses, so the arena
    /// matches the `.edm` file written from the same graph.
    public init(graph: Graph, writer: ModelWriter = ModelWriter()) {
        let (offsets, scratch, plan) = writer.arenaPlan(for: graph)
        let lifetimes = TensorLifetimes(graph: graph)
        func tensor(_ index: Int) -> TensorDescription? {
            index >= 0 && index < graph.tensors.count ? graph.tensors[index] : nil
        }
        var layers: [LayerWorkload] = []
        for (index, op) in graph.operators.enumerated() {
            let input = op.inputs.first.flatMap(tensor)
            let output = op.outputs.first.flatMap(tensor)
            let outputCount = output?.elementCount ?? 0
            var weights = 0
            var activationsRead = 0
            for t in op.inputs {
                guard let description = tensor(t) else { continue }
                if description.isConstant { weights += description.byteCount } else { activationsRead += description.byteCount }
            }
            var written = op.outputs.compactMap(tensor).reduce(0) { $0 + $1.byteCount }
            let work = graph.work(ofOperator: index) ?? OperatorWork(costClass: .dataMovement)
            if work.aliasesInput {
                activationsRead = 0
                written = 0
                weights = 0
            }
            layers.append(
                LayerWorkload(
                    index: index, operatorName: "\(op.kind.name)", label: output?.name ?? "", kind: WorkloadKind(work.costClass),
                    multiplyAccumulates: work.multiplyAccumulates, weightBytes: weights, activationBytesRead: activationsRead,
                    activationBytesWritten: written, outputElements: outputCount, elementwiseElements: work.elementwiseOperations,
                    inputChannels: input?.shape.last ?? 1,
                    kernelTerms: KernelCostTerms(kind: op.kind, operands: GraphOperands(graph: graph, operator: index))))
        }
        var tensors: [ArenaTensor] = []
        for (index, description) in graph.tensors.enumerated() {
            guard let offset = offsets[index], let interval = lifetimes.intervals[index], description.byteCount > 0 else { continue }
            tensors.append(
                ArenaTensor(
                    index: index, name: description.name, offset: offset, byteCount: description.byteCount,
                    firstOperator: interval.first, lastOperator: interval.last))
        }
        for (index, buffer) in scratch.enumerated() where buffer.byteCount > 0 {
            tensors.append(
                ArenaTensor(
                    index: -1 - index, name: "scratch of operator \(index)", offset: buffer.offset,
                    byteCount: buffer.byteCount, firstOperator: index, lastOperator: index))
        }
        self.init(
            name: graph.name, layers: layers, arenaTensors: tensors, arenaBytes: plan.arenaBytes,
            inputBytes: graph.inputs.compactMap(tensor).reduce(0) { $0 + $1.byteCount },
            outputBytes: graph.outputs.compactMap(tensor).reduce(0) { $0 + $1.byteCount },
            constantBytes: graph.tensors.filter(\.isConstant).reduce(0) { $0 + $1.byteCount },
            metadataBytes: ModelWorkload.estimatedMetadataBytes(graph))
        if let bytes = try? writer.write(graph), let loaded = try? LoadedModel(bytes: bytes) {
            vectorWorkspaceBytes = Interpreter.workspaceBytes(for: loaded.model, kernels: .arm64NEON)
        }
    }
}

extension ModelWorkload {
    /// The model-file bytes besides constants that the writer would produce for `graph`, estimated
    /// from the record sizes of docs/FORMAT.md: header and section table, 64 bytes per tensor,
    /// 32 per operator, operand lists, names, and up to two words per output channel of parameters.
    static func estimatedMetadataBytes(_ graph: Graph) -> Int {
        let operands = graph.operators.reduce(0) { $0 + 4 * ($1.inputs.count + $1.outputs.count) }
        let names = graph.tensors.reduce(graph.name.utf8.count) { $0 + $1.name.utf8.count }
        let parameters = graph.operators.reduce(0) { total, op in
            let channels = op.outputs.first.map { $0 >= 0 && $0 < graph.tensors.count ? graph.tensors[$0].shape.last ?? 1 : 1 } ?? 1
            return total + 64 + 8 * channels
        }
        let quantization = graph.tensors.reduce(0) { $0 + 8 * ($1.quantization?.scales.count ?? 0) }
        return 64 + 8 * 16 + 64 * graph.tensors.count + 32 * graph.operators.count + operands + names + parameters + quantization
    }
}
