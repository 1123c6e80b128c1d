import Foundation
import Inventory
import TestSupport
import Testing

@testable import InventoryLibvirt

/// libvirt is loaded with dlopen at first use, not linked.
@Suite(.tags(.namespaceLab), .namespaceLabTier) struct LibvirtLibraryTests {
    @Test func preparingTwiceLoadsLibvirtOnceAndItWorks() throws {
        let first = try LibvirtRuntime.prepare()
        let second = try LibvirtRuntime.prepare()
        #expect(first.functions == second.functions)
        let connection = try #require(first.virConnectOpenReadOnly("test:///default"))
        #expect(first.virConnectIsAlive(connection) == 1)
        #expect(first.virConnectClose(connection) == 0)
    }

    @Test func aLibraryThatCannotBeFoundNamesItselfAndThePackage() throws {
        let error = try #require(throws: InventorySourceError.self) { try LibvirtLibrary.open("libvtin-missing.so.0") }
        #expect(error.source == "libvirt")
        #expect(
            error.reason
                == "cannot load libvirt (libvtin-missing.so.0): libvtin-missing.so.0: cannot open shared object file: "
                + "No such file or directory; install the libvirt0 package"
        )
    }

    @Test func aLibraryWithoutLibvirtsFunctionsNamesTheFirstMissingOne() throws {
        let error = try #require(throws: InventorySourceError.self) { try LibvirtLibrary.open("libz.so.1") }
        #expect(
            error.reason
                == "cannot load libvirt (libz.so.1): libz.so.1 has no function virConnectOpen; install the libvirt0 package"
        )
    }

    @Test func tapctlDoesNotLinkLibvirt() throws {
        let tapctl = try ExternalTool.tapctl
        let libraries = try ExternalTool.run("ldd", [tapctl])
        #expect(libraries.status == 0, "\(libraries.standardError)")
        #expect(libraries.standardOutput.contains("libc.so.6"), "ldd listed the libraries")
        #expect(!libraries.standardOutput.contains("libvirt"), "\(libraries.standardOutput)")
    }

    /// A host without libvirt, simulated in a private mount namespace (`unshare -m`)
    /// where the loaded libvirt file is replaced by /dev/null: tapctl still starts,
    /// and the libvirt source fails with the loader's one-line reason.
    @Test func withoutLibvirtTapctlStartsAndTheLibvirtSourceSaysWhatIsMissing() throws {
        _ = try LibvirtRuntime.prepare()
        // /proc files report size 0: read to the end rather than by size.
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/maps"))
        defer { try? handle.close() }
        let maps = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        let line = try #require(maps.split(separator: "\n").first { $0.contains("/libvirt.so.") })
        let library = try #require(line.split(separator: " ").last.map(String.init))
        let tapctl = try ExternalTool.tapctl
        let script = """
            mount --bind /dev/null '\(library)' || exit 90
            '\(tapctl)' --version || exit 91
            exec '\(tapctl)' inventory --source libvirt:test:///default
            """
        let result = try ExternalTool.run("unshare", ["-m", "sh", "-c", script])
        #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
        #expect(!result.standardOutput.isEmpty, "--version printed")
        #expect(
            result.standardError.hasPrefix("Error: libvirt:test:///default: cannot load libvirt (libvirt.so.0): "),
            "\(result.standardError)"
        )
        #expect(result.standardError.hasSuffix("; install the libvirt0 package\n"), "\(result.standardError)")
    }
}
