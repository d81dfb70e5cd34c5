#!/usr/bin/env bash
# `make bench`: the benchmark in its own database (see benchmarks/run.py). Extra arguments go
# to it: --rebuild, --quick, --scale N, --only article,export,review,create,search,similar.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

trap stop_own_database EXIT
start_database
"$PYTHON" -m benchmarks.run "$@"
