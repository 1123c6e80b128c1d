#!/usr/bin/env bash
# Checks every Swift file under Sources, Tests, Snippets, Benchmarks and FuzzTesting
# against .swift-format (swift-nio's rules) with the toolchain's swift-format.
# Exits non-zero on any finding; prints one line per finding (file:line:column).
#
# Usage: scripts/lint.sh [FILE ...]   (default: the whole tree)
# To fix findings in place: swift format format --in-place --parallel FILE ...
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(git ls-files --cached --others --exclude-standard -- 'Sources/*.swift' 'Tests/*.swift' 'Snippets/*.swift' 'Benchmarks/*.swift' 'FuzzTesting/*.swift')
fi
[ "${#files[@]}" -gt 0 ] || { echo "lint: no Swift files found" >&2; exit 2; }
swift format lint --strict --parallel --configuration .swift-format "${files[@]}"
echo "lint: ${#files[@]} files, no findings"
