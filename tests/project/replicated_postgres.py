"""A primary and a streaming read replica of its own, for the replica tests.

Both are embedded PostgreSQL servers in a temporary directory (whatever DATABASE_URL says: a
physical replica needs the same server version as its primary, which the wheel guarantees). The
replica is made the way an operator makes one, with `pg_basebackup -R`, and follows the primary
over streaming replication; tests pause and resume its replay to make it lag on purpose
(tests/project/replica_worker.py).
"""

from __future__ import annotations

from project import embedded_postgres
from tests.security.throwaway_postgres import DATABASE, ThrowawayPostgres


class ReplicatedPostgres(ThrowawayPostgres):
    def __init__(self) -> None:
        super().__init__()
        self.standby_pgdata = self.root / "standby"
        self.standby_socket_dir = embedded_postgres.start_standby(
            primary_socket_dir=self.socket_dir, pgdata=self.standby_pgdata
        )

    @property
    def replica_url(self) -> str:
        return f"postgresql://postgres@/{DATABASE}?host={self.standby_socket_dir}"

    def environment(self) -> dict[str, str]:
        return {**super().environment(), "DATABASE_REPLICA_URL": self.replica_url}

    def close(self) -> None:
        embedded_postgres.stop_server(self.standby_pgdata)
        super().close()
