import os
from functools import cache

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from annotations.roles import Role
from tests.factories import UserFactory
from tests.openapi_contract import Contract, openapi_document

# CI runs the same examples every time, so that a red build is about the change it tests;
# a developer's runs keep exploring new ones.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The real hasher costs ~100 ms a user on purpose; tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_throttle_counts(request):
    """Throttles count in the database cache. A test in a transaction leaves no counts behind;
    one that commits (the live server of the browser tests) starts from zero."""
    marker = request.node.get_closest_marker("django_db")
    commits = (marker is not None and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if commits:
        from django.core.cache import cache

        request.getfixturevalue("transactional_db")
        cache.clear()


@pytest.fixture
def unthrottled(settings):
    """No rate limits, so that a query count is the view's own (the throttles' cost in cache
    statements is pinned in tests/project/test_throttling.py)."""
    settings.THROTTLE_RATES = {}


@pytest.fixture
def editor(db):
    return UserFactory(username="editor_user", roles=(Role.EDITOR,))


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer_user", roles=(Role.REVIEWER,))


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin_role_user", roles=(Role.ADMIN,))


@pytest.fixture
def reader(db):
    """A signed-in user with no role: may read, may not write."""
    return UserFactory(username="reader_user")


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor) -> Client:
    return _client_for(editor)


@pytest.fixture
def reviewer_client(reviewer) -> Client:
    return _client_for(reviewer)


@pytest.fixture
def admin_client_role(admin_user) -> Client:
    return _client_for(admin_user)


@pytest.fixture
def reader_client(reader) -> Client:
    return _client_for(reader)


# The OpenAPI schema is a contract: every API answer a test receives keeps it -----------------


@cache
def api_contract() -> Contract:
    """The schema, generated once per run (the first time an API answer needs it)."""
    return Contract(openapi_document())


@pytest.fixture(autouse=True)
def api_answers_keep_the_schema(monkeypatch):
    """Every answer of the test client (Django's and DRF's) under /api/v1/ is checked against
    the schema: a status, header or body it does not document fails the test that got it."""
    request = Client.request

    def checked_request(client, **sent):
        response = request(client, **sent)
        api_contract().check(response.wsgi_request.method, response.wsgi_request.path, response)
        return response

    monkeypatch.setattr(Client, "request", checked_request)


def pytest_terminal_summary(terminalreporter):
    if not api_contract.cache_info().currsize:
        return
    contract = api_contract()
    checked = contract.responses_checked
    operations = {(method, path) for method, path, _ in checked if "(" not in path}
    terminalreporter.write_line(
        f"OpenAPI contract: {sum(checked.values())} API answers checked against the schema in "
        f"{contract.seconds:.2f} s, of {len(operations)} operations ({len(checked)} operation "
        "and status pairs)."
    )
