#!/usr/bin/env bash
# The console's flow collector and flow API at estate scale, on SQLite and on PostgreSQL (a fresh
# database on the cluster of scripts/postgres-cluster.sh, or on the server VIRTUALTAP_TEST_POSTGRES_URL
# names).
#  1. Ingest: EXPORTERS synthetic NetFlow v5 exporters (exporters.py) send RATE records/s for SECONDS
#     to `tapctl console --netflow`, with an inventory of VMS VMs; reported: records decoded and
#     written per second (from /api/v1/flows/collector) and the kernel's UDP drops at the socket
#     (/proc/net/udp, as the collector reads them).
#  2. Query: one day of 1-minute rollups for VMS VMs (fill.py, with the 5-minute and 1-hour sums),
#     then /api/v1/flows/top over those 24 hours, 40 times: p50/p95 latency, and the database size.
# Usage: Benchmarks/console-flows/run.sh [TAPCTL] [EXPORTERS] [RATE] [SECONDS] [VMS]
set -euo pipefail
cd "$(dirname "$0")/../.."
tapctl=${1:-.build/release/tapctl}
exporters=${2:-50}; rate=${3:-100000}; seconds=${4:-30}; vms=${5:-2000}
postgres=${VIRTUALTAP_TEST_POSTGRES_URL:-$(scripts/postgres-cluster.sh start)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
here=Benchmarks/console-flows
python3 - "$vms" >"$work/inventory.yaml" <<'PY'
import sys
n = int(sys.argv[1])
print("vms:")
for i in range(n):
    print(f"  - {{ name: vm-{i:04d}, host: hv{i % 40:02d}, state: running, nics: [{{ mac: \"52:54:00:{i // 65536 % 256:02x}:{i // 256 % 256:02x}:{i % 256:02x}\", ips: [10.{20 + i // 250}.{i % 250}.10], network: prod }}] }}")
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
start_console() {  # $1: name, rest: database options; sets console, base, token
  local name=$1; shift
  local port=$((20000 + RANDOM % 20000)) flowport=$((40000 + RANDOM % 20000))
  VIRTUALTAP_CONSOLE_PASSWORD=bench-admin-pass "$tapctl" console users add admin "$@" >/dev/null
  "$tapctl" console --listen "127.0.0.1:$port" "$@" --netflow "127.0.0.1:$flowport" --inventory "file:$work/inventory.yaml" \
    --log-level warning >"$work/$name.log" 2>&1 &
  console=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  base="http://127.0.0.1:$port"; flow_port=$flowport
  local session
  session=$(curl -sf "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"name":"admin","password":"bench-admin-pass"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  token=$(curl -sf "$base/api/v1/tokens" -H "Authorization: Bearer $session" -H 'Content-Type: application/json' \
    -d '{"name":"bench","scope":"read"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  sleep 2  # the inventory follower's first poll
}
collector() { curl -sf "$base/api/v1/flows/collector" -H "Authorization: Bearer $token"; }
ingest() {  # $1: name, rest: database options
  local name=$1; shift
  start_console "$name" "$@"
  echo "== ingest, $name: $exporters exporters, $rate records/s offered for $seconds s, $vms VMs"
  python3 "$here/exporters.py" 127.0.0.1 "$flow_port" "$exporters" "$rate" "$seconds" "$vms" | tee "$work/sent.json"
  sleep 3
  collector >"$work/collector.json"
  python3 - "$work/sent.json" "$work/collector.json" <<'PY'
import json, sys
sent = json.load(open(sys.argv[1])); c = json.load(open(sys.argv[2])); s = sent["seconds"]
decoded, written = c["flowRecords"], c["flowRecordsWritten"]
print(f"sent {sent['records']} records in {sent['datagrams']} datagrams; received {c['datagrams']} datagrams; "
      f"decoded {decoded} ({decoded / s:.0f}/s), written {written} ({written / s:.0f}/s) as {c['minuteRowsWritten']} "
      f"1-minute rows; kernel drops {c.get('kernelDrops')}; write failures {c['writeFailures']}")
PY
  kill "$console"; wait "$console" 2>/dev/null || true
}
query() {  # $1: name, $2: size command, rest: database options
  local name=$1 size=$2; shift 2
  start_console "$name" "$@"
  local day=$(( ($(date +%s) / 86400 - 1) * 86400 ))
  echo "== query, $name: 24 h of 1-minute rollups for $vms VMs ($((vms * 1440)) 1-minute rows), database $(eval "$size")"
  for args in "group=pair" "group=vm" "group=host&by=packets"; do
    python3 - "$base" "$token" "$day" "$args" <<'PY'
import sys, time, urllib.request, json
base, token, day, args = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
url = f"{base}/api/v1/flows/top?start={day}&end={day + 86400}&limit=10&{args}"
times = []
for i in range(41):
    t = time.monotonic()
    body = urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})).read()
    if i: times.append((time.monotonic() - t) * 1000)
times.sort(); answer = json.loads(body)
print(f"top talkers ({args}) over 24 h: table {answer['table']}, p50 {times[len(times) // 2]:.1f} ms, p95 {times[int(len(times) * 0.95) - 1]:.1f} ms, "
      f"{len(answer['items'])} items, total {answer['totals']['bytes']} bytes")
PY
  done
  kill "$console"; wait "$console" 2>/dev/null || true
}
ingest sqlite --db "$work/ingest.sqlite"
database="flows_$(date +%s)"
psql "$postgres" -qc "CREATE DATABASE $database"
ingest postgresql --database-url "${postgres%/*}/$database"
psql "$postgres" -qc "DROP DATABASE $database WITH (FORCE)" || true

day=$(( ($(date +%s) / 86400 - 1) * 86400 ))
VIRTUALTAP_CONSOLE_PASSWORD=bench-admin-pass "$tapctl" console users add filler --db "$work/query.sqlite" >/dev/null
python3 "$here/fill.py" sqlite "$work/query.sqlite" "$day" "$vms"
sqlite3_size() { python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1]) / 1e6:.0f} MB per day (SQLite file)')" "$work/query.sqlite"; }
query sqlite sqlite3_size --db "$work/query.sqlite"
database="flowq_$(date +%s)"
psql "$postgres" -qc "CREATE DATABASE $database"
url="${postgres%/*}/$database"
VIRTUALTAP_CONSOLE_PASSWORD=bench-admin-pass "$tapctl" console users add filler --database-url "$url" >/dev/null
for table in flow_rollup_1m flow_rollup_5m flow_rollup_1h; do
  python3 "$here/fill.py" csv "$table" "$day" "$vms" | psql "$url" -qc "COPY $table (bucket, src_key, dst_key, protocol, port, src_vm, src_host, src_network, dst_vm, dst_host, dst_network, bytes, packets, flows, estimated_flows) FROM STDIN"
done
psql "$url" -qc "VACUUM ANALYZE"
pg_size() { psql "$url" -tAc "SELECT pg_size_pretty(pg_database_size(current_database())) || ' per day (PostgreSQL database)'"; }
query postgresql pg_size --database-url "$url"
psql "$postgres" -qc "DROP DATABASE $database WITH (FORCE)" || true
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
