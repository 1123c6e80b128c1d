# 10,000 rules vs 10 rules (target: at most 15% slower; see
# Benchmarks/policy/rules-job.sh). Loading the 10,000-rule policy takes about 0.05 s
# of "ours"; `tapctl policy explain --summary` prints load and match times apart.
RULES=10000
# shellcheck disable=SC1091
source "$here/policy/rules-job.sh"
