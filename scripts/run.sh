#!/usr/bin/env bash
# `make run`: database, migrations, demo data on the first run, then the development server.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

trap stop_own_database EXIT
start_database
"$PYTHON" manage.py migrate --no-input
"$PYTHON" manage.py load_demo --if-empty
# With DEBUG=0 the pages ask for the hashed names of the collected static files (whitenoise).
"$PYTHON" manage.py collectstatic --no-input -v 0

cat <<BANNER

  Corroborate is running at http://$HOST:$PORT/
  Demo logins (password: corroborate-demo):
    editor    an editor: uploads articles, marks claims, cites evidence
    reviewer  a reviewer: works through the review queue
    desk      both editor and reviewer
    admin     manages users, sources and tags (also /admin/)
    reader    no role: can read, cannot change anything
  Press Ctrl-C to stop the app and its database.

BANNER
# Not exec: the EXIT trap must run after the server stops, to stop the database too.
"$PYTHON" manage.py runserver "$HOST:$PORT"
