import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db


REPO = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


@pytest.mark.django_db
def test_pages_forbid_framing_and_sniffing(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def _environment_without_test_switches() -> dict[str, str]:
    # The browser tests allow sync ORM calls in Playwright's loop; production must not.
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_deploy_check_is_clean_with_production_settings():
    environment = {
        **_environment_without_test_switches(),
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "corroborate.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    environment = {**_environment_without_test_switches(), "DEBUG": "0", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.fixture
def three_calls_a_minute(monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "2/minute"}
    )


def test_a_user_over_the_rate_gets_a_429_with_retry_after(editor_client, three_calls_a_minute):
    for _ in range(3):
        assert editor_client.get("/api/v1/me/").status_code == 200
    response = editor_client.get("/api/v1/me/")
    assert response.status_code == 429
    assert response.json()["title"] == "Too many requests"
    assert int(response["Retry-After"]) > 0


def test_one_users_rate_does_not_limit_another(
    editor_client, reviewer_client, three_calls_a_minute
):
    for _ in range(4):
        editor_client.get("/api/v1/me/")
    assert reviewer_client.get("/api/v1/me/").status_code == 200
