#!/usr/bin/env bash
# The main job on the bundled sample capture, on a fresh machine: the tap
# (decode -> policy -> GRE/ERSPAN/VXLAN encapsulation) with the bundled policy,
# writing the packets that would go on the wire to a pcap, then printing
# per-destination packets/bytes/truncated/dropped and per-rule hits.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
swift build -c release --product tapctl
out=${TMPDIR:-/tmp}/virtualtap-sample-encap.pcap
.build/release/tapctl tap --read Samples/sample.pcapng --policy Samples/sample-policy.yaml \
  --source 192.0.2.1 --write-encap "$out"
echo "encapsulated packets written to $out (open it in Wireshark, or: tapctl decap --read $out --write inner.pcapng)"
