import Foundation

extension Process {
    /// Waits at most `timeout` seconds for the process to exit and returns whether it did; a
    /// process that exited is reaped, one still running is left as it is.
    @discardableResult
    public func waitForExit(timeout: Double) -> Bool {
        do {
            try Poll.until("process \(processIdentifier) to exit", timeout: timeout) { !isRunning }
        } catch {
            return false
        }
        waitUntilExit()
        return true
    }

    /// Sends `signal` and waits at most `timeout` seconds for the process to exit, then sends
    /// SIGKILL; returns once the process is gone (reaped). Does nothing to a process that has exited.
    public func stop(signal: Int32 = SIGINT, timeout: Double = 10) {
        guard isRunning else { return }
        kill(processIdentifier, signal)
        if !waitForExit(timeout: timeout) {
            kill(processIdentifier, SIGKILL)
            waitUntilExit()
        }
    }

    /// Waits at most `timeout` seconds for the process to exit by itself, then stops it with
    /// SIGTERM (see `stop(signal:timeout:)`). Callers check `terminationStatus` afterwards.
    public func waitForExitOrStop(timeout: Double) {
        if !waitForExit(timeout: timeout) { stop(signal: SIGTERM) }
    }
}
