# A policy with one rule per host for 200 VM addresses against tcpdump selecting the
# same hosts with 200 ORed "host A or host B ..." terms and writing them to /dev/null.
JOB_DESCRIPTION="200-host policy vs tcpdump with 200 ORed host terms (-w /dev/null)"
JOB_TARGET=">= 5"
job_setup() {
  python3 "$here/policy/make-policy.py" --hosts 200 --out "$WORK/policy-200-hosts.yaml" \
    --filter "$WORK/policy-200-hosts.filter"
}
ours() { "$TAPCTL" policy explain "$WORK/policy-200-hosts.yaml" --read "$CAPTURE" --summary > /dev/null; }
peer() { tcpdump -n -r "$CAPTURE" -w /dev/null "$(cat "$WORK/policy-200-hosts.filter")" > /dev/null 2>&1; }
