#!/usr/bin/env bash
# The main job on the bundled sample capture, on a fresh machine: the tap
# (decode -> policy -> GRE/ERSPAN/VXLAN encapsulation) with the bundled policy,
# writing the packets that would go on the wire to a pcap, then printing
# per-destination packets/bytes/truncated/dropped and per-rule hits.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
scripts/install-deps.sh sample
# A debug build: it compiles in about half the time of a release build, and the sample is small.
# (Benchmarks/compare-peers builds and measures the release binary.)
swift build --product tapctl
tapctl=.build/debug/tapctl
out=${TMPDIR:-/tmp}/virtualtap-sample-encap.pcap
"$tapctl" tap --read Samples/sample.pcapng --policy Samples/sample-policy.yaml \
  --source 192.0.2.1 --write-encap "$out"
echo "encapsulated packets written to $out (open it in Wireshark, or: tapctl decap --read $out --write inner.pcapng)"

# The console on an embedded SQLite file, filled from the bundled sample data: the sample
# inventory (followed as a file source), the sample policy as its first revision, and the flows of
# the sample capture (dated now with editcap, exported as IPFIX into the console's collector). It
# keeps running in the background; the last line says how to stop it.
state=${TMPDIR:-/tmp}/virtualtap-sample-console
if [ -f "$state/console.pid" ]; then kill "$(cat "$state/console.pid")" 2>/dev/null || true; fi
rm -rf "$state"; mkdir -p "$state"
db="$state/console.sqlite"
password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
VIRTUALTAP_CONSOLE_PASSWORD=$password "$tapctl" console users add admin --db "$db" >/dev/null
"$tapctl" console policy submit Samples/sample-policy.yaml --comment "bundled sample policy" --db "$db" >/dev/null
port=${VIRTUALTAP_SAMPLE_CONSOLE_PORT:-8080}
flowport=${VIRTUALTAP_SAMPLE_NETFLOW_PORT:-2055}
nohup "$tapctl" console --listen "127.0.0.1:$port" --db "$db" --netflow "127.0.0.1:$flowport" \
  --inventory "file:$PWD/Samples/sample-inventory.yaml" >"$state/console.log" 2>&1 &
echo $! >"$state/console.pid"
for _ in $(seq 1 100); do grep -q "console listening" "$state/console.log" && break; sleep 0.1; done
grep -q "console listening" "$state/console.log" || { cat "$state/console.log" >&2; exit 1; }
sleep 1  # the inventory follower's first poll names the sample VMs
capture=Samples/sample.pcapng
first=$(capinfos -a -T -r -S Samples/sample.pcapng | cut -f2 | cut -d. -f1)
editcap -t "$(( $(date +%s) - first - 60 ))" Samples/sample.pcapng "$state/sample-now.pcapng"
capture=$state/sample-now.pcapng
"$tapctl" flows --read "$capture" --export "127.0.0.1:$flowport" --version 10 >/dev/null
sleep 2  # one flush of the collector
echo "console: http://127.0.0.1:$port  login: admin / $password  (API: http://127.0.0.1:$port/api/v1/openapi.json)"
echo "flows per VM of the last hour: http://127.0.0.1:$port/api/v1/flows/top?group=vm (with the login session or an API token); collector on udp://127.0.0.1:$flowport"
echo "console log: $state/console.log; stop it with: kill $(cat "$state/console.pid")"
