import CLibvirt
import Inventory

/// libvirt's functions from a library opened at run time (`dlopen`), called by their
/// libvirt names: `libvirt.virConnectOpen(uri)`. Nothing in VirtualTap links
/// libvirt, so a process loads it only when the libvirt source is used, and runs on
/// a host without libvirt as long as it does not use that source.
///
/// The table is immutable once loaded and the library stays open for the rest of
/// the process.
@dynamicMemberLookup
struct LibvirtLibrary: @unchecked Sendable {
    /// The shared object the libvirt source loads (Debian package `libvirt0`).
    static let sharedObjectName = "libvirt.so.0"

    /// The resolved functions (one table per successful `open`).
    let functions: UnsafePointer<vt_libvirt_functions>

    /// Opens `name` (`RTLD_NOW | RTLD_LOCAL`) and resolves every function VirtualTap
    /// uses. Each call opens anew: callers load once and keep the result (see
    /// `LibvirtRuntime`). Fails with the dynamic linker's reason and the package to
    /// install.
    static func open(_ name: String) throws(InventorySourceError) -> LibvirtLibrary {
        var reason = [CChar](repeating: 0, count: 512)
        guard let functions = vt_libvirt_open(name, &reason, reason.count) else {
            let text = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw InventorySourceError(
                source: "libvirt",
                reason: "cannot load libvirt (\(name)): \(text); install the libvirt0 package"
            )
        }
        return LibvirtLibrary(functions: functions)
    }

    /// One libvirt function, such as `\.virConnectOpen`.
    subscript<Function>(dynamicMember function: KeyPath<vt_libvirt_functions, Function>) -> Function {
        functions.pointee[keyPath: function]
    }
}
