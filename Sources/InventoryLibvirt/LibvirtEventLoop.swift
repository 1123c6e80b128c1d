import CLibvirt
import Foundation

/// libvirt's default event loop (`virEventRegisterDefaultImpl`), run on one
/// dedicated thread for the whole process. It must be registered before the first
/// connection is opened for that connection to deliver events; a periodic timeout
/// makes `virEventRunDefaultImpl` return regularly even when nothing happens.
enum LibvirtEventLoop {
    private static let started: Bool = {
        guard virEventRegisterDefaultImpl() == 0 else { return false }
        _ = virEventAddTimeout(500, { _, _ in }, nil, nil)
        let thread = Thread {
            while virEventRunDefaultImpl() == 0 {}
        }
        thread.name = "libvirt-events"
        thread.start()
        return true
    }()

    /// Registers and starts the loop once; later calls do nothing. Returns false if
    /// libvirt refused to register it (events then stay unavailable; polling works).
    @discardableResult
    static func startIfNeeded() -> Bool { started }
}
