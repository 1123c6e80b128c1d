#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the console's tests and benchmarks.
# Usage: scripts/postgres-cluster.sh start [DIR] [PORT]   prints the database URL on stdout
#        scripts/postgres-cluster.sh stop  [DIR]
# Needs Debian's postgresql (scripts/install-deps.sh test installs it). The cluster runs as the
# `postgres` system user when started by root; its data lives in DIR (default /tmp/virtualtap-pg).
set -euo pipefail
action=${1:?usage: postgres-cluster.sh start|stop [DIR] [PORT]}
dir=${2:-/tmp/virtualtap-pg}
port=${3:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "postgres-cluster: Debian's postgresql is not installed (apt-get install postgresql)" >&2; exit 1; }
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$action" in
start)
  if [ ! -f "$dir/PG_VERSION" ]; then
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    as_owner "$bin/initdb" -D "$dir" -U virtualtap --auth=trust -E UTF8 >/dev/null
  fi
  if ! as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=off" start >/dev/null
  fi
  as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U virtualtap -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='virtualtap'" | grep -q 1 ||
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U virtualtap virtualtap
  echo "postgres://virtualtap@127.0.0.1:$port/virtualtap"
  ;;
stop)
  as_owner "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
  ;;
*) echo "usage: postgres-cluster.sh start|stop [DIR] [PORT]" >&2; exit 2 ;;
esac
