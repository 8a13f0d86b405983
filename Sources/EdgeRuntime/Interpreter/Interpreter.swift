/// Runs a validated model over caller-provided arenas (one, or one per memory region the plan
/// uses). Nothing is allocated: `init` checks the arenas, `invoke` executes the operators in order,
/// reading constants in place from the model.
///
/// ```
/// let model = try Model(bytes: file)
/// let interpreter = try Interpreter(model: model, arena: arena)
/// interpreter.inputBytes(0).copyMemory(from: sample)
/// interpreter.invoke()
/// let scores = interpreter.outputBytes(0)
/// ```
public struct Interpreter {
    /// The model being run.
    public let model: Model
    /// The arenas: activations and scratch buffers at the regions and offsets the plan gives.
    public let arenas: Arenas

    /// The kernels this interpreter runs.
    public let kernels: KernelVariant
    /// The application-processor kernels' workspace (`nil` for `.portable`).
    let workspace: UnsafeMutableRawPointer?
    /// Where the workspace's transient region starts.
    let transientOffset: Int
    /// Bytes of one worker's transient region.
    let transientStride: Int
    /// The workers that share an operator's rows.
    let workers: WorkerPool

    /// Creates an interpreter with the portable kernels. Fails when the arena is smaller than
    /// `model.arenaBytes` or not 16-byte aligned, or when the model's plan uses other regions too.
    public init(model: Model, arena: UnsafeMutableRawBufferPointer) throws(ModelError) {
        try self.init(model: model, arenas: Arenas(arena))
    }

    /// Creates an interpreter with the portable kernels over one arena per region the plan uses.
    public init(model: Model, arenas: Arenas) throws(ModelError) {
        try self.init(model: model, arenas: arenas, kernels: .portable, workspace: Arenas.none)
    }

    /// Creates an interpreter running `kernels` over one arena (see
    /// ``init(model:arenas:kernels:workspace:workers:)``).
    public init(
        model: Model, arena: UnsafeMutableRawBufferPointer, kernels: KernelVariant, workspace: UnsafeMutableRawBufferPointer,
        workers: WorkerPool = .single
    ) throws(ModelError) {
        try self.init(model: model, arenas: Arenas(arena), kernels: kernels, workspace: workspace, workers: workers)
    }

    /// Creates an interpreter running `kernels` over one arena per region the plan uses (see
    /// ``Arenas``), `kernels` being ones the host has checked the CPU supports, and
    /// prepares them in `workspace` (at least ``workspaceBytes(for:kernels:workers:)`` bytes, 64-byte
    /// aligned, owned by the caller for the interpreter's life), splitting the vector kernels'
    /// convolutions over `workers`. A variant this build lacks runs `.portable`, on one worker.
    public init(
        model: Model, arenas: Arenas, kernels: KernelVariant, workspace: UnsafeMutableRawBufferPointer,
        workers: WorkerPool = .single
    ) throws(ModelError) {
        try arenas.check(for: model)
        let variant = kernels.isBuilt ? kernels : .portable
        let pool = variant == .portable ? WorkerPool.single : workers
        let layout = variant == .portable ? nil : WorkspaceLayout(model: model, kernels: variant, workers: pool.count)
        if let layout {
            guard workspace.count >= layout.totalBytes, let base = workspace.baseAddress else {
                throw .workspaceTooSmall(required: layout.totalBytes, available: workspace.count)
            }
            guard UInt(bitPattern: base) % UInt(WorkspaceLayout.alignment) == 0 else { throw .misalignedBuffer }
        }
        self.model = model
        self.arenas = arenas
        self.kernels = variant
        self.workspace = layout == nil ? nil : workspace.baseAddress
        self.transientOffset = layout?.transientOffset ?? 0
        self.transientStride = layout?.transientStride ?? 0
        self.workers = pool
        if let base = self.workspace { prepareWorkspace(base) }
    }

    /// The address of tensor `index`'s bytes: in the arena, or in the model's constants.
    @inline(never)
    public func address(ofTensor index: Int) -> UnsafeRawPointer {
        let t = model.tensor(index)
        switch t.storage {
        case .arena: return UnsafeRawPointer(arenas[t.region].baseAddress! + t.dataOffset)
        case .constant: return model.constantAddress(t.dataOffset)
        }
    }

    /// The bytes of tensor `index` (for reading intermediates after `invoke`).
    public func bytes(ofTensor index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: address(ofTensor: index), count: model.tensor(index).byteCount)
    }

    /// The writable bytes of graph input `position`.
    public func inputBytes(_ position: Int) -> UnsafeMutableRawBufferPointer {
        let index = model.inputTensorIndex(position)
        return UnsafeMutableRawBufferPointer(start: mutableAddress(index), count: model.tensor(index).byteCount)
    }

    /// The bytes of graph output `position`, valid after `invoke`.
    public func outputBytes(_ position: Int) -> UnsafeRawBufferPointer {
        bytes(ofTensor: model.outputTensorIndex(position))
    }

    /// Runs every operator in order.
    public func invoke() {
        for index in 0..<model.operatorCount { run(operator: index) }
    }

    /// Runs every operator in order, telling `observer` before and after each one.
    public func invoke<Observer: OperatorObserver>(observer: inout Observer) {
        for index in 0..<model.operatorCount {
            let kind = model.operatorRecord(index).kind
            observer.willRun(operator: index, kind: kind)
            run(operator: index)
            observer.didRun(operator: index, kind: kind)
        }
    }

    // MARK: What the operators' `run(_:in:)` read records through

    @inline(__always)
    func int8(_ t: Int) -> UnsafePointer<Int8> { address(ofTensor: t).assumingMemoryBound(to: Int8.self) }

    @inline(never)
    func mutableAddress(_ t: Int) -> UnsafeMutableRawPointer {
        let record = model.tensor(t)
        return arenas[record.region].baseAddress! + record.dataOffset
    }

    @inline(__always)
    func mutableInt8(_ t: Int) -> UnsafeMutablePointer<Int8> { mutableAddress(t).assumingMemoryBound(to: Int8.self) }

    @inline(__always)
    func bias(_ op: OperatorRecord, _ position: Int) -> UnsafePointer<Int32>? {
        guard position < op.inputCount, op.input(position) >= 0 else { return nil }
        return address(ofTensor: op.input(position)).assumingMemoryBound(to: Int32.self)
    }

    /// The operator's scratch buffer in its region's arena (empty when it has none).
    @inline(never)
    func scratch(_ op: OperatorRecord) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(
            start: op.scratchBytes > 0 ? arenas[op.scratchRegion].baseAddress! + op.scratchOffset : nil, count: op.scratchBytes)
    }

    @inline(never)
    func shape4(_ t: Int) -> Shape4 {
        let r = model.tensor(t)
        return Shape4(batches: r.dimension(0), height: r.dimension(1), width: r.dimension(2), channels: r.dimension(3))
    }

    /// The operator's parameter words, read in place.
    @inline(__always)
    func parameters(_ op: OperatorRecord) -> ParameterWords { ParameterWords(op, in: model) }
}

/// Told before and after each operator runs: the profiler hook. The host injects its own clock
/// through an observer, so the runtime needs no timer of its own.
public protocol OperatorObserver {
    /// Called just before operator `index` runs.
    mutating func willRun(operator index: Int, kind: OperatorKind)
    /// Called just after operator `index` ran.
    mutating func didRun(operator index: Int, kind: OperatorKind)
}
