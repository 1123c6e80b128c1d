import Glibc
import Synchronization

/// Signals the agent reacts to, recorded by async-signal-safe handlers and read by the capture loop.
public enum AgentSignal: UInt32, Sendable, CaseIterable {
    /// SIGHUP: reload policy and inventory.
    case reload = 1
    /// SIGINT / SIGTERM: flush flows and exit.
    case stop = 2
    /// SIGUSR1: print the counters.
    case report = 4
}

private let pendingSignals = Atomic<UInt32>(0)

/// Installs the handlers (SIGHUP, SIGINT, SIGTERM, SIGUSR1) and hands out what arrived.
public enum AgentSignals {
    /// Also unblocks them: a process started from a thread that blocked them inherits the mask.
    public static func install() {
        var set = sigset_t()
        sigemptyset(&set)
        for number in [SIGHUP, SIGINT, SIGTERM, SIGUSR1] { sigaddset(&set, number) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        signal(SIGHUP) { _ in pendingSignals.bitwiseOr(AgentSignal.reload.rawValue, ordering: .relaxed) }
        signal(SIGUSR1) { _ in pendingSignals.bitwiseOr(AgentSignal.report.rawValue, ordering: .relaxed) }
        signal(SIGINT) { _ in pendingSignals.bitwiseOr(AgentSignal.stop.rawValue, ordering: .relaxed) }
        signal(SIGTERM) { _ in pendingSignals.bitwiseOr(AgentSignal.stop.rawValue, ordering: .relaxed) }
    }

    /// Records a signal as if it had arrived (for embedding software and tests).
    public static func raise(_ signal: AgentSignal) {
        pendingSignals.bitwiseOr(signal.rawValue, ordering: .relaxed)
    }

    /// The signals that arrived since the last call.
    public static func take() -> Set<AgentSignal> {
        let bits = pendingSignals.exchange(0, ordering: .relaxed)
        if bits == 0 { return [] }  // the common case, every loop turn: no allocation
        return Set(AgentSignal.allCases.filter { bits & $0.rawValue != 0 })
    }
}
