# The tap job: decode + 1,000-rule policy + GRE encapsulation + write a pcap
# (tapctl tap --write-encap), against tcpdump selecting the same traffic (about
# 20% of the frames) with a BPF filter and writing it to a file.
JOB_DESCRIPTION="tap: decode + 1,000-rule policy + GRE encap + write pcap vs tcpdump select-and-write"
JOB_TARGET=">= 3"
TAP_FILTER='port 445 or port 5432 or tcp port 80 or tcp port 8080'
job_setup() {
  # 997 rules that select nothing in the capture (other hosts, nets, MACs, VLANs),
  # then the 3 rules that select the traffic TAP_FILTER selects.
  {
    echo "destinations:"
    echo "  ids: { address: 192.0.2.10, encap: gre, key: 100, mtu: 9000 }"
    echo "rules:"
    for i in $(seq 0 996); do
      a=$((i / 256)); b=$((i % 256))
      case $((i % 4)) in
        0) echo "  - { name: n$i, match: { host: 172.16.$a.$b }, send: [ids] }" ;;
        1) echo "  - { name: n$i, match: { dst-net: 192.168.$((i >> 4)).$(((i & 15) << 4))/28, port: [443, 53] }, send: [ids] }" ;;
        2) echo "  - { name: n$i, match: { vlan: $((2000 + i)), port: [80, 443] }, send: [ids] }" ;;
        3) printf '  - { name: n%d, match: { mac: "02:99:%02x:%02x:00:01" }, send: [ids] }\n' "$i" "$a" "$b" ;;
      esac
    done
    echo "  - { name: smb, match: { port: 445 }, send: [ids] }"
    echo "  - { name: pg, match: { port: 5432 }, send: [ids] }"
    echo "  - { name: web, match: { proto: tcp, port: [80, 8080] }, send: [ids] }"
    echo "default: ignore"
  } > "$WORK/tap-policy.yaml"
}
ours() { "$TAPCTL" tap --read "$CAPTURE" --policy "$WORK/tap-policy.yaml" --write-encap "$WORK/tap-ours.pcap" > /dev/null; }
peer() { tcpdump -n -r "$CAPTURE" -w "$WORK/tap-peer.pcap" "$TAP_FILTER or (vlan and ($TAP_FILTER))" > /dev/null 2>&1; }
