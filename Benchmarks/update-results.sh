#!/usr/bin/env bash
# Runs Benchmarks/compare-peers and writes its results into Docs/Benchmarks.md,
# between the lines "<!-- results:begin -->" and "<!-- results:end -->": the
# date, the commit, the machine, the exact command, the capture read floor, one
# table row per job and the jobs' extra report lines. Nothing else in the page
# changes. Run it on an idle machine; the figures are only as good as that.
#
# Usage: Benchmarks/update-results.sh [compare-peers arguments ...]
#        (default: --packets 2000000 --runs 5 --cpus 1, every job)
#        Benchmarks/update-results.sh --from FILE   (write a saved compare-peers output)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
page="$root/Docs/Benchmarks.md"
output=$(mktemp)
trap 'rm -f "$output" "$output.block"' EXIT
if [ "${1:-}" = "--from" ]; then
  cp "$2" "$output"
  command="(saved output of Benchmarks/compare-peers: $2)"
else
  [ "$#" -gt 0 ] || set -- --packets 2000000 --runs 5 --cpus 1
  command="Benchmarks/compare-peers $*"
  "$here/compare-peers" "$@" | tee "$output"
fi
grep -q '^job ' "$output" || { echo "update-results: no results table in the output" >&2; exit 1; }
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD 2>/dev/null || commit="$commit (with uncommitted changes)"
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
{
  echo "<!-- results:begin -->"
  echo "Measured $(date -u '+%Y-%m-%d %H:%M') UTC on commit $commit, $(nproc) CPUs (${cpu:-unknown CPU}),"
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg), with:"
  echo
  echo '```sh'
  echo "$command"
  echo '```'
  echo
  grep -E '^(cpus|capture read floor):' "$output" | sed 's/^/- /'
  echo
  python3 - "$output" <<'PY'
import re, sys
row = re.compile(r"^(\S+)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+(.*?)  (.*)$")
lines = open(sys.argv[1]).read().splitlines()
start = next(i for i, line in enumerate(lines) if line.startswith("job "))
rows, extra = [], []
for line in lines[start + 1:]:
    m = row.match(line)
    if m:
        job, ours, peer, ratio, cpu, target, what = m.groups()
        rows.append(f"| {job} | {int(ours):,} | {int(peer):,} | {ratio} | {cpu} | {target.strip()} | {what} |")
    elif line.strip():
        extra.append(line)
print("| job | ours (packets/s) | peer (packets/s) | ratio (wall) | cpu ratio | target | what |")
print("| --- | ---: | ---: | ---: | ---: | --- | --- |")
print("\n".join(rows))
if extra:
    print("\nWhat the jobs reported besides their row:\n\n```\n" + "\n".join(extra) + "\n```")
PY
  echo "<!-- results:end -->"
} > "$output.block"
grep -q '^<!-- results:begin -->$' "$page" && grep -q '^<!-- results:end -->$' "$page" \
  || { echo "update-results: $page has no results markers" >&2; exit 1; }
awk -v block="$output.block" '
  /^<!-- results:begin -->$/ { while ((getline line < block) > 0) print line; skip = 1; next }
  /^<!-- results:end -->$/ { skip = 0; next }
  !skip { print }' "$page" > "$page.new"
mv "$page.new" "$page"
echo "update-results: wrote the results into Docs/Benchmarks.md" >&2
