import Foundation
import Inventory

/// Process-wide libvirt setup, done once before the first connection:
/// - libvirt itself is loaded (``LibvirtLibrary``, `libvirt.so.0`); when that fails,
///   every connection attempt fails with the same ``InventorySourceError``;
/// - libvirt's default error handler (which prints every error to stderr) is
///   replaced by a silent one: errors reach callers as ``InventorySourceError``s;
/// - libvirt's default event loop (`virEventRegisterDefaultImpl`) is registered and
///   run on one dedicated thread, so connections can deliver lifecycle events; a
///   periodic timeout makes `virEventRunDefaultImpl` return regularly even when
///   nothing happens. If libvirt refuses the event loop, events stay unavailable
///   (polling still works).
enum LibvirtRuntime {
    private static let prepared = Result { () throws(InventorySourceError) in
        let libvirt = try LibvirtLibrary.open(LibvirtLibrary.sharedObjectName)
        libvirt.virSetErrorFunc(nil, { _, _ in })
        if libvirt.virEventRegisterDefaultImpl() == 0 {
            _ = libvirt.virEventAddTimeout(500, { _, _ in }, nil, nil)
            let thread = Thread {
                while libvirt.virEventRunDefaultImpl() == 0 {}
            }
            thread.name = "libvirt-events"
            thread.start()
        }
        return libvirt
    }

    /// Loads libvirt and performs the setup once; later calls return the same
    /// library (or the same load failure) at once.
    static func prepare() throws(InventorySourceError) -> LibvirtLibrary { try prepared.get() }
}
