# The same 10 meaningful rules behind 990 others (hosts, nets, ports, MACs, VLANs;
# see Benchmarks/policy/make-policy.py) against the 10-rule policy alone: the ratio
# is the price of 1,000 rules, policy loading included.
JOB_DESCRIPTION="decode + match 1,000 rules vs the same with 10 rules (tapctl policy explain --summary)"
JOB_TARGET=">= 0.87"
job_setup() {
  python3 "$here/policy/make-policy.py" --rules 10 --out "$WORK/policy-10.yaml"
  python3 "$here/policy/make-policy.py" --rules 1000 --out "$WORK/policy-1000.yaml"
}
ours() { "$TAPCTL" policy explain "$WORK/policy-1000.yaml" --read "$CAPTURE" --summary > /dev/null; }
peer() { "$TAPCTL" policy explain "$WORK/policy-10.yaml" --read "$CAPTURE" --summary > /dev/null; }
