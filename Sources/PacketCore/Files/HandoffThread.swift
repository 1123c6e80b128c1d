import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A background thread that runs one job per `submit()`, for I/O that should
/// overlap the caller's work (`ReadAheadFiller`, `FileByteSink`'s write-behind).
///
/// Guarantees: jobs run one at a time, in submission order; everything the
/// caller wrote before `submit()` is visible to the job, and everything the
/// job wrote is visible to the caller after the matching `waitForJob()` (the
/// POSIX semaphores order both). After `stop()` the thread ends once its
/// current job is done and drops `job` (and what it captured).
@safe final class HandoffThread: @unchecked Sendable {
    private var job: (() -> Void)?
    private let requests: UnsafeMutablePointer<sem_t>
    private let results: UnsafeMutablePointer<sem_t>
    private let stopping = Atomic<Bool>(false)

    /// Starts the thread; nil when the system refuses one (callers then do the work in place).
    static func start(job: @escaping () -> Void) -> HandoffThread? {
        let thread = HandoffThread(job: job)
        return thread.launch() ? thread : nil
    }

    private init(job: @escaping () -> Void) {
        self.job = job
        unsafe requests = .allocate(capacity: 1)
        unsafe results = .allocate(capacity: 1)
        unsafe sem_init(requests, 0, 0)
        unsafe sem_init(results, 0, 0)
    }

    private func launch() -> Bool {
        var attributes = pthread_attr_t()
        unsafe pthread_attr_init(&attributes)
        defer { unsafe pthread_attr_destroy(&attributes) }
        unsafe pthread_attr_setdetachstate(&attributes, CInt(PTHREAD_CREATE_DETACHED))
        // The thread holds a reference until it ends, so stopping never frees what a running job uses.
        let context = unsafe Unmanaged.passRetained(self).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let result = unsafe pthread_create(
            &thread,
            &attributes,
            { raw in
                let handoff = unsafe Unmanaged<HandoffThread>.fromOpaque(raw!).takeRetainedValue()
                handoff.run()
                return nil
            },
            context
        )
        if result != 0 {
            unsafe Unmanaged<HandoffThread>.fromOpaque(context).release()
            job = nil
            return false
        }
        return true
    }

    /// Runs the job once more on the thread.
    func submit() { unsafe sem_post(requests) }

    /// Waits until the job submitted earliest and not yet waited for has finished.
    func waitForJob() { unsafe Self.wait(results) }

    /// Ends the thread after its current job (without waiting for it).
    func stop() {
        stopping.store(true, ordering: .releasing)
        unsafe sem_post(requests)
    }

    private func run() {
        while true {
            unsafe Self.wait(requests)
            if stopping.load(ordering: .acquiring) { break }
            job?()
            unsafe sem_post(results)
        }
        job = nil
    }

    private static func wait(_ semaphore: UnsafeMutablePointer<sem_t>) {
        while unsafe sem_wait(semaphore) != 0 && errno == EINTR {}
    }

    deinit {
        unsafe sem_destroy(requests)
        unsafe sem_destroy(results)
        unsafe requests.deallocate()
        unsafe results.deallocate()
    }
}
