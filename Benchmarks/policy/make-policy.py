#!/usr/bin/env python3
"""Writes the tap policies the policy benchmark jobs use (deterministic).

  make-policy.py --rules N --out FILE     N-rule policy: N-10 rules that single out
      hosts, nets, ports, MACs and VLANs the benchmark capture (gen_pcap.py) never or
      only partly carries, then the same 10 rules that select real traffic. With
      --rules 10 only those 10 remain, so 10 / 1,000 / 10,000 runs differ only in the
      number of rules in front of the ones that match.
  make-policy.py --hosts 200 --out FILE --filter FILTER_FILE
      one rule per VM address (every other VM of gen_pcap.py's 10.1.S.H plan), and the
      equivalent tcpdump filter "host A or host B or ..." written to FILTER_FILE.
"""
import argparse, random

HEADER = """destinations:
  ids:       { address: 192.0.2.10, encap: gre, key: 100 }
  dlp:       { address: 192.0.2.11, encap: erspan3, session: 7, truncate: 256 }
  forensics: { address: "2001:db8::12", encap: vxlan, vni: 4242 }
  analyzer:  { address: 192.0.2.13, encap: gre, sequence: true }
rules:
"""

MEANINGFUL = [
    "  - { name: skip-nfs, match: { port: 2049 }, action: ignore }",
    "  - { name: dns-out, match: { net: 10.1.0.0/16, dst-port: 53, proto: udp, direction: out }, send: [dlp] }",
    "  - { name: web-tls, match: { dst-net: [10.1.4.0/22, 10.1.12.0/22], dst-port: 443, proto: tcp }, send: [ids, forensics] }",
    "  - { name: smb, match: { port: 445 }, send: [ids] }",
    "  - { name: pg, match: { port: 5432 }, send: [analyzer] }",
    "  - { name: vlan-101, match: { vlan: 101 }, send: [analyzer] }",
    "  - { name: external, match: { net: \"2001:db8::/32\" }, send: [forensics] }",
    "  - { name: icmp-skip, match: { proto: [icmp, icmpv6] }, action: ignore }",
    "  - { name: subnet-3, match: { net: 10.1.3.0/24 }, send: [ids] }",
    "  - { name: web, match: { port: [80, 8080-8090] }, send: [ids] }",
]


def noise(i, rnd):
    kind = i % 10
    a, b = (i >> 8) & 0xFF, i & 0xFF
    if kind < 4:   # hosts outside the capture
        return f"  - {{ name: n{i}, match: {{ host: 172.{16 + (i >> 16) % 16}.{a}.{b} }}, send: [ids] }}"
    if kind < 6:   # nets outside the capture, with a port the capture does use
        return f"  - {{ name: n{i}, match: {{ dst-net: 192.168.{a}.{b & 0xF0}/28, port: [443, 53] }}, send: [dlp] }}"
    if kind < 8:   # capture hosts, on ports the capture does not use
        s, h = rnd.randrange(16), 10 + rnd.randrange(25)
        lo = 20000 + (i % 4000) * 10
        return f"  - {{ name: n{i}, match: {{ host: 10.1.{s}.{h}, dst-port: {lo}-{lo + 5} }}, send: [analyzer] }}"
    if kind < 9:   # MACs outside the capture
        return f"  - {{ name: n{i}, match: {{ mac: \"02:99:{a:02x}:{b:02x}:{(i >> 16) & 0xFF:02x}:01\" }}, send: [ids] }}"
    return f"  - {{ name: n{i}, match: {{ vlan: {3000 + i % 1000}, port: 22 }}, action: ignore }}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rules", type=int)
    p.add_argument("--hosts", type=int)
    p.add_argument("--out", required=True)
    p.add_argument("--filter")
    args = p.parse_args()
    rnd = random.Random(1)
    lines = [HEADER]
    if args.hosts:
        vms = [f"10.1.{s}.{h}" for s in range(16) for h in range(10, 35)][::2][: args.hosts]
        lines += [f"  - {{ name: h{i}, match: {{ host: {a} }}, send: [ids] }}\n" for i, a in enumerate(vms)]
        with open(args.filter, "w") as f:
            f.write(" or ".join(f"host {a}" for a in vms) + "\n")
    else:
        n = max(args.rules, len(MEANINGFUL))
        lines += [noise(i, rnd) + "\n" for i in range(n - len(MEANINGFUL))]
        lines += [r + "\n" for r in MEANINGFUL]
    lines.append("default: ignore\n")
    with open(args.out, "w") as f:
        f.writelines(lines)


main()
