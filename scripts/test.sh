#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs the peers, builds, runs
# every tier (see CONTRIBUTING.md): unit, interop (tshark, tcpdump, Scapy,
# PyYAML, nfdump, softflowd, virsh, vcsim) and namespace labs (kernel devices in
# network namespaces, root needed), then the allocation gate and fuzz smoke tests.
# Here a missing tool or privilege is a failure, never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
# Every Swift file is formatted by .swift-format (swift-nio's rules): a new finding fails the run.
scripts/lint.sh
# The console's store and API suites run on SQLite and on PostgreSQL: a throwaway cluster on
# 127.0.0.1 (a failure to start it fails the run; the PostgreSQL tests never skip).
VIRTUALTAP_TEST_POSTGRES_URL=$(scripts/postgres-cluster.sh start)
export VIRTUALTAP_TEST_POSTGRES_URL
swift build --build-tests
[ "$(id -u)" -eq 0 ] || { echo "scripts/test.sh: the namespace labs need root" >&2; exit 1; }
VTAP_INTEROP=1 VTAP_LABS=1 swift test --skip-build --parallel --num-workers 2
# The console's web pages in headless Chromium (Selenium); screenshots under .build/browser-artifacts.
/usr/bin/python3 Tests/Browser/console_pages.py --tapctl .build/debug/tapctl --artifacts .build/browser-artifacts
# Every library's DocC catalog builds, with its snippets (swift-docc-plugin).
catalogs=()
for catalog in Sources/*/*.docc; do catalogs+=(--target "$(basename "$(dirname "$catalog")")"); done
docs_log=$(mktemp)
swift package --disable-sandbox generate-documentation "${catalogs[@]}" >"$docs_log" 2>&1 \
  || { tail -40 "$docs_log"; echo "scripts/test.sh: generate-documentation failed" >&2; exit 1; }
echo "documentation: ${#catalogs[@]} catalogs built ($(grep -c 'warning:' "$docs_log") warnings)"
rm -f "$docs_log"
# Zero allocations per frame on the hot paths (ordo-one/benchmark, about 2 minutes
# from a clean checkout; see Docs/Benchmarks.md).
Benchmarks/check-allocations.sh
# Short bounded fuzz runs of every decoder (see FuzzTesting/README.md).
if [ -x FuzzTesting/run.sh ]; then FuzzTesting/run.sh --smoke; fi
