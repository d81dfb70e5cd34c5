"""The database crashing mid-run: every write is whole or absent, nothing acknowledged is lost,
requests meanwhile get a 503 with Retry-After (never a traceback), and the app recovers by
itself when the database is back.

These tests start a PostgreSQL server of their own (`ThrowawayPostgres`, always embedded,
whatever DATABASE_URL says), so they can crash it without touching the suite's database.
"""

from __future__ import annotations

import http.client
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from tests.security.throwaway_postgres import REPO, ThrowawayPostgres

HOST, PORT = "127.0.0.1", 8302


@pytest.fixture(scope="module")
def throwaway() -> Iterator[ThrowawayPostgres]:
    server = ThrowawayPostgres()
    try:
        server.migrate()
        yield server
    finally:
        server.close()


# Writes during a crash ----------------------------------------------------------------------


class Lines:
    """A subprocess's output lines, read in a thread so that waiting on them can time out."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.seen: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(process.stdout,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self._queue.put(line.strip())

    def wait_for(self, predicate, *, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not predicate(self.seen):
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"timed out; last lines: {self.seen[-5:]}"
            try:
                self.seen.append(self._queue.get(timeout=remaining))
            except queue.Empty:
                continue


def _acknowledged(lines: list[str]) -> list[tuple[int, str]]:
    return [(int(line.split()[1]), line.split()[2]) for line in lines if line.startswith("ok ")]


def _count(prefix: str):
    return lambda lines: sum(line.startswith(prefix) for line in lines)


def test_a_crash_mid_run_leaves_every_write_whole_or_absent(throwaway, tmp_path):
    stop = tmp_path / "stop"
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.security.fault_worker", str(stop)],
        cwd=REPO,
        env=throwaway.environment(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        lines = Lines(worker)
        lines.wait_for(lambda seen: _count("ok ")(seen) >= 20)
        throwaway.crash()
        lines.wait_for(lambda seen: _count("outage")(seen) >= 1)
        time.sleep(0.3)
        throwaway.start()
        before = _count("ok ")(lines.seen)
        lines.wait_for(lambda seen: _count("ok ")(seen) >= before + 12)
        stop.touch()
        lines.wait_for(lambda seen: "done" in seen)
    finally:
        stop.touch()
        worker.wait(timeout=30)

    with throwaway.connect() as connection:
        problems = _broken_invariants(connection, _acknowledged(lines.seen))
    assert not problems, "\n".join(problems)


def _broken_invariants(connection, acknowledged: list[tuple[int, str]]) -> list[str]:
    problems = []
    claims = {
        claim_id: (status, version, creator)
        for claim_id, status, version, creator in connection.execute(
            "SELECT id, status, version, created_by_id FROM annotations_claim"
        )
    }
    events: dict[int, list[tuple[str, str]]] = {}
    for claim_id, source, target in connection.execute(
        "SELECT claim_id, from_status, to_status FROM annotations_reviewevent ORDER BY id"
    ):
        events.setdefault(claim_id, []).append((source, target))
    citations = dict(
        connection.execute("SELECT claim_id, count(*) FROM sources_citation GROUP BY claim_id")
    )
    contributors = set(
        connection.execute("SELECT claim_id, user_id FROM annotations_claim_contributors")
    )
    for claim_id, status in acknowledged:
        if claim_id not in claims:
            problems.append(f"claim {claim_id} was acknowledged, then lost")
        elif status != "draft" and status not in {target for _, target in events.get(claim_id, [])}:
            problems.append(f"claim {claim_id}: the acknowledged move to {status} was lost")
    for claim_id, (status, version, creator) in claims.items():
        history = events.get(claim_id, [])
        if (claim_id, creator) not in contributors:
            problems.append(f"claim {claim_id}: its creator is not among its contributors")
        # Every write bumps the version in the same transaction as what it wrote.
        if version != 1 + citations.get(claim_id, 0) + len(history):
            problems.append(f"claim {claim_id}: version {version} does not match its writes")
        statuses = ["draft", *(target for _, target in history)]
        if any(source != statuses[index] for index, (source, _) in enumerate(history)):
            problems.append(f"claim {claim_id}: its history is not one unbroken chain")
        if statuses[-1] != status:
            problems.append(f"claim {claim_id} is {status}, its history ends at {statuses[-1]}")
    return problems


# Requests during an outage ------------------------------------------------------------------


def _get(path: str, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(HOST, PORT, timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@pytest.fixture
def app_server(throwaway) -> Iterator[None]:
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "project.wsgi"),
            *("--bind", f"{HOST}:{PORT}", "--workers", "1", "--timeout", "30"),
        ],
        cwd=REPO,
        env=throwaway.environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if _get("/healthz").status == 200:
                    break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.1)
        yield
    finally:
        server.terminate()
        server.wait(timeout=10)


# A page that reads the database, the API, and a signed-in request whose session is loaded by a
# middleware before any view runs.
REQUESTS = {
    "page": ("/factchecks/999999/", {}),
    "api": ("/api/v1/me/", {"Authorization": "Token 0123456789abcdef0123456789abcdef01234567"}),
    "session": ("/articles/", {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}),
}


def test_requests_get_503_while_the_database_is_down_and_recover_after(throwaway, app_server):
    throwaway.crash()
    try:
        down = {name: _get(path, **headers) for name, (path, headers) in REQUESTS.items()}
        health = _get("/healthz")
    finally:
        throwaway.start()
    up = {name: _get(path, **headers) for name, (path, headers) in REQUESTS.items()}

    assert {name: response.status for name, response in down.items()} == dict.fromkeys(
        REQUESTS, 503
    )
    assert all(response.getheader("Retry-After") == "5" for response in down.values())
    assert down["api"].getheader("Content-Type") == "application/problem+json"
    assert b'"status":503' in down["api"].body.replace(b" ", b"")
    assert b"Back in a moment" in down["page"].body
    assert b"Traceback" not in down["session"].body
    assert health.status == 503
    assert {name: response.status for name, response in up.items()} == {
        "page": 404,
        "api": 401,
        "session": 302,
    }
