# Flows + NetFlow v9 export from the capture file: tapctl flows against
# softflowd -r, same limits (65,536 flows), both exporting to a UDP port on
# 127.0.0.1 that a discard listener drains.
JOB_DESCRIPTION="flows + NetFlow v9 export vs softflowd -r -v 9 (65536 flows max)"
JOB_TARGET=">= 2"
job_setup() {
  NF_PORT=$((40000 + RANDOM % 20000))
  python3 -c "
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', $NF_PORT))
while True: s.recv(65535)" &
  NF_SINK=$!
  trap 'kill $NF_SINK 2>/dev/null' EXIT
  export NF_PORT
}
ours() { "$TAPCTL" flows --read "$CAPTURE" --export "127.0.0.1:$NF_PORT" --version 9 --max-flows 65536 > "$WORK/flows-v9-ours.txt"; }
peer() { softflowd -r "$CAPTURE" -n "127.0.0.1:$NF_PORT" -v 9 -A milli -m 65536 -p "$WORK/softflowd.pid" > "$WORK/flows-v9-peer.txt" 2>&1; }
