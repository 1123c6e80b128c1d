# Shared by the policy-1000 and policy-10000 jobs: set RULES, then source this file.
# The same 10 meaningful rules behind RULES-10 others (hosts, nets, ports, MACs,
# VLANs; see make-policy.py) against the 10-rule policy alone: the row's ratio is
# the price of RULES rules end to end, policy loading (YAML parse + compile)
# included. job_report adds the matching-only ratio (the read-decode-match loop,
# load excluded, from `policy explain --summary`'s own timing) and the load time.
JOB_DESCRIPTION="decode + match $RULES rules vs the same with 10 rules, load included (tapctl policy explain --summary)"
JOB_TARGET=">= 0.87"
job_setup() {
  python3 "$here/policy/make-policy.py" --rules 10 --out "$WORK/policy-10.yaml"
  python3 "$here/policy/make-policy.py" --rules "$RULES" --out "$WORK/policy-$RULES.yaml"
  : > "$WORK/policy-$RULES-ours.txt"
  : > "$WORK/policy-$RULES-peer.txt"
}
# "policy loaded in L s, frames read, decoded and matched in M s" -> "L M"
summary_times() { sed -n 's/^policy loaded in \([0-9.]*\) s, frames read, decoded and matched in \([0-9.]*\) s$/\1 \2/p'; }
ours() { "$TAPCTL" policy explain "$WORK/policy-$RULES.yaml" --read "$CAPTURE" --summary | summary_times >> "$WORK/policy-$RULES-ours.txt"; }
peer() { "$TAPCTL" policy explain "$WORK/policy-10.yaml" --read "$CAPTURE" --summary | summary_times >> "$WORK/policy-$RULES-peer.txt"; }
job_report() {
  local ours_match peer_match ours_load
  ours_match=$(awk '{print $2}' "$WORK/policy-$RULES-ours.txt" | median)
  peer_match=$(awk '{print $2}' "$WORK/policy-$RULES-peer.txt" | median)
  ours_load=$(awk '{print $1}' "$WORK/policy-$RULES-ours.txt" | median)
  printf '%-28s %14.0f %14.0f %8.2f %10s %8s  %s\n' "  matching only" "$(echo "$PACKETS / $ours_match" | bc -l)" \
    "$(echo "$PACKETS / $peer_match" | bc -l)" "$(echo "$peer_match / $ours_match" | bc -l)" "-" "" \
    "read-decode-match loop alone; loading the $RULES-rule policy took ${ours_load} s (median)"
}
