#!/usr/bin/env bash
# 500 synthetic agents heartbeating every 10 s against one console for 60 s, on SQLite and on
# PostgreSQL (a fresh database on the cluster of scripts/postgres-cluster.sh, or on the server
# VIRTUALTAP_TEST_POSTGRES_URL names). Prints p50/p99 of
# the heartbeat and the config fetch per engine; exits 1 on any error.
# Usage: Benchmarks/console-load/run.sh [TAPCTL] [AGENTS] [INTERVAL] [DURATION]
set -euo pipefail
cd "$(dirname "$0")/../.."
tapctl=${1:-.build/release/tapctl}
agents=${2:-500}; interval=${3:-10}; duration=${4:-60}
postgres=${VIRTUALTAP_TEST_POSTGRES_URL:-$(scripts/postgres-cluster.sh start)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
run() {  # $1: engine name, $2...: database options
  local name=$1; shift
  local port=$((20000 + RANDOM % 20000))
  VIRTUALTAP_CONSOLE_PASSWORD=load-admin-pass "$tapctl" console users add admin "$@" >/dev/null
  "$tapctl" console --listen "127.0.0.1:$port" "$@" --heartbeat-interval "$interval" --log-level warning >"$work/$name.log" 2>&1 &
  local console=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  local base="http://127.0.0.1:$port" session token
  session=$(curl -sf "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"name":"admin","password":"load-admin-pass"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  token=$(curl -sf "$base/api/v1/tokens" -H "Authorization: Bearer $session" -H 'Content-Type: application/json' \
    -d '{"name":"load","scope":"write"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  echo "== $name"
  python3 Benchmarks/console-load/load.py "$base" "$token" "$agents" "$interval" "$duration" || status=1
  kill "$console"; wait "$console" 2>/dev/null || true
}
run sqlite --db "$work/console.sqlite"
database="load_$(date +%s)"
psql "$postgres" -qc "CREATE DATABASE $database"
run postgresql --database-url "${postgres%/*}/$database"
psql "$postgres" -qc "DROP DATABASE $database WITH (FORCE)" || true
exit $status
