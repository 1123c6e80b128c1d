#!/usr/bin/env bash
# Peak memory per flow: tapctl flows against softflowd on the same capture,
# both allowed 1,048,576 flows and long timeouts so that every flow of the
# capture is live at the end (peak = flows in the capture).
# Usage: Benchmarks/netflow-memory.sh CAPTURE [TAPCTL]
# Prints max RSS of each (GNU time), the RSS of the same program on a
# 1-packet capture (its baseline), the peak live flows, and
# (RSS - baseline) / peak flows for both.
set -euo pipefail
capture=$1
tapctl=${2:-$(cd "$(dirname "$0")/.." && pwd)/.build/release/tapctl}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$capture" "$work/one.pcap" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read(24 + 16 + 65536)
import struct
cap = struct.unpack('<I', d[32:36])[0]
open(sys.argv[2], 'wb').write(d[:24 + 16 + cap])
PY
ours() { "$tapctl" flows --read "$1" --export 127.0.0.1:9 --version 9 --max-flows 1048576 --active-timeout 1000000 --inactive-timeout 1000000; }
peer() { softflowd -r "$1" -n 127.0.0.1:9 -v 9 -A milli -m 1048576 -t maxlife=1000000 -t general=1000000 -t tcp=1000000 -t udp=1000000 -t icmp=1000000 -t tcp.rst=1000000 -t tcp.fin=1000000 -p "$work/sf.pid"; }
# Max RSS in KB of "$@" (GNU time).
rss() { /usr/bin/time -f %M -o "$work/rss" "$@" > /dev/null 2>&1 || true; tail -1 "$work/rss"; }
ours_base=$(rss "$tapctl" flows --read "$work/one.pcap" --export 127.0.0.1:9 --version 9)
ours_peak=$(rss "$tapctl" flows --read "$capture" --export 127.0.0.1:9 --version 9 --max-flows 1048576 --active-timeout 1000000 --inactive-timeout 1000000)
peer_base=$(rss softflowd -r "$work/one.pcap" -n 127.0.0.1:9 -v 9 -A milli -m 1048576 -p "$work/sf.pid")
peer_peak=$(rss softflowd -r "$capture" -n 127.0.0.1:9 -v 9 -A milli -m 1048576 -t maxlife=1000000 -t general=1000000 -t tcp=1000000 -t udp=1000000 -t icmp=1000000 -t tcp.rst=1000000 -t tcp.fin=1000000 -p "$work/sf.pid")
flows=$(ours "$capture" | awk '/^flows:/ {print $4}')
peer "$capture" > "$work/peer.txt" 2>&1 || true
peer_flows=$(awk '/^Flows expired:/ {print $3}' "$work/peer.txt")
peer_records=$(awk -F'[()]' '/^Flows exported:/ {split($2, a, " "); print a[1]}' "$work/peer.txt")
echo "tapctl:    max RSS ${ours_peak} KB (baseline ${ours_base} KB), ${flows} unidirectional flows live at peak:" \
  "$(( (ours_peak - ours_base) * 1024 / flows )) B per flow"
echo "softflowd: max RSS ${peer_peak} KB (baseline ${peer_base} KB), ${peer_flows} bidirectional flows live at the end" \
  "(${peer_records} records): $(( (peer_peak - peer_base) * 1024 / peer_flows )) B per flow entry," \
  "$(( (peer_peak - peer_base) * 1024 / peer_records )) B per exported unidirectional record"
