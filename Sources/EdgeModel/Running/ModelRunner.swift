import EdgeRuntime

/// A loaded model ready to run on this machine: the interpreter with the fastest kernels the CPU
/// supports (or the ones asked for), and the arena and kernel workspace it runs in, owned here and
/// allocated once. The host's way to run a model; commands do not allocate arenas themselves.
///
/// The interpreter reads memory this object owns: call through the runner (its methods keep it
/// alive for the call), not through a copy of ``interpreter`` kept after the runner's last use.
public final class ModelRunner {
    /// The model file.
    public let loaded: LoadedModel
    /// The interpreter; valid only while this object lives.
    public let interpreter: Interpreter
    private let arena: UnsafeMutableRawBufferPointer
    private let workspace: UnsafeMutableRawBufferPointer

    /// Allocates the arena and the workspace and prepares `kernels` (default: the host's fastest).
    public init(_ loaded: LoadedModel, kernels: KernelVariant = .host) throws(ModelError) {
        let model = loaded.model
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: max(model.arenaBytes, 16), alignment: ModelFormat.alignment)
        arena.initializeMemory(as: UInt8.self, repeating: 0)
        let workspaceBytes = Interpreter.workspaceBytes(for: model, kernels: kernels)
        let workspace = UnsafeMutableRawBufferPointer.allocate(byteCount: max(workspaceBytes, 64), alignment: 64)
        workspace.initializeMemory(as: UInt8.self, repeating: 0)
        do {
            interpreter = try Interpreter(
                model: model, arena: arena, kernels: kernels,
                workspace: UnsafeMutableRawBufferPointer(rebasing: workspace[0..<workspaceBytes]))
        } catch {
            arena.deallocate()
            workspace.deallocate()
            throw error
        }
        self.loaded = loaded
        self.arena = arena
        self.workspace = workspace
    }

    deinit {
        arena.deallocate()
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

    /// Bytes of kernel workspace (packed weights, tables, im2col rows) beside the arena.
    public var workspaceBytes: Int { Interpreter.workspaceBytes(for: model, kernels: kernels) }
}
