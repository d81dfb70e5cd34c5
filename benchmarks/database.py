"""The benchmark's own database: `<name>_bench` on the server DATABASE_URL names (the embedded
server's `corroborate_bench` without one), created on first use and kept between runs while
its data set matches the builder's stamp."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

STAMP_TABLE = "benchmark_dataset"
BENCH_SUFFIX = "_bench"


def bench_database_url(scale: int = 1) -> str:
    """DATABASE_URL (or the embedded server's URL) with the database renamed `<name>_bench`
    (`<name>_bench_x10` for a data set ten times the size, kept beside it)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        from project import embedded_postgres

        if not embedded_postgres.is_running():
            embedded_postgres.start()
        url = embedded_postgres.url()
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "corroborate"
    if not name.endswith(BENCH_SUFFIX):
        name += BENCH_SUFFIX
    if scale != 1:
        name += f"_x{scale}"
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _server(url: str) -> psycopg.Connection:
    """A connection to the same server's maintenance database, for CREATE and DROP DATABASE."""
    parts = urlsplit(url)
    return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)


def _exists(server: psycopg.Connection, name: str) -> bool:
    row = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def stored_dataset(url: str) -> tuple[str, dict] | None:
    """The stamp and description of the data set in the bench database, if one was built."""
    with _server(url) as server:
        if not _exists(server, database_name(url)):
            return None
    with psycopg.connect(url) as connection:
        exists = connection.execute("SELECT to_regclass(%s)", [STAMP_TABLE]).fetchone()[0]
        if exists is None:
            return None
        row = connection.execute(f"SELECT stamp, dataset FROM {STAMP_TABLE}").fetchone()
    return row


def prepare(url: str, *, stamp: str, rebuild: bool) -> bool:
    """Make sure the bench database exists; True when its data set must be (re)built, in which
    case the database has been dropped and created empty."""
    stored = stored_dataset(url)
    if stored is not None and stored[0] == stamp and not rebuild:
        return False
    name = sql.Identifier(database_name(url))
    with _server(url) as server:
        if _exists(server, database_name(url)):
            server.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(name))
        server.execute(sql.SQL("CREATE DATABASE {}").format(name))
    return True


def save_stamp(connection, *, stamp: str, dataset_json: str) -> None:
    """Record the built data set (through Django's connection, after the build committed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {STAMP_TABLE} "
            "(stamp text PRIMARY KEY, built_at timestamptz NOT NULL DEFAULT now(), "
            "dataset jsonb NOT NULL)"
        )
        cursor.execute(f"DELETE FROM {STAMP_TABLE}")
        cursor.execute(
            f"INSERT INTO {STAMP_TABLE} (stamp, dataset) VALUES (%s, %s::jsonb)",
            [stamp, dataset_json],
        )


@contextmanager
def connected_to(url: str) -> Iterator[None]:
    """Point this process's Django connection at the database `url` names (a bench database of
    the same server) while the block runs: the scenarios' own reads and writes then go to the
    data set they measure."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    previous = connection.settings_dict["NAME"]
    name = database_name(url)
    if name == previous:
        yield
        return
    connection.close()
    connection.settings_dict["NAME"] = name
    ContentType.objects.clear_cache()  # ids differ between the databases
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = previous
        ContentType.objects.clear_cache()
