#!/usr/bin/env bash
# `make loadtest`: 50 clients for 60 s against gunicorn on loopback (see benchmarks/loadtest.py),
# in the database `<name>_load`. Extra arguments go to it: --duration 20 --clients 20.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

PORT=${LOADTEST_PORT:-8303}
GUNICORN_PID=""

stop_everything() {
  if [ -n "$GUNICORN_PID" ]; then
    kill "$GUNICORN_PID" 2>/dev/null || true
    wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  stop_own_database
}
trap stop_everything EXIT
start_database

DATABASE_URL=$("$PYTHON" -m benchmarks.loadtest --database-url)
# Production settings, minus TLS: the clients speak plain HTTP on loopback.
export DATABASE_URL DEBUG=0 SECRET_KEY="load-test-only-$(date +%s)-not-a-production-secret" \
       ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0 LOG_LEVEL=WARNING
"$PYTHON" manage.py migrate --no-input -v 0
"$PYTHON" manage.py collectstatic --no-input -v 0
"$PYTHON" -m benchmarks.loadtest --seed

.venv/bin/gunicorn project.wsgi --bind "127.0.0.1:$PORT" --workers 2 --threads 4 \
  --worker-class gthread --log-level warning &
GUNICORN_PID=$!
for _ in $(seq 100); do
  if "$PYTHON" -c "import urllib.request, sys; urllib.request.urlopen('http://127.0.0.1:$PORT/healthz', timeout=1)" 2>/dev/null; then
    break
  fi
  sleep 0.2
done
"$PYTHON" -m benchmarks.loadtest --port "$PORT" "$@"
