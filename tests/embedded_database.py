"""Pytest plugin: the embedded PostgreSQL server for a run without DATABASE_URL.

Settings only read where the embedded server listens (project/embedded_postgres.py), so the
server must run before pytest-django loads them. `make test` starts it in scripts/test.sh; this
plugin does the same for a bare `pytest`, and stops the server at the end only if it started it.
Loaded with `-p` from pyproject.toml, it wraps pytest-django's own set-up hook.
"""

from __future__ import annotations

import os

import pytest

from project import embedded_postgres


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config: pytest.Config):
    if not os.environ.get("DATABASE_URL") and embedded_postgres.start():
        early_config.add_cleanup(embedded_postgres.stop)
    return (yield)
