/// Export sequence numbers, per exporter and source ID / observation domain.
extension FlowMessageDecoder {
    /// Checks a datagram's sequence number. `units`: v5 its records, v9 1,
    /// IPFIX the data records decoded from it (nil when not known).
    mutating func trackSequence(_ sequence: UInt32, units: UInt32?, flowUnits: UInt32? = nil, domain: DomainKey) {
        var state =
            sequences[domain]
            ?? ExporterSequence(
                exporter: domain.exporter,
                version: domain.version,
                observationDomain: domain.domain
            )
        let reorderedBefore = state.reordered
        let lost = state.receive(sequence, units: units, flowUnits: flowUnits)
        if lost > 0 {
            statistics.sequenceGaps &+= 1
            if domain.version == 9 { statistics.lostDatagrams &+= lost } else { statistics.lostRecords &+= lost }
        }
        if state.reordered != reorderedBefore { statistics.sequenceReordered &+= 1 }
        sequences[domain] = state
    }
}
