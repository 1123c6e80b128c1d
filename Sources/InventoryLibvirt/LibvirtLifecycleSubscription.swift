import CLibvirt
import Foundation

/// A domain lifecycle event subscription (`virConnectDomainEventRegisterAny` with
/// `VIR_DOMAIN_EVENT_ID_LIFECYCLE`: defined, undefined, started, stopped,
/// suspended, resumed, migrated…) that yields one signal per event.
final class LibvirtLifecycleSubscription: @unchecked Sendable {
    private final class Box {
        let continuation: AsyncStream<Void>.Continuation
        init(_ continuation: AsyncStream<Void>.Continuation) { self.continuation = continuation }
    }

    private let connection: LibvirtConnection
    private let callbackID: Int32

    /// Subscribes; returns `nil` when the connection does not support events.
    init?(connection: LibvirtConnection, continuation: AsyncStream<Void>.Continuation) {
        typealias Lifecycle =
            @convention(c) (
                virConnectPtr?, virDomainPtr?, Int32, Int32, UnsafeMutableRawPointer?
            ) -> Int32
        let callback: Lifecycle = { _, _, _, _, opaque in
            if let opaque { Unmanaged<Box>.fromOpaque(opaque).takeUnretainedValue().continuation.yield() }
            return 0
        }
        let opaque = Unmanaged.passRetained(Box(continuation)).toOpaque()
        let id = connection.libvirt.virConnectDomainEventRegisterAny(
            connection.pointer,
            nil,
            Int32(VIR_DOMAIN_EVENT_ID_LIFECYCLE.rawValue),
            unsafeBitCast(callback, to: virConnectDomainEventGenericCallback.self),
            opaque,
            { opaque in if let opaque { Unmanaged<Box>.fromOpaque(opaque).release() } }
        )
        guard id >= 0 else {
            Unmanaged<Box>.fromOpaque(opaque).release()
            connection.libvirt.virResetLastError()
            return nil
        }
        self.connection = connection
        self.callbackID = id
    }

    deinit { _ = connection.libvirt.virConnectDomainEventDeregisterAny(connection.pointer, callbackID) }
}
