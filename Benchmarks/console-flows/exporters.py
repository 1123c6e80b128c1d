#!/usr/bin/env python3
"""Synthetic NetFlow v5 exporters: N UDP sockets (one exporter each, its own source port) sending
30-record datagrams to a collector at a paced total rate of records per second, for a duration.
Records are conversations between the VMs of an inventory (and some outside addresses), dated now.
Usage: exporters.py HOST PORT EXPORTERS RECORDS_PER_SECOND SECONDS VMS
Prints one JSON line: datagrams and records sent, seconds taken."""
import json, random, socket, struct, sys, time

host, port, exporters, rate, seconds, vms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
random.seed(11)
PER = 30
def vm_address(i): return struct.unpack("!I", socket.inet_aton(f"10.{20 + i // 250}.{i % 250}.10"))[0]
outside = [struct.unpack("!I", socket.inet_aton(f"198.51.100.{i}"))[0] for i in range(1, 50)]
UPTIME = 10_000_000
def records():
    out = bytearray()
    for _ in range(PER):
        src = vm_address(random.randrange(vms))
        dst = vm_address(random.randrange(vms)) if random.random() < 0.7 else random.choice(outside)
        proto = random.choice((6, 6, 6, 17))
        service = random.choice((443, 80, 5432, 53, 22))
        packets = random.randint(1, 50)
        out += struct.pack("!IIIHHIIIIHHBBBBHHBBH", src, dst, 0, 1, 2, packets, packets * random.randint(60, 1400),
                           UPTIME - 1000, UPTIME - 10, random.randint(49152, 65535), service, 0, 0x18, proto, 0, 0, 0, 24, 24, 0)
    return bytes(out)
bodies = [records() for _ in range(64)]
socks = []
for _ in range(exporters):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    socks.append(s)
sequences = [0] * exporters
datagrams_per_second = rate / PER
sent = 0
start = time.monotonic()
tick = 0.005
next_time = start
while True:
    now = time.monotonic()
    if now - start >= seconds: break
    due = int((now - start) * datagrams_per_second) - sent
    wall = time.time()
    for _ in range(max(due, 0)):
        e = sent % exporters
        header = struct.pack("!HHIIIIBBH", 5, PER, UPTIME, int(wall), int((wall % 1) * 1e9), sequences[e], 0, e % 256, 0)
        socks[e].sendto(header + bodies[sent % len(bodies)], (host, port))
        sequences[e] += PER
        sent += 1
    next_time += tick
    delay = next_time - time.monotonic()
    if delay > 0: time.sleep(delay)
elapsed = time.monotonic() - start
print(json.dumps({"datagrams": sent, "records": sent * PER, "seconds": round(elapsed, 2), "records_per_second": round(sent * PER / elapsed)}))
