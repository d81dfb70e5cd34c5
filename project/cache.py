"""Django's database cache, writing with one PostgreSQL statement instead of five.

Throttles write the cache on every request. Django's DatabaseCache spends five statements on a
write (a COUNT of the whole table to decide on culling, a savepoint, a SELECT, an UPDATE or
INSERT, a release); PostgreSQL's upsert does it in one, deleting the expired entries other than
the one written in the same statement (the expiry column is indexed). MAX_ENTRIES is not used:
entries leave when they expire, so a burst of clients never culls live throttle counts.

`serialized(key)` lets one process at a time read and rewrite a key, so that a throttle's count
misses none of many requests arriving at once.
"""

from __future__ import annotations

import base64
import pickle
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now as tz_now


class PostgresDatabaseCache(DatabaseCache):
    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT) -> bool:
        timeout = self.get_backend_timeout(timeout)
        expires = datetime.max if timeout is None else datetime.fromtimestamp(timeout, tz=UTC)
        expires = expires.replace(microsecond=0, tzinfo=UTC)
        now = tz_now().replace(microsecond=0)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        if mode == "touch":
            sql = f"UPDATE {table} SET expires = %s WHERE cache_key = %s AND expires >= %s"
            params = [expires, key, now]
        else:
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            # "add" writes only over a missing or expired entry; "set" always.
            only_if_expired = f"WHERE {table}.expires < %s" if mode == "add" else ""
            sql = (
                f"WITH expired AS (DELETE FROM {table} WHERE expires < %s AND cache_key <> %s) "
                f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
                "ON CONFLICT (cache_key) DO UPDATE "
                f"SET value = EXCLUDED.value, expires = EXCLUDED.expires {only_if_expired}"
            )
            params = [now, key, key, encoded, expires] + ([now] if mode == "add" else [])
        # Inside a transaction, a savepoint keeps a failed write from breaking it; outside one
        # the statement is its own transaction.
        guard = transaction.atomic(using=db) if connection.in_atomic_block else nullcontext()
        try:
            with guard, connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.rowcount == 1
        except DatabaseError:
            # As Django's: a write that loses a race with another process fails quietly.
            return False

    @contextmanager
    def serialized(self, key: str, version: int | None = None) -> Iterator[None]:
        """Hold `key` for one reader-and-writer at a time, across every process and server: a
        transaction-level advisory lock on the key, released when the block's transaction ends
        (at once, outside a transaction: requests do not run in one)."""
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        with transaction.atomic(using=db), connections[db].cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])
            yield
