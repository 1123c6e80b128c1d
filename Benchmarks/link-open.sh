#!/usr/bin/env bash
# How soon the agent's captures open after an interface appears: the release agent tapping one VM
# of an inventory (match-all policy, copies to a file), the VM's interface created
# (`ip link add ... type veth`, `ip link set ... up`) and deleted 10 times, 0.3 s apart.
# Prints the "interface opened" lines' after-link-event-ms: the capture of what the VM transmits,
# then of what it receives, for each creation.
#
# Usage: Benchmarks/link-open.sh [--tapctl PATH] [-- AGENT-OPTIONS...]
#   --tapctl PATH   the tapctl to test (default .build/release/tapctl, built if missing)
#   AGENT-OPTIONS   passed to tapctl tap (e.g. --buffer 4)
# Needs root and iproute2. Namespace vtlnk-PID.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tapctl="$root/.build/release/tapctl"
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --tapctl) tapctl=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -x "$tapctl" ] || (cd "$root" && swift build -c release --product tapctl >&2)
ns=vtlnk-$$
work=$(mktemp -d)
agent=""
cleanup() {
  [ -n "$agent" ] && kill "$agent" 2>/dev/null
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
  return 0
}
trap cleanup EXIT
ip netns add "$ns"
ip -n "$ns" link set lo up
cat > "$work/inventory.yaml" <<YAML
hosts:
  - { name: h1 }
vms:
  - name: vm1
    host: h1
    state: running
    nics:
      - { mac: "02:00:00:00:33:01", interface: vtlnkv1, network: lab }
YAML
cat > "$work/policy.yaml" <<YAML
destinations:
  ids: { address: 198.18.0.9, encap: gre, key: 1 }
default: { send: [ids] }
YAML
echo "machine load: $(uptime)"
ip netns exec "$ns" "$tapctl" tap --vm vm1 --inventory "file:$work/inventory.yaml" --host-name h1 \
  --policy "$work/policy.yaml" --write-encap "$work/copies.pcap" "${extra[@]}" > "$work/agent.log" 2>&1 &
agent=$!
sleep 2
for _ in $(seq 1 10); do
  ip -n "$ns" link add vtlnkv1 address 02:00:00:00:33:01 type veth peer name vtlnkp1
  ip -n "$ns" link set vtlnkv1 up
  sleep 0.3
  ip -n "$ns" link del vtlnkv1
  sleep 0.3
done
kill -INT "$agent"
wait "$agent" || true
agent=""
for direction in transmitted received; do
  printf '%-12s after-link-event-ms: %s\n' "$direction" \
    "$(grep 'interface opened' "$work/agent.log" | grep "direction=$direction" | grep -o 'after-link-event-ms=[0-9.]*' | cut -d= -f2 | paste -sd' ')"
done
