/// NetFlow v5: a 24-byte header and up to 30 fixed 48-byte IPv4 records.
extension FlowExporter {
    static var v5HeaderLength: Int { 24 }
    static var v5RecordLength: Int { 48 }

    mutating func appendV5(_ record: FlowRecord) {
        guard record.key.ipVersion == 4 else {
            skippedIPv6Flows &+= 1
            return
        }
        let maximum = min(30, (configuration.maximumDatagramSize - Self.v5HeaderLength) / Self.v5RecordLength)
        if datagramOpen && recordsInDatagram >= maximum { flush() }
        if !datagramOpen { startDatagram(headerLength: Self.v5HeaderLength) }
        let key = record.key
        buffer.append(UInt32(truncatingIfNeeded: key.sourceAddress))
        buffer.append(UInt32(truncatingIfNeeded: key.destinationAddress))
        buffer.append(UInt32(0))  // nexthop
        buffer.append(UInt16(truncatingIfNeeded: key.interfaceIndex))  // input
        buffer.append(UInt16(0))  // output
        buffer.append(UInt32(clamping: record.packets))  // dPkts
        buffer.append(UInt32(clamping: record.bytes))  // dOctets
        buffer.append(uptime(at: record.firstMilliseconds))  // First
        buffer.append(uptime(at: record.lastMilliseconds))  // Last
        buffer.append(key.sourcePort)
        buffer.append(key.destinationPort)
        buffer.append(UInt8(0))  // pad1
        buffer.append(record.tcpFlags)
        buffer.append(key.ipProtocol)
        buffer.append(record.typeOfService)
        buffer.appendZeros(8)  // src_as, dst_as, masks, pad2
        recordsInDatagram += 1
        flowsExported &+= 1
    }

    mutating func finishV5Header() {
        let interval = configuration.samplingInterval
        buffer.set(UInt16(5), at: 0)
        buffer.set(UInt16(recordsInDatagram), at: 2)
        buffer.set(headerUptime, at: 4)
        buffer.set(headerSeconds, at: 8)
        buffer.set(UInt32(0), at: 12)  // unix_nsecs
        buffer.set(UInt32(truncatingIfNeeded: flowsExported &- UInt64(recordsInDatagram)), at: 16)
        buffer.set(UInt16(truncatingIfNeeded: configuration.observationDomain & 0xFF), at: 20)  // engine type 0, id
        // Sampling: mode 01 (packet interval) in the top 2 bits, interval in 14.
        buffer.set(interval > 1 ? 0x4000 | UInt16(min(interval, 0x3FFF)) : 0, at: 22)
    }
}
