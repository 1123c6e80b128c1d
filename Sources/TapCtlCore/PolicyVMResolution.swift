import Inventory
import TapVocabulary

/// How a command's policy resolves its `vm:` and `tag:` keys: the VMs of one or
/// more `--inventory` sources (file:PATH, libvirt:URI, vsphere:URL). Without
/// one, `vm`/`tag` rules match nothing (and `policy check` warns).
enum PolicyVMResolution {
    /// Reads every source once and returns their VMs together, or nil when no
    /// inventory is given. Throws a one-line `CommandFailure` naming the source that failed.
    static func virtualMachines(
        inventory: [String],
        credentials: InventorySourceOption.Credentials = .init()
    )
        async throws -> [VirtualMachine]?
    {
        guard !inventory.isEmpty else { return nil }
        var virtualMachines: [VirtualMachine] = []
        for spec in inventory {
            let source = try InventorySourceOption.makeSource(spec, credentials: credentials)
            do {
                virtualMachines += InventoryIndex(try await source.snapshot()).virtualMachines
            } catch {
                throw CommandFailure("inventory \(spec): \(error)")
            }
        }
        return virtualMachines
    }
}
