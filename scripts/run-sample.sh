#!/usr/bin/env bash
# The main job on the bundled sample capture, on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
swift build -c release --product tapctl
.build/release/tapctl pcap stats Samples/sample.pcapng
