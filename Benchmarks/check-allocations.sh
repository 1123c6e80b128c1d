#!/usr/bin/env bash
# The allocation gate: runs every benchmark in Benchmarks/ (ordo-one/benchmark)
# and compares mallocCountTotal with the committed thresholds in
# Benchmarks/Thresholds/ (all 0: no allocation per decoded, read, written or
# summed frame). Exit 0 when every benchmark is equal to or better than its
# threshold, 1 on a regression. Wall-clock time is never gated (see
# Docs/Benchmarks.md).
#
# Usage: Benchmarks/check-allocations.sh
# After an intended change, record new thresholds with
#   (cd Benchmarks && swift package --allow-writing-to-package-directory benchmark thresholds update)
set -euo pipefail
cd "$(dirname "$0")"
swift package benchmark thresholds check --no-progress
