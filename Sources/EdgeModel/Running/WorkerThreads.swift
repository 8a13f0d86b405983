import Dispatch
import EdgeRuntime
import Foundation

/// The threads behind an interpreter's ``WorkerPool``: started once, parked on a semaphore between
/// tasks, so running an operator on them allocates nothing. Worker 0 is the thread that invokes.
final class WorkerThreads: @unchecked Sendable {
    /// Workers, the invoking thread included.
    let count: Int
    private let starts: [DispatchSemaphore]
    private let done = DispatchSemaphore(value: 0)
    // Written by the invoking thread before the start semaphores are signalled, read after.
    private var task: WorkerPool.Task?
    private var argument: UnsafeMutableRawPointer?
    private var stopping = false

    /// Starts `count - 1` threads.
    init(count: Int) {
        self.count = max(1, count)
        starts = (1..<max(1, count)).map { _ in DispatchSemaphore(value: 0) }
        for worker in 1..<self.count {
            let thread = Thread { [unowned self] in self.serve(worker) }
            thread.name = "edge-distill worker \(worker)"
            thread.start()
        }
    }

    /// Stops and waits for the threads (the runner's `deinit` calls this before freeing its buffers).
    func stop() {
        stopping = true
        for start in starts { start.signal() }
        for _ in starts { done.wait() }
    }

    /// The pool the interpreter calls.
    var pool: WorkerPool {
        WorkerPool(count: count, context: Unmanaged.passUnretained(self).toOpaque()) { context, task, argument in
            Unmanaged<WorkerThreads>.fromOpaque(context!).takeUnretainedValue().run(task, argument)
        }
    }

    private func run(_ task: WorkerPool.Task, _ argument: UnsafeMutableRawPointer?) {
        self.task = task
        self.argument = argument
        for start in starts { start.signal() }
        task(argument, 0)
        for _ in starts { done.wait() }
    }

    private func serve(_ worker: Int) {
        while true {
            starts[worker - 1].wait()
            if stopping {
                done.signal()
                return
            }
            task?(argument, worker)
            done.signal()
        }
    }
}
