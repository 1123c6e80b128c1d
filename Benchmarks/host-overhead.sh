#!/usr/bin/env bash
# Host overhead of tapping: two VM namespaces on one host bridge, iperf3 between them, measured
# untapped and under each tap, side by side in one run:
#   untapped      nothing captures
#   agent-none    tapctl tap on both VMs, the policy selects none of the iperf traffic
#   agent-all     tapctl tap on both VMs, every frame selected, GRE to a receiver namespace
#   tcpdump       tcpdump -Q in -w /dev/null on each of the two vnets (what each VM sends, once)
#   tc-mirred     tc filter ... u32 match u32 0 0 action mirred egress mirror dev vxlan0 on each vnet's ingress
# Columns: throughput as a fraction of untapped; copies received (GRE/VXLAN packets arriving in the
# receiver namespace; tcpdump's "captured") per frame the VMs sent (host-side vnet rx counters);
# CPU per copied packet and per copied KiB (user+system of the tapping processes; for tc the
# host's softirq time above the untapped run's).
#
# Usage: Benchmarks/host-overhead.sh [--seconds N] [--udp-rate BITS] [--tapctl PATH] [--buffer MIB]
#   --seconds N     length of each TCP run (default 10; the UDP run is half of it)
#   --udp-rate R    iperf3 -u target rate for 64-byte datagrams (default 20M)
#   --tapctl PATH   the tapctl to test (default .build/release/tapctl, built if missing)
#   --buffer MIB    the agent's capture ring per interface and direction (default: its own)
# Needs root, iperf3, tcpdump, iproute2 (tc, vxlan). Namespaces vtho-h / -a / -b / -rx,
# addresses 198.18.210.0/24 (receiver) and 198.18.211.0/24 (VMs).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
seconds=10
udp_rate=20M
tapctl=""
buffer=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --udp-rate) udp_rate=$2; shift 2 ;;
    --tapctl) tapctl=$2; shift 2 ;;
    --buffer) buffer=(--buffer "$2"); shift 2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
for tool in iperf3 tcpdump ip tc python3; do command -v $tool >/dev/null || { echo "host-overhead: $tool is missing" >&2; exit 2; }; done
if [ -z "$tapctl" ]; then
  tapctl="$root/.build/release/tapctl"
  [ -x "$tapctl" ] || (cd "$root" && swift build -c release --product tapctl >&2)
fi

namespaces=(vtho-h vtho-a vtho-b vtho-rx)
work=""
cleanup() {
  for ns in "${namespaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  [ -n "$work" ] && rm -rf "$work"
  return 0
}
trap cleanup EXIT
cleanup
work=$(mktemp -d)
h() { ip netns exec vtho-h "$@"; }  # (background processes are started without it: their pid is the tool's)

for ns in "${namespaces[@]}"; do
  ip netns add "$ns"
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
  ip -n "$ns" link set lo up
done
ip -n vtho-h link add br0 type bridge
ip -n vtho-h link set br0 up
for vm in a b; do
  mac=02:00:00:00:11:0$([ $vm = a ] && echo 1 || echo 2)
  ip link add eth0 netns vtho-$vm address $mac type veth peer name vnet-$vm netns vtho-h
  ip -n vtho-$vm addr add 198.18.211.$([ $vm = a ] && echo 1 || echo 2)/24 dev eth0
  ip -n vtho-$vm link set eth0 up
  ip -n vtho-h link set vnet-$vm master br0 up
done
ip link add rxh netns vtho-h type veth peer name rx0 netns vtho-rx address 02:00:00:00:12:02
ip -n vtho-h addr add 198.18.210.1/24 dev rxh
ip -n vtho-h link set rxh up
ip -n vtho-rx addr add 198.18.210.2/24 dev rx0
ip -n vtho-rx link set rx0 up
# The receiver drops what arrives (no GRE or VXLAN device there); its rx counter is the count.
h ip link add vxlan0 type vxlan id 42 remote 198.18.210.2 dstport 4789 dev rxh
h ip link set vxlan0 up
ip netns exec vtho-b iperf3 -s -D -p 5201 --pidfile "$work/iperf3.pid" >/dev/null

cat > "$work/inventory.yaml" <<YAML
hosts:
  - { name: overhead-host }
vms:
  - name: vm-a
    host: overhead-host
    state: running
    nics:
      - { mac: "02:00:00:00:11:01", interface: vnet-a, network: bench }
  - name: vm-b
    host: overhead-host
    state: running
    nics:
      - { mac: "02:00:00:00:11:02", interface: vnet-b, network: bench }
YAML
cat > "$work/all.yaml" <<YAML
destinations:
  rx: { address: 198.18.210.2, encap: gre, key: 1 }
rules:
  - name: everything
    match: {}
    send: [rx]
default: ignore
YAML
cat > "$work/none.yaml" <<YAML
destinations:
  rx: { address: 198.18.210.2, encap: gre, key: 1 }
rules:
  - name: syslog-only
    match: { proto: udp, port: 514 }
    send: [rx]
default: ignore
YAML

counter() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"; }
sent_frames() { echo $(( $(counter vtho-h vnet-a rx_packets) + $(counter vtho-h vnet-b rx_packets) )); }
sent_bytes() { echo $(( $(counter vtho-h vnet-a rx_bytes) + $(counter vtho-h vnet-b rx_bytes) )); }
copies() { counter vtho-rx rx0 rx_packets; }
cpu_ticks() {  # user+system clock ticks of the given pids
  local total=0 pid
  for pid in "$@"; do total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") )); done
  echo $total
}
softirq_ticks() { awk '/^cpu /{print $8}' /proc/stat; }
throughput() {  # mode: tcp | udp; prints bits/s received
  if [ "$1" = tcp ]; then
    ip netns exec vtho-a iperf3 -c 198.18.211.2 -p 5201 -t "$seconds" -J > "$work/iperf.json"
    python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["end"]["sum_received"]["bits_per_second"]))' "$work/iperf.json"
  else
    ip netns exec vtho-a iperf3 -c 198.18.211.2 -p 5201 -u -l 64 -b "$udp_rate" -t $(( (seconds + 1) / 2 )) -J > "$work/iperf.json"
    python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["end"]["sum"]; print(int(s["bits_per_second"]*(1-s["lost_percent"]/100)))' "$work/iperf.json"
  fi
}

pids=()
tap_start() {  # case
  pids=()
  case "$1" in
    untapped) ;;
    agent-none|agent-all)
      local policy=$work/${1#agent-}.yaml
      ip netns exec vtho-h "$tapctl" tap --vm 'vm-*' --inventory "file:$work/inventory.yaml" --host-name overhead-host \
        --policy "$policy" --stats-json "$work/agent.json" "${buffer[@]}" > "$work/agent.log" 2>&1 &
      pids=($!)
      for _ in $(seq 100); do [ "$(grep -c "interface opened" "$work/agent.log" 2>/dev/null)" -ge 4 ] && break; sleep 0.1; done
      kill -0 "${pids[0]}" 2>/dev/null || { echo "host-overhead: the agent did not start:" >&2; cat "$work/agent.log" >&2; exit 1; } ;;
    tcpdump)
      for vm in a b; do
        ip netns exec vtho-h tcpdump -n -i vnet-$vm -Q in -B 32768 -w /dev/null > "$work/tcpdump-$vm.log" 2>&1 &
        pids+=($!)
      done
      sleep 1 ;;
    tc-mirred)
      for vm in a b; do
        h tc qdisc add dev vnet-$vm ingress
        h tc filter add dev vnet-$vm parent ffff: protocol all u32 match u32 0 0 action mirred egress mirror dev vxlan0
      done ;;
  esac
  sleep 0.5
}
tap_stop() {  # case; prints the copies the tap itself reports (empty: count at the receiver)
  case "$1" in
    agent-none|agent-all) kill -INT "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true ;;
    tcpdump)
      local pid total=0 vm
      for pid in "${pids[@]}"; do kill -INT "$pid"; wait "$pid" 2>/dev/null || true; done
      for vm in a b; do total=$(( total + $(grep -oE '^[0-9]+ packets captured' "$work/tcpdump-$vm.log" | grep -oE '^[0-9]+') )); done
      echo $total ;;
    tc-mirred) for vm in a b; do h tc qdisc del dev vnet-$vm ingress; done ;;
  esac
}

declare -A result
cases=(untapped agent-none agent-all tcpdump tc-mirred)
for mode in tcp udp; do
  for name in "${cases[@]}"; do
    tap_start "$name"
    frames0=$(sent_frames); bytes0=$(sent_bytes); copies0=$(copies); soft0=$(softirq_ticks)
    cpu0=0; [ ${#pids[@]} -gt 0 ] && cpu0=$(cpu_ticks "${pids[@]}")
    bps=$(throughput $mode)
    cpu1=0; [ ${#pids[@]} -gt 0 ] && cpu1=$(cpu_ticks "${pids[@]}")
    sleep 0.3
    frames=$(( $(sent_frames) - frames0 )); bytes=$(( $(sent_bytes) - bytes0 ))
    received=$(( $(copies) - copies0 )); soft=$(( $(softirq_ticks) - soft0 ))
    reported=$(tap_stop "$name")
    [ -n "$reported" ] && received=$reported
    result[$mode,$name]="$bps $frames $bytes $received $(( cpu1 - cpu0 )) $soft"
  done
done

echo "machine load: $(uptime)"
echo "host overhead: iperf3 vm-a -> vm-b over one bridge; TCP ${seconds}s, UDP 64-byte datagrams at $udp_rate for $(( (seconds + 1) / 2 ))s"
printf "%-4s %-11s %12s %11s %10s %10s %8s %7s %12s %11s\n" mode tap "throughput" "of untapped" frames copies "copies%" "CPU s" "CPU us/copy" "CPU us/KiB"
hz=$(getconf CLK_TCK)
for mode in tcp udp; do
  read -r base _ _ _ _ base_soft <<< "${result[$mode,untapped]}"
  for name in "${cases[@]}"; do
    read -r bps frames bytes received cpu soft <<< "${result[$mode,$name]}"
    [ "$name" = tc-mirred ] && cpu=$(( soft > base_soft ? soft - base_soft : 0 ))
    python3 - "$mode" "$name" "$bps" "$base" "$frames" "$bytes" "$received" "$cpu" "$hz" <<'PY'
import sys
mode, name, bps, base, frames, nbytes, received, cpu, hz = sys.argv[1:]
bps, base, frames, nbytes, received, cpu, hz = map(float, (bps, base, frames, nbytes, received, cpu, hz))
copied = name not in ("untapped", "agent-none")
us = cpu / hz * 1e6
per_copy = "%.2f" % (us / received) if copied and received else "-"
per_kib = "%.3f" % (us / (nbytes / 1024 * min(received / frames, 1))) if copied and received and frames else "-"
print("%-4s %-11s %9.3f Gb %11.2f %10d %10d %7.1f%% %7.2f %12s %11s" % (mode, name, bps / 1e9, bps / base if base else 0,
      frames, received, 100 * received / frames if frames else 0, us / 1e6, per_copy, per_kib))
PY
  done
done
