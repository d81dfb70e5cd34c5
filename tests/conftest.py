import os

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from annotations.roles import Role
from tests.factories import UserFactory

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
