import Foundation
import Inventory
@testable import InventoryLibvirt
import TestSupport
import Testing

/// libvirt is loaded with dlopen at first use, not linked.
@Suite struct LibvirtLibraryTests {
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
                + "No such file or directory; install the libvirt0 package")
    }

    @Test func aLibraryWithoutLibvirtsFunctionsNamesTheFirstMissingOne() throws {
        let error = try #require(throws: InventorySourceError.self) { try LibvirtLibrary.open("libz.so.1") }
        #expect(error.reason == "cannot load libvirt (libz.so.1): libz.so.1 has no function virConnectOpen; install the libvirt0 package")
    }

    @Test func tapctlDoesNotLinkLibvirt() throws {
        let tapctl = try ExternalTool.tapctl
        let libraries = try ExternalTool.run("ldd", [tapctl])
        #expect(libraries.status == 0, "\(libraries.standardError)")
        #expect(libraries.standardOutput.contains("libc.so.6"), "ldd listed the libraries")
        #expect(!libraries.standardOutput.contains("libvirt"), "\(libraries.standardOutput)")
    }
}
