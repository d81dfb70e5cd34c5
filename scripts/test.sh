#!/usr/bin/env bash
# `make test`: the same set-up as `make run`, then the whole suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

scripts/ensure-chromium.sh
trap stop_own_database EXIT
start_database
"$PYTHON" -m ruff check .
"$PYTHON" -m pytest "$@"
