import Foundation
import Inventory
import InventoryLibvirt
import InventoryVSphere
import Testing

/// The two XML decoders on recorded answers of the real peers: a
/// `RetrievePropertiesEx` answer of govmomi's simulator and `virsh dumpxml` of the
/// test driver. Truncated input must throw or decode, never trap.
@Suite struct XMLDecoderTests {
    static func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: Fixtures.path(name), encoding: .utf8)
    }

    @Test func aRecordedPropertyCollectorAnswerDecodes() throws {
        let page = try VSphereInventoryPage(envelope: try Self.fixture("vcsim-retrieve-properties.xml"))
        #expect(page.token == nil)
        let snapshot = VSphereInventoryPage.snapshot([page])
        #expect(snapshot.hosts.map(\.name) == ["DC0_C0_H0", "DC0_C0_H1"])
        #expect(snapshot.virtualMachines.map(\.name) == ["DC0_C0_RP0_VM0", "DC0_C0_RP0_VM1"])
        #expect(snapshot.virtualMachines.map(\.host) == ["DC0_C0_H1", "DC0_C0_H0"])
        #expect(
            snapshot.virtualMachines.map { $0.nics.map(\.mac.description) } == [
                ["00:50:56:a0:00:00"], ["00:50:56:a0:01:00"],
            ]
        )
        #expect(snapshot.virtualMachines.flatMap { $0.nics.compactMap(\.network) } == ["DC0_DVPG0", "DC0_DVPG0"])
    }

    @Test func aSOAPAnswerWithoutTheResponseIsAClearError() throws {
        let error = try #require(throws: InventorySourceError.self) {
            try VSphereInventoryPage(envelope: "<Envelope><Body><Other/></Body></Envelope>", source: "vsphere:test")
        }
        #expect(
            error.description == "vsphere:test: RetrievePropertiesEx: no RetrievePropertiesExResponse in the answer"
        )
    }

    @Test func truncatedPropertyCollectorAnswersNeverTrap() throws {
        let bytes = Array(try Self.fixture("vcsim-retrieve-properties.xml").utf8)
        var failures = 0
        for length in stride(from: 0, to: bytes.count, by: 13) {
            do { _ = try VSphereInventoryPage(envelope: String(decoding: bytes[..<length], as: UTF8.self)) } catch {
                failures += 1
            }
        }
        #expect(failures > 1000)
    }

    @Test func virshDumpXMLDecodesToTheDomain() throws {
        let domain = try LibvirtDomainDescription(xml: try Self.fixture("libvirt-vm-web-dumpxml.xml"))
        #expect(domain.name == "vm-web")
        #expect(domain.uuid == "aaaaaaaa-0000-4000-8000-000000000001")
        #expect(domain.nics.map(\.mac.description) == ["52:54:00:00:01:01", "52:54:00:00:01:02"])
        #expect(domain.nics.map(\.network) == ["br-prod", "mgmt"])
    }

    @Test func domainTagsVLANsAndPortsComeFromTheXML() throws {
        let xml = """
            <domain type='kvm'><name>vm-pci</name><uuid>AAAAAAAA-0000-4000-8000-0000000000FF</uuid>
            <metadata><vt:tags xmlns:vt="urn:virtualtap">pci, web</vt:tags></metadata>
            <devices>
              <interface type='network'><mac address='52:54:00:aa:00:01'/><source network='prod' portgroup='pci'/>
                <vlan><tag id='42'/></vlan><target dev='vnet7'/></interface>
              <interface type='direct'><mac address='52:54:00:aa:00:02'/><source dev='eth1' mode='vepa'/></interface>
              <interface type='user'><mac address='not-a-mac'/></interface>
            </devices></domain>
            """
        let domain = try LibvirtDomainDescription(xml: xml)
        #expect(domain.uuid == "aaaaaaaa-0000-4000-8000-0000000000ff")
        #expect(domain.tags == ["pci", "web"])
        #expect(domain.nics.map(\.vlan) == [42, nil])
        #expect(domain.nics.map(\.interfaceName) == ["vnet7", nil])
        #expect(domain.nics.map(\.network) == ["prod", "eth1"])
    }

    @Test func truncatedDomainXMLNeverTraps() throws {
        let bytes = Array(try Self.fixture("libvirt-vm-web-dumpxml.xml").utf8)
        var failures = 0
        for length in 0..<bytes.count {
            do { _ = try LibvirtDomainDescription(xml: String(decoding: bytes[..<length], as: UTF8.self)) } catch {
                failures += 1
            }
        }
        #expect(failures > bytes.count / 2)
    }

    /// Fuzzer finds: a processing instruction without data crashed Foundation's
    /// XMLParser (strlen of NULL); DTDs would allow entity expansion.
    @Test(arguments: [
        "<domain><?pi?><name>x</name></domain>",
        "<?xml version='1.0'?><domain><name>x</name><?xm?></domain>",
        "<?xml<?pi?> ?><domain/>",
        "<!DOCTYPE d [<!ENTITY a 'aaaa'>]><domain><name>&a;</name></domain>",
    ])
    func dangerousXMLIsRefusedBeforeParsing(xml: String) throws {
        let error = try #require(throws: InventorySourceError.self) { try LibvirtDomainDescription(xml: xml) }
        #expect(error.reason.hasPrefix("domain XML refused: "), "\(error)")
        #expect(throws: InventorySourceError.self) { try LibvirtNetworkDescription(xml: xml) }
        let envelope =
            "<?xml version=\"1.0\"?><Envelope><Body><RetrievePropertiesExResponse><returnval>"
            + xml + "</returnval></RetrievePropertiesExResponse></Body></Envelope>"
        let vsphere = try #require(throws: InventorySourceError.self) { try VSphereInventoryPage(envelope: envelope) }
        #expect(vsphere.reason.contains("answer refused"), "\(vsphere)")
    }

    @Test func theXMLDeclarationAloneIsAccepted() throws {
        let domain = try LibvirtDomainDescription(
            xml: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<domain><name>x</name></domain>"
        )
        #expect(domain.name == "x")
    }
}
