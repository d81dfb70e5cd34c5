# The two commands: `make run` and `make test`. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.requirements-installed

.PHONY: run test lint format clean-db loadtest bench

run: $(STAMP)
	@scripts/run.sh

test: $(STAMP)
	@scripts/test.sh $(PYTEST_ARGS)

bench: $(STAMP)
	@scripts/bench.sh $(BENCH_ARGS)

loadtest: $(STAMP)
	@scripts/loadtest.sh $(LOADTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Development set-up: requirements-dev.txt includes the runtime requirements.txt.
$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Corroborate needs Python 3.11 or newer; set PYTHON=python3.11")'
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(STAMP)

clean-db:
	-$(VENV)/bin/python -m project.embedded_postgres stop
	rm -rf var/postgres
