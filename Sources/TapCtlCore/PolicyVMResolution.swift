import Inventory
import Policy
import TapAgent

/// How a command's policy resolves its `vm:` and `tag:` keys: a `--vm-map` file,
/// one or more `--inventory` sources (file:PATH, libvirt:URI, vsphere:URL), or
/// both. Without either, `vm`/`tag` rules match nothing (and `policy check` warns).
enum PolicyVMResolution {
    /// Reads every source once and returns one resolver over all of them, or nil
    /// when neither a map nor an inventory is given. Throws a one-line
    /// `CommandFailure` naming the source that failed.
    static func resolver(vmMap: String?, inventory: [String], credentials: InventorySourceOption.Credentials = .init())
        async throws -> (any VMResolver)?
    {
        var resolvers: [any VMResolver] = []
        if let vmMap {
            do { resolvers.append(try StaticVMResolver.load(path: vmMap)) } catch { throw CommandFailure(error.description) }
        }
        for spec in inventory {
            let source = try InventorySourceOption.makeSource(spec, credentials: credentials)
            do {
                resolvers.append(InventoryVMResolver(InventoryIndex(try await source.snapshot())))
            } catch {
                throw CommandFailure("inventory \(spec): \(error)")
            }
        }
        switch resolvers.count {
        case 0: return nil
        case 1: return resolvers[0]
        default: return CombinedVMResolver(resolvers)
        }
    }
}

/// The VMs of several resolvers together (a `--vm-map` plus inventories).
struct CombinedVMResolver: VMResolver {
    let parts: [any VMResolver]
    init(_ parts: [any VMResolver]) { self.parts = parts }
    func virtualMachines() -> [VMRecord] { parts.flatMap { $0.virtualMachines() } }
}
