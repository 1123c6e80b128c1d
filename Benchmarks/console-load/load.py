#!/usr/bin/env python3
"""Synthetic agents against one console: each enrolls, then every INTERVAL seconds sends a
heartbeat and fetches its configuration with If-None-Match, over its own keep-alive connection.
Prints p50/p99/max latency of heartbeats and config fetches and the error count; exits 1 on any
error. Usage: load.py BASE_URL WRITE_TOKEN [AGENTS] [INTERVAL] [DURATION]"""
import asyncio, json, sys, time, random

base, token = sys.argv[1], sys.argv[2]
agents = int(sys.argv[3]) if len(sys.argv) > 3 else 500
interval = float(sys.argv[4]) if len(sys.argv) > 4 else 10
duration = float(sys.argv[5]) if len(sys.argv) > 5 else 60
host, port = base.split("//")[1].split(":")
port = int(port)

async def request(reader, writer, method, path, body=None, headers=None):
    payload = json.dumps(body).encode() if body is not None else b""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", f"Content-Length: {len(payload)}"]
    if body is not None:
        lines.append("Content-Type: application/json")
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + payload)
    await writer.drain()
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length, etag = 0, None
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value.strip())
        elif name.lower() == "etag":
            etag = value.strip()
    data = await reader.readexactly(length) if length else b""
    return status, data, etag

async def main():
    reader, writer = await asyncio.open_connection(host, port)
    status, data, _ = await request(reader, writer, "POST", "/api/v1/enrollment-tokens", {"reusable": True},
                                    {"Authorization": f"Bearer {token}"})
    assert status == 201, (status, data)
    enrollment = json.loads(data)["token"]
    credentials = []
    for index in range(agents):
        status, data, _ = await request(reader, writer, "POST", "/api/v1/agents/enroll",
                                        {"enrollmentToken": enrollment, "name": f"load-host-{index}"})
        assert status == 201, (status, data)
        credentials.append(json.loads(data))
    writer.close()
    heartbeats, fetches, errors = [], [], []
    stop = time.monotonic() + duration

    async def agent(credential):
        r, w = await asyncio.open_connection(host, port)
        auth = {"Authorization": f"Bearer {credential['secret']}"}
        etag = None
        await asyncio.sleep(random.uniform(0, interval))
        while time.monotonic() < stop:
            started = time.monotonic()
            report = {"appliedRevision": etag, "destinations": [{"name": "ids", "packets": 1, "bytes": 100, "drops": 0, "errors": 0}],
                      "captureDrops": 0, "interfaces": ["vnet0"], "flowsExported": 0}
            status, data, _ = await request(r, w, "POST", f"/api/v1/agents/{credential['agentID']}/heartbeat", report, auth)
            heartbeats.append(time.monotonic() - started)
            if status != 204:
                errors.append(("heartbeat", status, data[:100]))
            started = time.monotonic()
            headers = dict(auth)
            if etag:
                headers["If-None-Match"] = etag
            status, data, new_etag = await request(r, w, "GET", f"/api/v1/agents/{credential['agentID']}/config", None, headers)
            fetches.append(time.monotonic() - started)
            if status == 200:
                etag = new_etag
            elif status != 304:
                errors.append(("config", status, data[:100]))
            await asyncio.sleep(max(0, interval - (time.monotonic() - started)))
        w.close()

    began = time.monotonic()
    await asyncio.gather(*(agent(c) for c in credentials))
    elapsed = time.monotonic() - began

    def summary(name, values):
        values = sorted(values)
        if not values:
            return f"{name}: none"
        pick = lambda q: values[min(len(values) - 1, int(q * len(values)))] * 1000
        return f"{name}: {len(values)} requests, p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, max {values[-1] * 1000:.1f} ms"

    print(f"{agents} agents, every {interval:g} s, {elapsed:.0f} s")
    print(summary("heartbeat", heartbeats))
    print(summary("config fetch", fetches))
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    sys.exit(1 if errors else 0)

asyncio.run(main())
