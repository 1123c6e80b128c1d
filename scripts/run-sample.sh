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

# The console on an embedded SQLite file, filled from the bundled sample data: the sample
# inventory and the sample policy as its first revision. It keeps running in the background.
state=${TMPDIR:-/tmp}/virtualtap-sample-console
rm -rf "$state"; mkdir -p "$state"
password=$(head -c 12 /dev/urandom | base64 | tr -d '/+=')
VIRTUALTAP_CONSOLE_PASSWORD=$password .build/release/tapctl console users add admin --db "$state/console.sqlite" >/dev/null
port=${VIRTUALTAP_SAMPLE_CONSOLE_PORT:-8080}
.build/release/tapctl console --listen "127.0.0.1:$port" --db "$state/console.sqlite" \
  --inventory file:Samples/sample-inventory.yaml >"$state/console.log" 2>&1 &
console_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
session=$(curl -sf "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"name\":\"admin\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
python3 -c 'import json,sys; print(json.dumps({"text": open(sys.argv[1]).read(), "comment": "bundled sample policy"}))' \
  Samples/sample-policy.yaml | curl -sf "http://127.0.0.1:$port/api/v1/policy/revisions" \
  -H "Authorization: Bearer $session" -H 'Content-Type: application/json' -d @- >/dev/null
echo "console: http://127.0.0.1:$port (login: admin / $password; API: http://127.0.0.1:$port/api/v1/openapi.json)"
echo "console pid $console_pid, log $state/console.log (stop it with: kill $console_pid)"
