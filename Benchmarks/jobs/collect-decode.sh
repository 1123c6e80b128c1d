# Collector decode: tapctl collect --read on a pcap of our own v9 export
# datagrams (short timeouts, so there are many records), against nfdump
# reading the same records from the file nfcapd stored and printing the
# same kind of answer: top source addresses by bytes (-s srcip/bytes), as
# collect prints its top talkers; not -o raw, which formats every record as
# text and is not what collect does. The absolute check
# (>= 2,000,000 records/s, decode loop only) is printed from tapctl's JSON
# into $WORK/collect-rate.txt on every run.
JOB_DESCRIPTION="collector decode of v9 records vs nfdump -R -s srcip/bytes of the same records (rate: \$WORK/collect-rate.txt)"
JOB_TARGET=">= 2M rec/s"
job_setup() {
  EXPORT="$WORK/v9-export.pcap"
  NF_DIR="$WORK/nfcapd-collect"
  rm -rf "$NF_DIR" && mkdir -p "$NF_DIR"
  port=$((40000 + RANDOM % 20000))
  nfcapd -b 127.0.0.1 -p "$port" -w "$NF_DIR" -B 16000000 > "$WORK/nfcapd-collect.log" 2>&1 &
  pid=$!
  sleep 0.5
  "$TAPCTL" flows --read "$CAPTURE" --export "127.0.0.1:$port" --write-datagrams "$EXPORT" --version 9 \
    --active-timeout 1 --inactive-timeout 1 > "$WORK/collect-setup.txt"
  sleep 1
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  export EXPORT NF_DIR
}
ours() {
  "$TAPCTL" collect --read "$EXPORT" --json > "$WORK/collect-ours.json"
  python3 -c "import json; r = json.load(open('$WORK/collect-ours.json')); print(int(r['statistics']['flowRecords']), 'records', int(r['recordsPerSecond']), 'records/s')" >> "$WORK/collect-rate.txt"
}
peer() { nfdump -R "$NF_DIR" -q -s srcip/bytes -n 10 > /dev/null; }
