#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A small pool of persistent threads for splitting one loop across cores.
///
/// Dispatch's `concurrentPerform` serialises short work items on some machines; these threads stay
/// alive and wait on a condition variable, so starting a parallel loop costs a wake-up, not a thread.
/// The calling thread takes part, so a pool of `threadCount` runs `threadCount − 1` helper threads.
/// A loop started while another is running (for example from inside a loop body) runs serially.
public final class ThreadPool: @unchecked Sendable {
    /// The pool used by the GEMM and the layers: `EDGE_DISTILL_THREADS` threads, else one per core.
    public static let shared: ThreadPool = {
        let environment = ProcessInfo.processInfo.environment["EDGE_DISTILL_THREADS"].flatMap { Int($0) }
        return ThreadPool(threadCount: max(1, environment ?? ProcessInfo.processInfo.activeProcessorCount))
    }()

    /// Threads that run a loop, counting the caller.
    public let threadCount: Int

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workAvailable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let workFinished = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var generation = 0
    private var pending = 0
    private var busy = false
    private var job: ((Int) -> Void)?
    private var jobParts = 0

    /// Creates a pool; `threadCount` counts the calling thread.
    public init(threadCount: Int) {
        precondition(threadCount >= 1, "a thread pool needs at least one thread")
        self.threadCount = threadCount
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(workAvailable, nil)
        pthread_cond_init(workFinished, nil)
        for worker in 1..<max(threadCount, 1) {
            let thread = Thread { [self] in self.workerLoop(worker) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private func workerLoop(_ worker: Int) {
        var seen = 0
        pthread_mutex_lock(mutex)
        while true {
            while generation == seen { pthread_cond_wait(workAvailable, mutex) }
            seen = generation
            let body = job
            let parts = jobParts
            pthread_mutex_unlock(mutex)
            if worker < parts, let body { body(worker) }
            pthread_mutex_lock(mutex)
            pending -= 1
            if pending == 0 { pthread_cond_signal(workFinished) }
        }
    }

    /// Calls `body(part)` for every `part` in `0..<parts` (at most `threadCount`), concurrently,
    /// and returns when all have finished. Part 0 runs on the calling thread.
    public func runParts(_ parts: Int, _ body: (Int) -> Void) {
        let parts = min(parts, threadCount)
        if parts <= 1 {
            if parts == 1 { body(0) }
            return
        }
        pthread_mutex_lock(mutex)
        if busy {
            pthread_mutex_unlock(mutex)
            for part in 0..<parts { body(part) }
            return
        }
        busy = true
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            jobParts = parts
            pending = threadCount - 1
            generation &+= 1
            pthread_cond_broadcast(workAvailable)
            pthread_mutex_unlock(mutex)
            escapable(0)
            pthread_mutex_lock(mutex)
            while pending > 0 { pthread_cond_wait(workFinished, mutex) }
            job = nil
        }
        busy = false
        pthread_mutex_unlock(mutex)
    }

    /// Splits `0..<count` into contiguous ranges, one per thread, and calls `body` on each.
    /// Small loops (fewer than `minimumPerThread` items per thread) run on the caller alone.
    public func forEachRange(_ count: Int, minimumPerThread: Int = 1, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let parts = max(1, min(threadCount, count / max(minimumPerThread, 1)))
        runParts(parts) { part in
            let start = count * part / parts
            let end = count * (part + 1) / parts
            if start < end { body(start..<end) }
        }
    }
}
