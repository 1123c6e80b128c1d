# Shared by the policy-1000 and policy-10000 jobs: set RULES, then source this file.
# The same 10 meaningful rules behind RULES-10 others (hosts, nets, ports, MACs,
# VLANs; see make-policy.py) against the 10-rule policy alone.
#
# What the target applies to: "10,000 rules at most 15% slower than 10" is a
# per-packet figure, like every job's rate. Loading the policy is paid
# once per process, so its share of a run depends on the capture's length, not on the
# matcher. The job therefore prints three ratios (10-rule run ÷ RULES-rule run):
#   - the main row: whole commands, end to end, policy load included (for information);
#   - "per packet": the read-decode-match loop, timed by `policy explain --summary`
#     itself — the figure the target applies to;
#   - "per packet, from outside": the same thing measured from outside, as the wall time
#     on the capture minus the wall time on its first 10 frames (startup and loading
#     cancel), so that the target does not rest on tapctl's own clock alone.
# and the load time. Docs/Policy.md ("Benchmarks") explains the choice.
JOB_DESCRIPTION="decode + match $RULES rules vs the same with 10 rules, end to end: policy load included (information)"
JOB_TARGET="-"
job_setup() {
  python3 "$here/policy/make-policy.py" --rules 10 --out "$WORK/policy-10.yaml"
  python3 "$here/policy/make-policy.py" --rules "$RULES" --out "$WORK/policy-$RULES.yaml"
  tcpdump -r "$CAPTURE" -c 10 -w "$WORK/first-10-frames.pcap" 2> /dev/null
  : > "$WORK/policy-$RULES-ours.txt"
  : > "$WORK/policy-$RULES-peer.txt"
}
# "policy loaded in L s, frames read, decoded and matched in M s" -> "L M"
summary_times() { sed -n 's/^policy loaded in \([0-9.]*\) s, frames read, decoded and matched in \([0-9.]*\) s$/\1 \2/p'; }
ours() { "$TAPCTL" policy explain "$WORK/policy-$RULES.yaml" --read "$CAPTURE" --summary | summary_times >> "$WORK/policy-$RULES-ours.txt"; }
peer() { "$TAPCTL" policy explain "$WORK/policy-10.yaml" --read "$CAPTURE" --summary | summary_times >> "$WORK/policy-$RULES-peer.txt"; }
# `policy explain` of the N-rule and the 10-rule policy on the 10-frame capture, interleaved
# as the main runs are, $runs times: one line "ours peer" of wall seconds per round.
short_runs() {
  local r t0 t1 t2
  for ((r = 1; r <= runs; r++)); do
    t0=$(now)
    "$TAPCTL" policy explain "$WORK/policy-$RULES.yaml" --read "$WORK/first-10-frames.pcap" --summary > /dev/null
    t1=$(now)
    "$TAPCTL" policy explain "$WORK/policy-10.yaml" --read "$WORK/first-10-frames.pcap" --summary > /dev/null
    t2=$(now)
    echo "$(echo "$t1 - $t0" | bc -l) $(echo "$t2 - $t1" | bc -l)"
  done > "$WORK/policy-$RULES-short.txt"
}
job_report() {
  local ours_match peer_match ours_load ours_short peer_short ours_outside peer_outside
  ours_match=$(awk '{print $2}' "$WORK/policy-$RULES-ours.txt" | median)
  peer_match=$(awk '{print $2}' "$WORK/policy-$RULES-peer.txt" | median)
  ours_load=$(awk '{print $1}' "$WORK/policy-$RULES-ours.txt" | median)
  printf '%-28s %14.0f %14.0f %8.2f %10s %8s  %s\n' "  per packet" "$(echo "$PACKETS / $ours_match" | bc -l)" \
    "$(echo "$PACKETS / $peer_match" | bc -l)" "$(echo "$peer_match / $ours_match" | bc -l)" "-" ">= 0.87" \
    "the read-decode-match loop, as timed by policy explain --summary (median)"
  short_runs
  ours_short=$(awk '{print $1}' "$WORK/policy-$RULES-short.txt" | median)
  peer_short=$(awk '{print $2}' "$WORK/policy-$RULES-short.txt" | median)
  ours_outside=$(echo "$ours_median - $ours_short" | bc -l)
  peer_outside=$(echo "$peer_median - $peer_short" | bc -l)
  printf '%-28s %14.0f %14.0f %8.2f %10s %8s  %s\n' "  per packet, from outside" "$(echo "$PACKETS / $ours_outside" | bc -l)" \
    "$(echo "$PACKETS / $peer_outside" | bc -l)" "$(echo "$peer_outside / $ours_outside" | bc -l)" "-" "" \
    "wall on the capture minus wall on its first 10 frames ($(printf '%.3f s and %.3f s' "$ours_short" "$peer_short"))"
  printf '%-28s %14s %14s %8s %10s %8s  %s\n' "  policy load" "" "" "" "" "" \
    "loading the $RULES-rule policy (YAML, rules, compile) took ${ours_load} s (median), once per process"
}
