/// NetFlow v9 (RFC 3954): 20-byte header, template / options / data FlowSets.
extension FlowExporter {
    static var v9HeaderLength: Int { 20 }

    mutating func appendV9(_ record: FlowRecord) {
        let ipv6 = record.key.ipVersion == 6
        let template = ipv6 ? ExportTemplate.ipv6TemplateID : ExportTemplate.ipv4TemplateID
        reserveRecord(length: ipv6 ? 69 : 45, template: template, headerLength: Self.v9HeaderLength)
        appendAddresses(record.key)
        buffer.append(record.key.sourcePort)
        buffer.append(record.key.destinationPort)
        buffer.append(record.key.ipProtocol)
        buffer.append(record.typeOfService)
        buffer.append(record.tcpFlags)
        buffer.append(record.packets)
        buffer.append(record.bytes)
        buffer.append(uptime(at: record.firstMilliseconds))
        buffer.append(uptime(at: record.lastMilliseconds))
        buffer.append(record.key.interfaceIndex)
        buffer.append(record.key.vlanID)
        recordsInDatagram += 1
        dataRecordsInDatagram += 1
        flowsExported &+= 1
    }

    mutating func appendAddresses(_ key: FlowKey) {
        if key.ipVersion == 6 {
            buffer.append(key.sourceAddress)
            buffer.append(key.destinationAddress)
        } else {
            buffer.append(UInt32(truncatingIfNeeded: key.sourceAddress))
            buffer.append(UInt32(truncatingIfNeeded: key.destinationAddress))
        }
    }

    mutating func finishV9Header() {
        buffer.set(UInt16(9), at: 0)
        buffer.set(UInt16(recordsInDatagram), at: 2)
        buffer.set(headerUptime, at: 4)
        buffer.set(headerSeconds, at: 8)
        buffer.set(UInt32(truncatingIfNeeded: datagramsSent), at: 12)  // export packets sent before this one
        buffer.set(configuration.observationDomain, at: 16)
    }
}
