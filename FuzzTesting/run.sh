#!/usr/bin/env bash
# Builds and runs every libFuzzer target under FuzzTesting/ (see README.md).
#
# Usage: FuzzTesting/run.sh [--smoke | --regressions | --build] [--seconds N] [AREA ...]
#
#   --smoke        build, replay the fail cases (as --regressions), then run
#                  each target for N seconds (default 15, or $FUZZ_SECONDS)
#                  on a scratch copy of its seed corpus
#                  (FuzzTesting/<Area>/Corpus/<Target>/); fails on the first
#                  crash, leak, timeout or out-of-memory and prints the input
#                  that caused it (saved under FuzzTesting/<Area>/Artifacts/).
#   --regressions  build, then run each target once on every file of
#                  FuzzTesting/<Area>/FailCases/<Target>/ (past crashers); fails
#                  if any of them still crashes.
#   --build        only build.
#   AREA ...       only these FuzzTesting/<Area> packages (default: every
#                  FuzzTesting/*/Package.swift).
#
# Every package is built with `swift build -c release -Xswiftc
# -sanitize=fuzzer,address`; its executables are the Sources/Fuzz*/ folders.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mode=smoke
seconds=${FUZZ_SECONDS:-15}
areas=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) mode=smoke; shift ;;
    --regressions) mode=regressions; shift ;;
    --build) mode=build; shift ;;
    --seconds) seconds=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) areas+=("$1"); shift ;;
  esac
done
if [ ${#areas[@]} -eq 0 ]; then
  for manifest in "$here"/*/Package.swift; do
    [ -f "$manifest" ] && areas+=("$(basename "$(dirname "$manifest")")")
  done
fi
[ ${#areas[@]} -gt 0 ] || { echo "run.sh: no FuzzTesting/*/Package.swift found" >&2; exit 2; }

failures=()
for area in "${areas[@]}"; do
  package="$here/$area"
  [ -f "$package/Package.swift" ] || { echo "run.sh: $package/Package.swift does not exist" >&2; exit 2; }
  echo "== $area: building with -sanitize=fuzzer,address" >&2
  log=$(mktemp)
  status=0
  swift build -c release --package-path "$package" -Xswiftc -sanitize=fuzzer,address > "$log" 2>&1 || status=$?
  # ld.gold prints harmless "Cannot export local symbol '__asan_...'" warnings.
  grep -v "Cannot export local symbol" "$log" | tail -n 40 >&2 || true
  rm -f "$log"
  if [ "$status" -ne 0 ]; then failures+=("$area: build failed"); continue; fi
  bin=$(swift build -c release --package-path "$package" -Xswiftc -sanitize=fuzzer,address --show-bin-path)
  for source in "$package"/Sources/Fuzz*/; do
    [ -d "$source" ] || continue
    # Only folders that define a fuzz entry point are fuzz executables; others are support libraries.
    grep -rqs "LLVMFuzzerTestOneInput" "$source" || continue
    target=$(basename "$source")
    executable="$bin/$target"
    [ -x "$executable" ] || { failures+=("$area/$target: no executable at $executable"); continue; }
    cases="$package/FailCases/$target"
    if [ "$mode" != build ] && [ -d "$cases" ] && [ -n "$(ls -A "$cases")" ]; then
      echo "== $area/$target: replaying $(ls -A "$cases" | wc -l) fail cases" >&2
      replay=$(mktemp)
      for input in "$cases"/*; do
        if ! "$executable" -runs=1 "$input" > "$replay" 2>&1; then
          tail -30 "$replay" >&2
          failures+=("$area/$target: still crashes on $input")
        fi
      done
      rm -f "$replay"
    fi
    case "$mode" in
      build|regressions) ;;
      smoke)
        artifacts="$package/Artifacts/$target"
        mkdir -p "$artifacts"
        scratch=$(mktemp -d)
        seeds=()
        [ -d "$package/Corpus/$target" ] && seeds+=("$package/Corpus/$target")
        echo "== $area/$target: fuzzing for $seconds s" >&2
        if ! "$executable" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$artifacts/" "$scratch" "${seeds[@]}" > "$scratch.log" 2>&1; then
          tail -40 "$scratch.log" >&2
          crasher=$(ls -t "$artifacts"/crash-* "$artifacts"/leak-* "$artifacts"/timeout-* "$artifacts"/oom-* 2>/dev/null | head -1 || true)
          failures+=("$area/$target: crashed on ${crasher:-an input (see the log above)}")
        else
          grep -E "^stat::number_of_executed_units|^Done" "$scratch.log" >&2 || true
        fi
        rm -rf "$scratch" "$scratch.log"
        ;;
    esac
  done
done

if [ ${#failures[@]} -gt 0 ]; then
  printf 'FUZZ FAILURE: %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "fuzz $mode: ${areas[*]} passed" >&2
