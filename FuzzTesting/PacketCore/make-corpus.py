#!/usr/bin/python3
"""Regenerates the seed corpora in Corpus/ from real frames and captures.

Frames come from Scapy (Debian python3-scapy; run with /usr/bin/python3),
capture files from the repository's tools/gen_pcap.py, tcpdump's
libpcap writer (via Scapy's wrpcap), and Wireshark's editcap/mergecap for
pcapng. Each corpus file is one small input in the target's format:
  FuzzPacketDecoder/  selector byte (link type, snap flag) + one frame
  FuzzPcapReader/     source byte + pcap header variant byte + pcap records
  FuzzPcapngReader/   source byte + a whole pcapng file
"""
import os, subprocess, sys, tempfile
from scapy.all import (ARP, ICMP, IP, TCP, UDP, CookedLinux, Dot1Q, Ether, ICMPv6ND_NS, ICMPv6NDOptSrcLLAddr,
                       IPOption_RR, IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrFragment, IPv6ExtHdrHopByHop,
                       IPv6ExtHdrRouting, Raw, RouterAlert, wrpcap)

here = os.path.dirname(os.path.abspath(__file__))
m1, m2 = "02:00:00:00:00:01", "02:00:00:00:00:02"
ethernet = {
    "ipv4-tcp-syn": Ether(src=m1, dst=m2)/IP(src="10.1.0.1", dst="10.1.0.2")/TCP(sport=40000, dport=443, flags="S", options=[("MSS", 1460), ("SAckOK", b""), ("Timestamp", (1, 0)), ("NOP", None), ("WScale", 7)]),
    "ipv4-tcp-data": Ether(src=m1, dst=m2)/IP(src="10.1.0.1", dst="10.1.0.2")/TCP(sport=40000, dport=443, flags="PA")/Raw(b"x" * 40),
    "vlan-ipv4-udp": Ether(src=m1, dst=m2)/Dot1Q(vlan=100, prio=3)/IP(src="10.1.1.1", dst="10.1.2.2")/UDP(sport=5353, dport=53)/Raw(b"q" * 12),
    "qinq-ipv4-udp": Ether(src=m1, dst=m2, type=0x88a8)/Dot1Q(vlan=200, type=0x8100)/Dot1Q(vlan=30)/IP(src="10.1.1.1", dst="10.1.2.2")/UDP(sport=4789, dport=4789)/Raw(b"v" * 8),
    "ipv4-icmp-echo": Ether(src=m1, dst=m2)/IP(src="10.1.0.1", dst="10.1.0.9")/ICMP(type=8, id=7, seq=1)/Raw(b"p" * 8),
    "ipv4-fragment-first": Ether(src=m1, dst=m2)/IP(src="10.1.0.1", dst="10.1.0.2", id=77, flags="MF", proto=17)/Raw(bytes(UDP(sport=1, dport=2)/Raw(b"f" * 100))[:32]),
    "ipv4-fragment-later": Ether(src=m1, dst=m2)/IP(src="10.1.0.1", dst="10.1.0.2", id=77, frag=4, proto=17)/Raw(b"f" * 20),
    "ipv4-options-udp": Ether(src=m1, dst=m2)/IP(src="10.1.0.1", dst="10.1.0.2", options=[IPOption_RR(routers=["1.2.3.4"])])/UDP(sport=9, dport=9)/Raw(b"o" * 4),
    "ipv6-tcp": Ether(src=m1, dst=m2)/IPv6(src="fd00::1", dst="fd00::2", fl=0x12345)/TCP(sport=50000, dport=22, flags="A")/Raw(b"s" * 16),
    "ipv6-hopbyhop-udp": Ether(src=m1, dst=m2)/IPv6(src="fd00::1", dst="ff02::16")/IPv6ExtHdrHopByHop(options=[RouterAlert()])/UDP(sport=546, dport=547)/Raw(b"d" * 4),
    "ipv6-routing-dstopts-tcp": Ether(src=m1, dst=m2)/IPv6(src="fd00::1", dst="fd00::2")/IPv6ExtHdrRouting(addresses=["fd00::3"])/IPv6ExtHdrDestOpt()/TCP(sport=1, dport=2, flags="S"),
    "ipv6-fragment-udp": Ether(src=m1, dst=m2)/IPv6(src="fd00::1", dst="fd00::2")/IPv6ExtHdrFragment(id=99, m=1)/UDP(sport=7, dport=7)/Raw(b"g" * 8),
    "ipv6-icmpv6-ns": Ether(src=m1, dst="33:33:ff:00:00:02")/IPv6(src="fd00::1", dst="ff02::1:ff00:2")/ICMPv6ND_NS(tgt="fd00::2")/ICMPv6NDOptSrcLLAddr(lladdr=m1),
    "arp-request": Ether(src=m1, dst="ff:ff:ff:ff:ff:ff")/ARP(op=1, hwsrc=m1, psrc="10.1.0.1", pdst="10.1.0.2"),
}
raw = {
    "raw-ipv4-udp": IP(src="10.1.0.1", dst="10.1.0.2")/UDP(sport=1, dport=2)/Raw(b"r" * 8),
    "raw-ipv6-tcp": IPv6(src="fd00::1", dst="fd00::2")/TCP(sport=1, dport=2),
}
cooked = {
    "sll-ipv4-tcp": CookedLinux(pkttype=0, lladdrtype=1, lladdrlen=6, src=b"\x02\0\0\0\0\x01\0\0", proto=0x0800)/IP(src="10.1.0.1", dst="10.1.0.2")/TCP(sport=1, dport=2),
}


def write(target, name, data):
    folder = os.path.join(here, "Corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


# FuzzPacketDecoder: selector low 3 bits = link type index (0 Ethernet, 1 raw, 4 Linux cooked), bit 3 = snap cut.
for selector, frames in ((0x00, ethernet), (0x01, raw), (0x04, cooked)):
    for name, packet in frames.items():
        write("FuzzPacketDecoder", name, bytes([selector]) + bytes(packet))
write("FuzzPacketDecoder", "ipv4-tcp-data-snapcut", bytes([0x18]) + bytes(ethernet["ipv4-tcp-data"])[:40])

with tempfile.TemporaryDirectory() as tmp:
    # FuzzPcapReader: records only (the target puts the header in front).
    pcap = os.path.join(tmp, "mixed.pcap")
    wrpcap(pcap, list(ethernet.values()))
    records = open(pcap, "rb").read()[24:]
    write("FuzzPcapReader", "ethernet-mix-usec-le", bytes([0x00, 0x00]) + records)
    write("FuzzPcapReader", "ethernet-mix-chunked-nsec", bytes([0x8f, 0x01]) + records)
    write("FuzzPcapReader", "ethernet-mix-snaplen-64", bytes([0x00, 0x20]) + records)
    rawpcap = os.path.join(tmp, "raw.pcap")
    wrpcap(rawpcap, list(raw.values()), linktype=101)
    write("FuzzPcapReader", "raw-ip", bytes([0x00, 0x04]) + open(rawpcap, "rb").read()[24:])
    gen = os.path.join(here, "..", "..", "tools", "gen_pcap.py")
    small = os.path.join(tmp, "gen.pcap")
    subprocess.run([sys.executable, gen, "--packets", "12", "--seed", "5", "--vlan-fraction", "0.3",
                    "--ipv6-fraction", "0.3", "--malformed-fraction", "0.3", "--snaplen", "128", "--out", small],
                   check=True, capture_output=True)
    write("FuzzPcapReader", "gen-pcap-malformed", bytes([0x00, 0x00]) + open(small, "rb").read()[24:])

    # FuzzPcapngReader: whole pcapng files written by Wireshark's editcap and mergecap.
    ng = os.path.join(tmp, "mixed.pcapng")
    subprocess.run(["editcap", "-F", "pcapng", pcap, ng], check=True)
    write("FuzzPcapngReader", "ethernet-mix", bytes([0x00]) + open(ng, "rb").read())
    ngns = os.path.join(tmp, "nsec.pcapng")
    subprocess.run(["editcap", "-F", "pcapng", "--set-tsresol", "1000000000", pcap, ngns], check=False)
    if os.path.exists(ngns):
        write("FuzzPcapngReader", "ethernet-mix-nsec", bytes([0x00]) + open(ngns, "rb").read())
    merged = os.path.join(tmp, "two-interfaces.pcapng")
    subprocess.run(["mergecap", "-F", "pcapng", "-w", merged, pcap, rawpcap], check=True)
    write("FuzzPcapngReader", "two-interfaces-chunked", bytes([0x83]) + open(merged, "rb").read())
    if os.path.exists(gen):
        small = os.path.join(tmp, "gen.pcapng")
        subprocess.run([sys.executable, gen, "--packets", "12", "--seed", "6", "--format", "pcapng",
                        "--ipv6-fraction", "0.5", "--malformed-fraction", "0.3", "--out", small],
                       check=True, capture_output=True)
        write("FuzzPcapngReader", "gen-pcapng-malformed", bytes([0x00]) + open(small, "rb").read())
