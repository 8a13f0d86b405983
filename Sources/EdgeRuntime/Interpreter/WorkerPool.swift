/// Threads the host lends an interpreter so that one operator's output rows are computed by several
/// workers at once (the vector kernels' CONV_2D and DEPTHWISE_CONV_2D). The runtime creates no
/// threads: the host starts them once, before the interpreter, and hands over a C function that runs
/// a task on every worker and returns when all are done. Worker 0 is the calling thread.
///
/// Each worker has its own transient region in the workspace (``Interpreter/workspaceBytes(for:kernels:workers:)``),
/// so nothing is allocated or shared while running; the outputs are the single worker's bytes.
public struct WorkerPool {
    /// A task: its argument and the worker's index, `0 ..< count`.
    public typealias Task = @convention(c) (UnsafeMutableRawPointer?, Int) -> Void
    /// Runs `task(argument, worker)` once on every worker (worker 0 on the calling thread) and returns
    /// when all have; `context` is the host's.
    public typealias Dispatch = @convention(c) (_ context: UnsafeMutableRawPointer?, _ task: Task, _ argument: UnsafeMutableRawPointer?) -> Void

    /// Workers, the calling thread included (at least 1).
    public let count: Int
    let context: UnsafeMutableRawPointer?
    let dispatch: Dispatch?

    /// The calling thread alone.
    public static var single: WorkerPool { WorkerPool(count: 1, context: nil, dispatch: nil) }

    /// `count` workers reached through `dispatch` with the host's `context`.
    public init(count: Int, context: UnsafeMutableRawPointer?, dispatch: Dispatch?) {
        self.count = dispatch == nil ? 1 : max(1, count)
        self.context = context
        self.dispatch = dispatch
    }
}

/// One operator's rows shared among workers: what every worker reads to find its share. An
/// operator that splits has a `runShare(op, in:, prepared:, range:, transient:)` and passes a task
/// that calls it with ``share(of:)`` and ``transient(of:)``; with one worker it calls it directly,
/// so the single-thread path (and firmware) has no indirection at all.
struct SharedRows {
    let op: OperatorRecord
    let interpreter: Interpreter
    let prepared: UnsafeMutableRawPointer
    let total: Int
    let workers: Int
    let transient: UnsafeMutableRawPointer

    /// Worker `worker`'s consecutive share of `0 ..< total`, or `nil` for a worker the job does not
    /// use (the pool runs the task on all its workers; a small layer uses fewer).
    func share(of worker: Int) -> Range<Int>? {
        guard worker < workers else { return nil }
        return (total * worker / workers)..<(total * (worker + 1) / workers)
    }

    /// Worker `worker`'s transient region.
    func transient(of worker: Int) -> UnsafeMutableRawPointer { transient + worker * interpreter.transientStride }

    /// The rows of the job at `argument` (a task's argument).
    static func at(_ argument: UnsafeMutableRawPointer?) -> SharedRows { argument!.assumingMemoryBound(to: SharedRows.self).pointee }
}

extension Interpreter {
    /// How many workers should share `total` items: all of them, but none with fewer than
    /// `minimumPerWorker` items (one when the interpreter has one).
    func workerCount(sharing total: Int, minimumPerWorker: Int) -> Int {
        max(1, min(workers.count, total / max(1, minimumPerWorker)))
    }

    /// Runs `task` on `count` workers over `total` items of `op` (`count` from
    /// ``workerCount(sharing:minimumPerWorker:)``, above 1).
    func share(
        _ op: OperatorRecord, prepared: UnsafeMutableRawPointer, transient: UnsafeMutableRawPointer, total: Int, workers count: Int,
        task: WorkerPool.Task
    ) {
        var rows = SharedRows(op: op, interpreter: self, prepared: prepared, total: total, workers: count, transient: transient)
        withUnsafeMutablePointer(to: &rows) { workers.dispatch?(workers.context, task, UnsafeMutableRawPointer($0)) }
    }
}
