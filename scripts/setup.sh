#!/usr/bin/env bash
# Shared set-up for `make run` and `make test`: the database server and the schema.
# Sourced, not executed: it defines stop_own_database for the caller's trap.
set -euo pipefail

PYTHON=.venv/bin/python
STARTED_DATABASE=0

start_database() {
  if [ -n "${DATABASE_URL:-}" ]; then
    echo "Using the PostgreSQL server in DATABASE_URL."
    return
  fi
  local rc=0
  "$PYTHON" -m project.embedded_postgres start || rc=$?
  case "$rc" in
    0) STARTED_DATABASE=1 ;;
    3) ;;  # already running (another `make run`?): leave it to whoever started it
    *) echo "Could not start the embedded PostgreSQL server (see var/postgres/log)." >&2; exit "$rc" ;;
  esac
}

stop_own_database() {
  if [ "$STARTED_DATABASE" = 1 ]; then
    "$PYTHON" -m project.embedded_postgres stop || true
  fi
}
