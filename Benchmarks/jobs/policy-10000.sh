# The same 10 meaningful rules behind 9,990 others against the 10-rule policy alone
# (product brief: 10,000 rules at most 15% slower than 10). Policy loading (YAML
# parse + compile, about 0.1 s for 10,000 rules) is included in "ours".
JOB_DESCRIPTION="decode + match 10,000 rules vs the same with 10 rules (tapctl policy explain --summary)"
JOB_TARGET=">= 0.87"
job_setup() {
  python3 "$here/policy/make-policy.py" --rules 10 --out "$WORK/policy-10.yaml"
  python3 "$here/policy/make-policy.py" --rules 10000 --out "$WORK/policy-10000.yaml"
}
ours() { "$TAPCTL" policy explain "$WORK/policy-10000.yaml" --read "$CAPTURE" --summary > /dev/null; }
peer() { "$TAPCTL" policy explain "$WORK/policy-10.yaml" --read "$CAPTURE" --summary > /dev/null; }
