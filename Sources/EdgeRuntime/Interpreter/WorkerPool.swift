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

extension Interpreter {
    /// One share of `0 ..< total` and the transient region that goes with it.
    typealias Share = (_ range: Range<Int>, _ transient: UnsafeMutableRawPointer) -> Void

    /// Calls `body` on consecutive shares of `0 ..< total`, one per worker (all on the calling thread
    /// when there is one worker, or fewer than `minimumPerWorker` items a worker), worker `w` with the
    /// transient region `transient + w·transientStride`.
    @inline(__always)
    func split(_ total: Int, minimumPerWorker: Int, transient: UnsafeMutableRawPointer, _ body: Share) {
        let workers = min(self.workers.count, total / max(1, minimumPerWorker))
        guard workers > 1, let dispatch = self.workers.dispatch else {
            body(0..<total, transient)
            return
        }
        withoutActuallyEscaping(body) { share in
            var job = SplitJob(share: share, total: total, workers: workers, transient: transient, transientStride: transientStride)
            withUnsafeMutablePointer(to: &job) { pointer in
                dispatch(self.workers.context, { argument, worker in
                    let job = argument!.assumingMemoryBound(to: SplitJob.self)
                    let workers = job.pointee.workers
                    guard worker < workers else { return }
                    let total = job.pointee.total
                    let range = (total * worker / workers)..<(total * (worker + 1) / workers)
                    job.pointee.share(range, job.pointee.transient + worker * job.pointee.transientStride)
                }, UnsafeMutableRawPointer(pointer))
            }
        }
    }
}

/// What the workers of one ``Interpreter/split(_:minimumPerWorker:transient:_:)`` read.
struct SplitJob {
    let share: Interpreter.Share
    let total: Int
    let workers: Int
    let transient: UnsafeMutableRawPointer
    let transientStride: Int
}
