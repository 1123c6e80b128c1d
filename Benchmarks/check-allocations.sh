#!/usr/bin/env bash
# The allocation gate, in two parts:
# 1. every benchmark in Benchmarks/ (ordo-one/benchmark) against the committed
#    thresholds in Benchmarks/Thresholds/ (mallocCountTotal, all 0: no
#    allocation per decoded, read, written or summed frame);
# 2. the live agent: the real `tapctl tap` under an LD_PRELOAD malloc counter
#    (Tests/Support/malloc-count.c) in a network namespace, fed N and then 2N
#    frames by tcpreplay (AgentAllocationTests); it fails when the 2N run
#    allocates more than a small constant over the N run, i.e. when allocations
#    grow with the number of frames on the live path. Needs root.
# Exit 0 when both pass, 1 on a regression. Wall-clock time is never gated (see
# Docs/Benchmarks.md).
#
# Usage: Benchmarks/check-allocations.sh [--hot-paths-only]
#   --hot-paths-only   part 1 only (no root needed)
# After an intended change, record new thresholds with
#   (cd Benchmarks && swift package --allow-writing-to-package-directory benchmark thresholds update)
set -euo pipefail
cd "$(dirname "$0")"
swift package benchmark thresholds check --no-progress
[ "${1:-}" = "--hot-paths-only" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "check-allocations.sh: the live agent's gate needs root (network namespaces); --hot-paths-only skips it" >&2
  exit 1
fi
cd ..
swift build --build-tests
# VTAP_LABS=1 switches the namespace lab on: a disabled test would pass silently.
VTAP_LABS=1 swift test --skip-build --filter 'AgentAllocationTests'
