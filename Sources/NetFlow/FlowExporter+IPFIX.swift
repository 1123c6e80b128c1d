import TapVocabulary

/// IPFIX (RFC 7011): 16-byte message header, template / options template /
/// data sets, absolute millisecond timestamps, optional VM identity fields.
extension FlowExporter {
    static var ipfixHeaderLength: Int { 16 }
    /// Longest VM name sent (bytes of UTF-8); longer names are cut.
    static var maximumVMNameLength: Int { 256 }

    mutating func appendIPFIX(_ record: FlowRecord) {
        let key = record.key
        let ipv6 = key.ipVersion == 6
        let vm = vmResolver?.vm(forFlow: key.source, destination: key.destination, interfaceIndex: key.interfaceIndex)
        let name = vm.map { Array($0.name.utf8.prefix(Self.maximumVMNameLength)) } ?? []
        let template: UInt16
        var length = ipv6 ? 79 : 55
        if vm != nil {
            template = ipv6 ? ExportTemplate.ipv6VMTemplateID : ExportTemplate.ipv4VMTemplateID
            length += 16 + (name.count < 255 ? 1 : 3) + name.count
        } else {
            template = ipv6 ? ExportTemplate.ipv6TemplateID : ExportTemplate.ipv4TemplateID
        }
        reserveRecord(length: length, template: template, headerLength: Self.ipfixHeaderLength)
        appendAddresses(key)
        buffer.append(key.sourcePort)
        buffer.append(key.destinationPort)
        buffer.append(key.ipProtocol)
        buffer.append(record.typeOfService)
        buffer.append(UInt16(record.tcpFlags))
        buffer.append(record.packets)
        buffer.append(record.bytes)
        buffer.append(UInt64(bitPattern: record.firstMilliseconds))
        buffer.append(UInt64(bitPattern: record.lastMilliseconds))
        buffer.append(key.interfaceIndex)
        buffer.append(key.vlanID)
        buffer.append(record.endReason.rawValue)
        if let vm {
            buffer.append(vm.uuidBits ?? 0)
            if name.count < 255 {
                buffer.append(UInt8(name.count))
            } else {
                buffer.append(UInt8(255))
                buffer.append(UInt16(name.count))
            }
            buffer.append(bytes: name)
        }
        dataRecordsInDatagram += 1
        flowsExported &+= 1
    }

    mutating func finishIPFIXHeader() {
        buffer.set(UInt16(10), at: 0)
        buffer.set(UInt16(buffer.count), at: 2)
        buffer.set(headerSeconds, at: 4)
        buffer.set(UInt32(truncatingIfNeeded: dataRecordsSent), at: 8)  // data records before this message
        buffer.set(configuration.observationDomain, at: 12)
    }
}
