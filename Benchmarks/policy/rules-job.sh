# Shared by the policy-1000 and policy-10000 jobs: set RULES, then source this file.
# The same 10 meaningful rules behind RULES-10 others (hosts, nets, ports, MACs,
# VLANs; see make-policy.py) against the 10-rule policy alone: the ratio is the price
# of RULES rules, policy loading (YAML parse + compile) included.
JOB_DESCRIPTION="decode + match $RULES rules vs the same with 10 rules (tapctl policy explain --summary)"
JOB_TARGET=">= 0.87"
job_setup() {
  python3 "$here/policy/make-policy.py" --rules 10 --out "$WORK/policy-10.yaml"
  python3 "$here/policy/make-policy.py" --rules "$RULES" --out "$WORK/policy-$RULES.yaml"
}
ours() { "$TAPCTL" policy explain "$WORK/policy-$RULES.yaml" --read "$CAPTURE" --summary > /dev/null; }
peer() { "$TAPCTL" policy explain "$WORK/policy-10.yaml" --read "$CAPTURE" --summary > /dev/null; }
