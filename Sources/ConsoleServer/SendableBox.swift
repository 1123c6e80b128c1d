import Synchronization

/// A value behind a lock, for a Sendable class's mutable state.
final class SendableBox<Value: Sendable>: Sendable {
    private let state: Mutex<Value>
    init(_ value: Value) { state = Mutex(value) }
    func withLock<R>(_ body: (inout Value) -> R) -> R { state.withLock { body(&$0) } }
}
