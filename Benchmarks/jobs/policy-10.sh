# Decode every frame and match it against a 10-rule policy (tapctl policy explain
# --summary: per-rule hit counts only) against tcpdump reading the same file with a
# filter that matches nothing.
JOB_DESCRIPTION="decode + match a 10-rule policy vs tcpdump -r with a match-nothing filter"
JOB_TARGET=">= 1.5"
job_setup() { python3 "$here/policy/make-policy.py" --rules 10 --out "$WORK/policy-10.yaml"; }
ours() { "$TAPCTL" policy explain "$WORK/policy-10.yaml" --read "$CAPTURE" --summary > /dev/null; }
peer() { tcpdump -n -r "$CAPTURE" 'ether proto 0x1234' > /dev/null 2>&1; }
