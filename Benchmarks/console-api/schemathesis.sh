#!/usr/bin/env bash
# Runs schemathesis (PyPI) against the console's served OpenAPI document: a console on a fresh
# SQLite file with an administrator and the sample policy; schemathesis sends the
# administrator's login session on every request. Fails on any server error (5xx) or response
# that breaks the schema. Usage: Benchmarks/console-api/schemathesis.sh [TAPCTL] [MAX_EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/../.."
tapctl=${1:-.build/debug/tapctl}
examples=${2:-30}
command -v schemathesis >/dev/null || pip install -q schemathesis
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
password=schemathesis-admin
VIRTUALTAP_CONSOLE_PASSWORD=$password "$tapctl" console users add admin --db "$work/console.sqlite" >/dev/null
"$tapctl" console --listen "127.0.0.1:$port" --db "$work/console.sqlite" --inventory file:Samples/sample-inventory.yaml \
  >"$work/console.log" 2>&1 &
console=$!
trap 'kill $console 2>/dev/null; wait $console 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"
session=$(curl -sf "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"name\":\"admin\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
token=$(curl -sf "$base/api/v1/tokens" -H "Authorization: Bearer $session" -H 'Content-Type: application/json' \
  -d '{"name":"schemathesis","scope":"write"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
python3 -c 'import json,sys; print(json.dumps({"text": open(sys.argv[1]).read(), "comment": "sample"}))' Samples/sample-policy.yaml |
  curl -sf "$base/api/v1/policy/revisions" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d @- >/dev/null
# The login session (not the token) goes on every request: schemathesis revokes the tokens it
# finds through DELETE /tokens/{id}, and a session ends only by logout, which is left out.
cd "$work"  # schemathesis keeps its state in .schemathesis/ under the current folder
schemathesis run "$base/api/v1/openapi.json" --url "$base" -H "Authorization: Bearer $session" \
  --checks not_a_server_error,response_schema_conformance --max-examples "$examples" --exclude-path /api/v1/auth/logout
