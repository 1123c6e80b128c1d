# 1,000 rules vs 10 rules (see Benchmarks/policy/rules-job.sh).
RULES=1000
# shellcheck disable=SC1091
source "$here/policy/rules-job.sh"
