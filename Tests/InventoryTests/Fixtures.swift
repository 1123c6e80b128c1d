import Foundation

/// Paths of the test fixtures (found from this file, not from the working directory).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures"
    )
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    /// The libvirt test-driver node shared by the team (3 VMs, 2 networks).
    static let libvirtNode = directory.appendingPathComponent("libvirt-test-node.xml").path
}
