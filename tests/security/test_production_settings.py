"""With DEBUG off, cookies only travel over HTTPS and sign-in throttling is on."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "project" / "settings.py"


def _settings_with(monkeypatch, **environment: str) -> ModuleType:
    """The settings module as a server with this environment would load it."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("production_settings", SETTINGS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def production(monkeypatch) -> ModuleType:
    return _settings_with(
        monkeypatch,
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="corroborate.example.org",
        DATABASE_URL="postgresql://corroborate@db.internal:5432/corroborate",
    )


def test_session_and_csrf_cookies_are_secure_in_production(production):
    assert production.SESSION_COOKIE_SECURE is True
    assert production.CSRF_COOKIE_SECURE is True
    assert production.SESSION_COOKIE_HTTPONLY is True


def test_sign_in_throttling_checks_every_login_first(production):
    assert production.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert production.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert production.AXES_FAILURE_LIMIT == 5
    # Per username and, separately, per address; a lockout never extends itself (issue 17).
    assert production.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert production.AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is False


def test_a_database_outage_is_answered_before_sessions_are_read(production):
    middleware = production.MIDDLEWARE
    outage = middleware.index("project.middleware.DatabaseUnavailableMiddleware")
    assert outage < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
