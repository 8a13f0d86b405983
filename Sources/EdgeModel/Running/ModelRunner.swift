import EdgeRuntime

/// A loaded model ready to run on this machine: the interpreter with the fastest kernels the CPU
/// supports (or the ones asked for), and the arenas (one per memory region the plan uses) and kernel
/// workspace it runs in, owned here and
/// allocated once. The host's way to run a model; commands do not allocate arenas themselves.
///
/// The interpreter reads memory this object owns: call through the runner (its methods keep it
/// alive for the call), not through a copy of ``interpreter`` kept after the runner's last use.
public final class ModelRunner {
    /// The model file.
    public let loaded: LoadedModel
    /// The interpreter; valid only while this object lives.
    public let interpreter: Interpreter
    private let arenas: [UnsafeMutableRawBufferPointer]
    private let workspace: UnsafeMutableRawBufferPointer
    private let threads: WorkerThreads?

    /// Allocates the arenas and the workspace and prepares `kernels` (default: the host's fastest).
    /// With `threads` above 1 and vector kernels, starts `threads - 1` worker threads that share the
    /// convolutions' rows (the portable kernels run on one thread).
    public init(_ loaded: LoadedModel, kernels: KernelVariant = .host, threads: Int = 1) throws(ModelError) {
        let model = loaded.model
        let arenas = (0..<ModelFormat.maximumRegions).map { region in
            let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: max(model.arenaBytes(region: region), 16), alignment: ModelFormat.alignment)
            arena.initializeMemory(as: UInt8.self, repeating: 0)
            return arena
        }
        let threads = threads > 1 && kernels != .portable && kernels.isBuilt ? WorkerThreads(count: threads) : nil
        let workspaceBytes = Interpreter.workspaceBytes(for: model, kernels: kernels, workers: threads?.count ?? 1)
        let workspace = UnsafeMutableRawBufferPointer.allocate(byteCount: max(workspaceBytes, 64), alignment: 64)
        workspace.initializeMemory(as: UInt8.self, repeating: 0)
        do {
            interpreter = try Interpreter(
                model: model, arenas: Arenas(arenas[0], arenas[1], arenas[2], arenas[3]), kernels: kernels,
                workspace: UnsafeMutableRawBufferPointer(rebasing: workspace[0..<workspaceBytes]), workers: threads?.pool ?? .single)
        } catch {
            threads?.stop()
            for arena in arenas { arena.deallocate() }
            workspace.deallocate()
            throw error
        }
        self.loaded = loaded
        self.arenas = arenas
        self.workspace = workspace
        self.threads = threads
    }

    deinit {
        threads?.stop()
        for arena in arenas { arena.deallocate() }
        workspace.deallocate()
    }

    /// The model.
    public var model: Model { loaded.model }

    /// Runs every operator.
    public func invoke() { interpreter.invoke() }

    /// Runs every operator, telling `observer` before and after each one.
    public func invoke<Observer: OperatorObserver>(observer: inout Observer) { interpreter.invoke(observer: &observer) }

    /// Runs operator `index` alone; the operators before it must have run.
    public func run(operator index: Int) { interpreter.run(operator: index) }

    /// The writable bytes of graph input `position`.
    public func inputBytes(_ position: Int) -> UnsafeMutableRawBufferPointer { interpreter.inputBytes(position) }

    /// The bytes of graph output `position`, valid after `invoke` while this object lives.
    public func outputBytes(_ position: Int) -> UnsafeRawBufferPointer { interpreter.outputBytes(position) }

    /// The bytes of tensor `index`, valid while this object lives.
    public func bytes(ofTensor index: Int) -> UnsafeRawBufferPointer { interpreter.bytes(ofTensor: index) }

    /// The kernels in use.
    public var kernels: KernelVariant { interpreter.kernels }

    /// Threads that run the model, the invoking one included.
    public var threadCount: Int { threads?.count ?? 1 }

    /// Bytes of kernel workspace (packed weights, tables, im2col rows per thread) beside the arena.
    public var workspaceBytes: Int { Interpreter.workspaceBytes(for: model, kernels: kernels, workers: threadCount) }
}
