import CLibvirt
import Foundation

/// Process-wide libvirt setup, done once before the first connection:
/// - libvirt's default error handler (which prints every error to stderr) is
///   replaced by a silent one: errors reach callers as ``InventorySourceError``s;
/// - libvirt's default event loop (`virEventRegisterDefaultImpl`) is registered and
///   run on one dedicated thread, so connections can deliver lifecycle events; a
///   periodic timeout makes `virEventRunDefaultImpl` return regularly even when
///   nothing happens.
enum LibvirtRuntime {
    private static let eventsAvailable: Bool = {
        virSetErrorFunc(nil, { _, _ in })
        guard virEventRegisterDefaultImpl() == 0 else { return false }
        _ = virEventAddTimeout(500, { _, _ in }, nil, nil)
        let thread = Thread {
            while virEventRunDefaultImpl() == 0 {}
        }
        thread.name = "libvirt-events"
        thread.start()
        return true
    }()

    /// Performs the setup once; later calls do nothing. Returns false if libvirt
    /// refused the event loop (events then stay unavailable; polling still works).
    @discardableResult
    static func prepare() -> Bool { eventsAvailable }
}
