#!/usr/bin/env bash
# Checks every Swift file under Sources, Tests, Snippets, Benchmarks and FuzzTesting
# against .swift-format (swift-nio's rules) with the toolchain's swift-format, then that every
# public declaration of the library targets has a doc comment (scripts/doc-coverage.py; with
# FILE arguments, only the targets of the files under Sources/).
# Exits non-zero on any finding; prints one line per finding (file:line[:column]).
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

targets=()
if [ "$#" -gt 0 ]; then
  for file in "${files[@]}"; do
    case "$file" in Sources/*/*.swift) targets+=("$(cut -d/ -f2 <<<"$file")") ;; esac
  done
  [ "${#targets[@]}" -gt 0 ] && mapfile -t targets < <(printf '%s\n' "${targets[@]}" | sort -u | grep -vxF tapctl)
fi
if [ "$#" -eq 0 ] || [ "${#targets[@]}" -gt 0 ]; then
  coverage=$(python3 scripts/doc-coverage.py "${targets[@]}") || {
    grep -v ' 0 undocumented$' <<<"$coverage"
    echo "lint: public declarations without a doc comment" >&2
    exit 1
  }
fi
echo "lint: ${#files[@]} files, no findings"
