#!/usr/bin/env python3
"""One day of flow rollups for VMS VMs, as the console's collector writes them: per minute one row
per VM (the VM to its neighbour, or to an outside address), and the 5-minute and 1-hour sums.
Usage: fill.py sqlite PATH DAY_START VMS   (inserts into the console's SQLite file)
       fill.py csv TABLE DAY_START VMS     (writes COPY text for one table to stdout, for psql)"""
import sqlite3, sys, uuid

mode, target, day, vms = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
COLUMNS = ("bucket", "src_key", "dst_key", "protocol", "port", "src_vm", "src_host", "src_network",
           "dst_vm", "dst_host", "dst_network", "bytes", "packets", "flows", "estimated_flows")
def vm(i): return ("vm:" + str(uuid.UUID(int=i + 1)), f"vm-{i:04d}", f"hv{i % 40:02d}", "prod")
def rows(step):
    for bucket in range(day, day + 86400, step):
        n = step // 60
        for i in range(vms):
            s = vm(i)
            if i % 5 == 0:
                d = (f"198.51.100.{i % 200 + 1}", "", "", "")
            else:
                d = vm((i + 1) % vms)
            b = (1000 + (i * 7919 + bucket // 60) % 100_000) * n
            yield (bucket, s[0], d[0], 6, 443, s[1], s[2], s[3], d[1], d[2], d[3], b, b // 800 + 1, n, 0)
tables = {"flow_rollup_1m": 60, "flow_rollup_5m": 300, "flow_rollup_1h": 3600}
if mode == "sqlite":
    db = sqlite3.connect(target)
    for table, step in tables.items():
        db.executemany(f"INSERT INTO {table} ({','.join(COLUMNS)}) VALUES ({','.join('?' * len(COLUMNS))})", rows(step))
    db.commit()
else:
    out = sys.stdout
    for row in rows(tables[target]):
        out.write("\t".join(str(v) for v in row) + "\n")
