"""Two app servers against one database share one cache: a user's throttle counts across both.

Each server is a real gunicorn process with its own memory, so only a cache that every server
shares (CACHE_URL; by default a table in PostgreSQL) can make the two count as one."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from tests.security.throwaway_postgres import REPO, ThrowawayPostgres

CALLS_A_MINUTE = 6


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str, **headers: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.fixture(scope="module")
def database() -> Iterator[ThrowawayPostgres]:
    server = ThrowawayPostgres()
    try:
        server.migrate()
        yield server
    finally:
        server.close()


@pytest.fixture(scope="module")
def token(database) -> str:
    created = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", CREATE_CONSUMER],
        cwd=REPO,
        env=database.environment(),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return created.stdout.strip().splitlines()[-1]


CREATE_CONSUMER = """
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
user = User.objects.create_user("consumer", password="a-long-enough-password")
print(Token.objects.create(user=user).key)
"""


@pytest.fixture(scope="module")
def two_servers(database) -> Iterator[list[int]]:
    environment = {**database.environment(), "API_THROTTLE_USER": f"{CALLS_A_MINUTE}/minute"}
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "project.wsgi", "--bind", f"127.0.0.1:{port}"],
            cwd=REPO,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        deadline = time.monotonic() + 60
        for port in ports:
            while True:
                try:
                    if _get(port, "/healthz") == 200:
                        break
                except OSError:
                    assert time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.2)
        yield ports
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)


def test_a_users_api_calls_count_across_both_servers(two_servers, token):
    statuses = [
        _get(two_servers[call % 2], "/api/v1/me/", Authorization=f"Token {token}")
        for call in range(CALLS_A_MINUTE + 2)
    ]
    assert statuses == [200] * CALLS_A_MINUTE + [429, 429]
