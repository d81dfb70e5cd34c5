"""Reads that may lag go to a real streaming replica; writes and a writer's own reads do not.

The findings come from tests/project/replica_worker.py, run once against a primary and its
replica made with pg_basebackup (tests/project/replicated_postgres.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest

from project import replicas
from tests.project.replicated_postgres import ReplicatedPostgres
from tests.security.throwaway_postgres import REPO


@pytest.fixture(scope="module")
def findings(tmp_path_factory) -> Iterator[dict]:
    report = tmp_path_factory.mktemp("replica") / "findings.json"
    pair = ReplicatedPostgres()
    try:
        pair.migrate()
        worker = subprocess.run(
            [sys.executable, "-m", "tests.project.replica_worker", str(report)],
            cwd=REPO,
            env=pair.environment(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert worker.returncode == 0, worker.stderr[-3000:]
        yield json.loads(report.read_text())
    finally:
        pair.close()


@pytest.mark.parametrize(
    "request_name",
    ["public_factcheck", "article_list", "review_dashboard", "export_json", "export_ndjson"],
)
def test_lag_tolerant_pages_read_claims_and_articles_from_the_replica_only(findings, request_name):
    served = findings[request_name]
    assert served["status"] == 200
    assert served["replica"] > 0
    assert served["primary_queries"] == []


def test_the_article_page_reads_from_the_primary(findings):
    served = findings["article_page"]
    assert served["status"] == 200
    assert (served["primary"] > 0, served["replica"]) == (True, 0)


def test_a_write_goes_to_the_primary_and_marks_the_writer_for_read_your_writes(findings):
    upload = findings["upload"]
    assert upload["status"] == 302
    assert upload["replica"] == 0
    assert upload["wrote_cookie"]


def test_the_writer_sees_their_own_write_at_once_while_the_replica_lags(findings):
    served = findings["list_after_own_write"]
    assert served["replica"] == 0
    assert "Replica lag probe" in served["body"]


def test_another_user_reads_the_lagging_replica_until_it_catches_up(findings):
    assert "Replica lag probe" not in findings["list_by_other_while_lagging"]["body"]
    assert "Replica lag probe" in findings["list_by_other_after_catch_up"]["body"]


def test_a_cursor_from_a_lagging_replica_skips_no_change_once_it_catches_up(findings):
    assert findings["reopen"]["status"] == 200
    reopened = findings["reopened_claim"]
    lagging = findings["sync_while_lagging"]
    assert reopened not in [tombstone["id"] for tombstone in lagging["withdrawn"]]
    caught_up = findings["sync_after_catch_up"]
    assert reopened in [tombstone["id"] for tombstone in caught_up["withdrawn"]]


def test_without_a_replica_every_read_uses_the_primary(settings):
    assert "replica" not in settings.DATABASES
    replicas._reads_may_lag.set(True)
    try:
        assert replicas.read_alias() == "default"
    finally:
        replicas._reads_may_lag.set(False)


def test_every_lag_tolerant_route_exists():
    from django.urls import get_resolver

    names = {name for name in get_resolver().reverse_dict if isinstance(name, str)}
    assert names >= replicas.LAG_TOLERANT_ROUTES


def test_outside_a_lag_tolerant_request_reads_use_the_primary(settings, monkeypatch):
    monkeypatch.setitem(settings.DATABASES, "replica", settings.DATABASES["default"])
    assert replicas.read_alias() == "default"
