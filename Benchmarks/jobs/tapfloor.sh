# Not a target (named to sort after "tap", whose output size it needs): the ceiling for the tap job on this machine. "ours" is
# Benchmarks/floor/io-floor.c, which only reads the capture and writes as many
# bytes as the tap's output, with no decoding, matching or encapsulation; "peer"
# is the tap job's tcpdump. Its ratio is the best any tap could reach against
# tcpdump here: when it is below the tap job's target, the target is out of
# reach on this machine whatever the tap does per packet.
JOB_DESCRIPTION="I/O floor (read the capture, write the tap's output bytes, nothing else) vs tcpdump select-and-write"
JOB_TARGET="ceiling"
TAP_FILTER='port 445 or port 5432 or tcp port 80 or tcp port 8080'
job_setup() {
  cc -O2 -o "$WORK/io-floor" "$here/floor/io-floor.c"
  # The tap job's output size: that job must have run in this --keep folder.
  [ -s "$WORK/tap-ours.pcap" ] || { echo "tapfloor: run the tap job first (same --keep folder)" >&2; exit 2; }
  FLOOR_BYTES=$(stat -c %s "$WORK/tap-ours.pcap")
  export FLOOR_BYTES
}
ours() { "$WORK/io-floor" "$CAPTURE" "$WORK/floor-out.bin" "$FLOOR_BYTES" > /dev/null; }
peer() { tcpdump -n -r "$CAPTURE" -w "$WORK/tap-peer.pcap" "$TAP_FILTER or (vlan and ($TAP_FILTER))" > /dev/null 2>&1; }
