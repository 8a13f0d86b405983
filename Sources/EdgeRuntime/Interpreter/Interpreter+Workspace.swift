/// The workspace of the application-processor kernels: a second caller-provided buffer, sized once
/// by ``Interpreter/workspaceBytes(for:kernels:)`` and filled at init with what those kernels read
/// (weights packed into the layout the inner loop wants, per-channel requantization tables with every
/// constant term folded into the bias), so that nothing is allocated or prepared while running.
///
/// Layout: one Int32 per operator (the byte offset of its prepared block, or -1 where the operator runs
/// its portable kernel), then the prepared blocks, each 64-byte aligned, then one transient region
/// per worker that the operators share in turn (im2col rows, accumulator tiles), each as large as
/// the largest need.
struct WorkspaceLayout {
    /// What one operator needs.
    struct Need {
        /// Bytes kept from init on.
        var prepared: Int
        /// Bytes used only while the operator runs.
        var transient: Int
    }

    /// Byte offset of worker 0's transient region.
    let transientOffset: Int
    /// Bytes of one worker's transient region.
    let transientStride: Int
    /// Total bytes.
    let totalBytes: Int

    static let alignment = 64

    @inline(__always)
    static func aligned(_ bytes: Int) -> Int { (bytes + alignment - 1) / alignment * alignment }

    /// Walks the operators: `body(index, need, preparedOffset)` for every operator with a need.
    init(model: Model, kernels: KernelVariant, workers: Int = 1, _ body: (Int, Need, Int) -> Void = { _, _, _ in }) {
        var offset = WorkspaceLayout.aligned(model.operatorCount * 4)
        var transient = 0
        for index in 0..<model.operatorCount {
            guard let need = WorkspaceLayout.need(of: model.operatorRecord(index), in: model, kernels: kernels) else { continue }
            body(index, need, offset)
            offset += WorkspaceLayout.aligned(need.prepared)
            transient = max(transient, WorkspaceLayout.aligned(need.transient))
        }
        transientOffset = offset
        transientStride = transient
        totalBytes = offset + transient * max(1, workers)
    }

    /// The operator's need under `kernels`, or `nil` where it runs its portable kernel.
    static func need(of op: OperatorRecord, in model: Model, kernels: KernelVariant) -> Need? {
        switch kernels {
        case .portable: return nil
        // The vector families size their blocks from the model and the family alone, so either host can size the other's workspace
        // (the firmware builder sizes an AArch64 image's on x86-64).
        case .x86AVX2, .x86AVX512VNNI, .arm64NEON, .arm64DotProduct, .arm64MatrixMultiply:
            #if arch(x86_64) || arch(arm64)
            switch op.kind {
            case .conv2D: return Conv2D.vectorNeed(op, in: model, kernels: kernels)
            case .depthwiseConv2D: return DepthwiseConv2D.vectorNeed(op, in: model, kernels: kernels)
            case .fullyConnected: return FullyConnected.vectorNeed(op, in: model)
            case .batchMatMul: return BatchMatMul.vectorNeed(op, in: model)
            case .transposeConv2D: return TransposeConv2D.vectorNeed(op, in: model)
            case .averagePool2D: return AveragePool2D.vectorNeed(op, in: model)
            case .mean, .sum: return Mean.vectorNeed(op, in: model)
            case .maxPool2D, .add, .reshape, .softmax, .quantize, .dequantize, .concatenation, .reduceMax, .pad, .padV2, .transpose, .slice, .stridedSlice, .split, .splitV, .pack, .unpack,
                 .argMax, .resizeNearestNeighbor, .resizeBilinear, .gather, .logistic,
                 .tanh, .hardSwish, .leakyRelu, .relu, .relu6, .rsqrt, .neg, .sub, .mul, .squaredDifference, .maximum,
                 .minimum, .prelu:
                return nil
            }
            #else
            return nil
            #endif
        }
    }
}

extension Interpreter {
    /// Bytes of workspace an interpreter with `kernels` and `workers` needs for `model` (0 for `.portable`).
    public static func workspaceBytes(for model: Model, kernels: KernelVariant, workers: Int = 1) -> Int {
        kernels == .portable ? 0 : WorkspaceLayout(model: model, kernels: kernels, workers: workers).totalBytes
    }

    /// Fills the offset table and every operator's prepared block.
    func prepareWorkspace(_ base: UnsafeMutableRawPointer) {
        let table = base.assumingMemoryBound(to: Int32.self)
        for index in 0..<model.operatorCount { table[index] = -1 }
        _ = WorkspaceLayout(model: model, kernels: kernels, workers: workers.count) { index, _, offset in
            table[index] = Int32(truncatingIfNeeded: offset)
            self.prepare(operator: index, into: base + offset)
        }
    }

    /// Writes operator `index`'s prepared block.
    private func prepare(operator index: Int, into block: UnsafeMutableRawPointer) {
        #if arch(x86_64) || arch(arm64)
        let op = model.operatorRecord(index)
        switch op.kind {
        case .conv2D: Conv2D.prepareVector(op, in: self, into: block)
        case .depthwiseConv2D: DepthwiseConv2D.prepareVector(op, in: self, into: block)
        case .fullyConnected: FullyConnected.prepareVector(op, in: self, into: block)
        case .transposeConv2D: TransposeConv2D.prepareVector(op, in: self, into: block)
        case .batchMatMul, .averagePool2D, .maxPool2D, .add, .reshape, .softmax, .quantize, .dequantize, .concatenation,
             .mean, .sum, .reduceMax, .pad, .padV2, .transpose, .slice, .stridedSlice, .split, .splitV, .pack, .unpack,
             .argMax, .resizeNearestNeighbor, .resizeBilinear, .gather, .logistic,
             .tanh, .hardSwish, .leakyRelu, .relu, .relu6, .rsqrt, .neg, .sub, .mul, .squaredDifference, .maximum,
             .minimum, .prelu:
            break
        }
        #endif
    }

    /// The operator's prepared block and the transient region, or `nil` where it runs its portable kernel.
    @inline(__always)
    func vectorBuffers(_ op: OperatorRecord) -> (prepared: UnsafeMutableRawPointer, transient: UnsafeMutableRawPointer)? {
        guard let workspace else { return nil }
        let index = (op.offset &- model.operatorsStart) / ModelFormat.operatorRecordBytes
        let offset = Int(workspace.load(fromByteOffset: index &* 4, as: Int32.self))
        guard offset >= 0 else { return nil }
        return (workspace + offset, workspace + transientOffset)
    }
}
