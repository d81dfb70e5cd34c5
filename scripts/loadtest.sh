#!/usr/bin/env bash
# `make loadtest`: 50 clients for 60 s against gunicorn on loopback (see benchmarks/loadtest.py),
# in the database `<name>_load`. Extra arguments go to it: --duration 20 --clients 20.
# Scaled out: `--servers 2` runs two gunicorn servers behind one address (a round-robin balancer,
# benchmarks/balancer.py); `--replica` adds a streaming read replica of the embedded server.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

PORT=${LOADTEST_PORT:-8303}
SERVERS=1
REPLICA=0
PASSED=()
while [ $# -gt 0 ]; do
  case "$1" in
    --servers) SERVERS=$2; shift 2 ;;
    --replica) REPLICA=1; shift ;;
    *) PASSED+=("$1"); shift ;;
  esac
done
PIDS=()
STARTED_REPLICA=0

stop_everything() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ "$STARTED_REPLICA" = 1 ]; then
    "$PYTHON" -m project.embedded_postgres replica-stop >/dev/null || true
  fi
  stop_own_database
}
trap stop_everything EXIT
start_database
USER_DATABASE_URL=${DATABASE_URL:-}

DATABASE_URL=$("$PYTHON" -m benchmarks.loadtest --database-url)
# Production settings, minus TLS: the clients speak plain HTTP on loopback.
export DATABASE_URL DEBUG=0 SECRET_KEY="load-test-only-$(date +%s)-not-a-production-secret" \
       ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0 LOG_LEVEL=WARNING
"$PYTHON" manage.py migrate --no-input -v 0
"$PYTHON" manage.py collectstatic --no-input -v 0
"$PYTHON" -m benchmarks.loadtest --seed

if [ "$REPLICA" = 1 ]; then
  if [ -n "$USER_DATABASE_URL" ]; then
    echo "--replica makes a replica of the embedded server: unset DATABASE_URL." >&2
    exit 2
  fi
  STARTED_REPLICA=1
  # The replica holds the whole cluster; the app reads the load test's database there.
  DATABASE_REPLICA_URL=$("$PYTHON" -m benchmarks.loadtest --database-url \
    --on "$("$PYTHON" -m project.embedded_postgres replica-start)")
  export DATABASE_REPLICA_URL
  echo "Read replica: $DATABASE_REPLICA_URL"
fi

wait_for() {
  for _ in $(seq 150); do
    if "$PYTHON" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$1/healthz', timeout=1)" 2>/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  echo "Nothing answers on port $1." >&2
  return 1
}

if [ "$SERVERS" -gt 1 ]; then
  BACKENDS=()
  for n in $(seq "$SERVERS"); do
    port=$((PORT + n))
    .venv/bin/gunicorn project.wsgi --bind "127.0.0.1:$port" --workers 2 --threads 4 \
      --worker-class gthread --log-level warning &
    PIDS+=($!)
    BACKENDS+=(--backend "$port")
  done
  "$PYTHON" -m benchmarks.balancer --port "$PORT" "${BACKENDS[@]}" &
  PIDS+=($!)
  for n in $(seq "$SERVERS"); do wait_for $((PORT + n)); done
else
  .venv/bin/gunicorn project.wsgi --bind "127.0.0.1:$PORT" --workers 2 --threads 4 \
    --worker-class gthread --log-level warning &
  PIDS+=($!)
fi
wait_for "$PORT"
echo "Serving with $SERVERS app server(s)$([ "$REPLICA" = 1 ] && echo ' and a read replica') on port $PORT."
"$PYTHON" -m benchmarks.loadtest --port "$PORT" "${PASSED[@]}"
