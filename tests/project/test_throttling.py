"""Throttles count per user and per address, in the cache every worker process shares, on the
API and on the expensive pages (search, upload), and answer 429 with Retry-After beyond."""

import threading
import time
import uuid

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from project.cache import PostgresDatabaseCache
from project.throttling import PerAddressThrottle, PerUserThrottle, client_address
from tests.factories import UserFactory, uploaded_file

pytestmark = pytest.mark.django_db

OFFICE = "198.51.100.7"


@pytest.fixture
def rates(settings):
    """Small rates, every scope: three a minute per user, five per address."""
    settings.THROTTLE_RATES = {
        **dict.fromkeys(("api", "search", "export", "upload"), "3/minute"),
        **{f"{scope}_address": "5/minute" for scope in ("api", "search", "export", "upload")},
    }
    return settings.THROTTLE_RATES


def _signed_in(user, address: str = OFFICE) -> Client:
    client = Client(REMOTE_ADDR=address)
    client.force_login(user)
    return client


def test_a_user_over_the_rate_gets_a_429_problem_with_retry_after(editor_client, rates):
    for _ in range(3):
        assert editor_client.get("/api/v1/me/").status_code == 200
    response = editor_client.get("/api/v1/me/")
    assert response.status_code == 429
    assert response.json()["title"] == "Too many requests"
    assert int(response["Retry-After"]) > 0


def test_one_users_rate_does_not_limit_another_at_another_address(rates):
    first, second = UserFactory(), UserFactory()
    for _ in range(4):
        _signed_in(first).get("/api/v1/me/")
    assert _signed_in(second, "203.0.113.50").get("/api/v1/me/").status_code == 200


def test_users_at_one_address_share_its_rate(rates):
    colleagues = [_signed_in(UserFactory()) for _ in range(3)]
    answers = [client.get("/api/v1/me/").status_code for client in colleagues for _ in range(2)]
    assert answers == [200] * 5 + [429]


def test_counts_live_in_the_shared_cache_not_in_the_process(editor, rates):
    client = _signed_in(editor)
    for _ in range(2):
        client.get("/api/v1/me/")
    # A new connection to the cache, as another worker process would open.
    other_worker = PerUserThrottle("api")
    other_worker.cache = caches.create_connection("default")
    request = RequestFactory().get("/api/v1/me/")
    request.user = editor
    assert len(other_worker.cache.get(other_worker.get_cache_key(request, None))) == 2


def test_searches_on_the_page_are_throttled_per_user(reader_client, rates):
    url = reverse("article-list")
    assert [reader_client.get(url, {"q": "harbour"}).status_code for _ in range(4)] == [
        200,
        200,
        200,
        429,
    ]
    refused = reader_client.get(url, {"q": "harbour"})
    assert "Too many requests" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0


def test_browsing_the_list_without_a_search_is_not_counted_as_searching(reader_client, rates):
    url = reverse("article-list")
    for _ in range(4):
        reader_client.get(url)
    assert reader_client.get(url, {"q": "harbour"}).status_code == 200


def test_searches_in_the_api_are_throttled_like_the_page(reader_client, rates):
    for _ in range(3):
        reader_client.get(reverse("article-list"), {"q": "harbour"})
    response = reader_client.get(reverse("api-article-list"), {"q": "harbour"})
    assert response.status_code == 429


def test_uploads_on_the_page_are_throttled(editor_client, rates):
    statuses = [
        editor_client.post(
            reverse("article-upload"),
            {"file": uploaded_file(f"report-{number}.txt", f"Report number {number}.")},
        ).status_code
        for number in range(4)
    ]
    assert statuses == [302, 302, 302, 429]


def test_exports_are_throttled(reader_client, rates):
    statuses = [reader_client.get(reverse("api-export-claims")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


# The client's address -----------------------------------------------------------------------


def _request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **meta)


def test_without_a_proxy_the_address_is_the_connections(settings):
    settings.BEHIND_TLS_PROXY = False
    assert client_address(_request(HTTP_X_FORWARDED_FOR="203.0.113.9")) == "10.0.0.2"


def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(settings):
    settings.BEHIND_TLS_PROXY = True
    forwarded = "6.6.6.6, 7.7.7.7, 203.0.113.9"  # the first two were written by the client
    assert client_address(_request(HTTP_X_FORWARDED_FOR=forwarded)) == "203.0.113.9"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", "6.6.6.6, "])
def test_behind_the_proxy_a_missing_or_malformed_entry_falls_back_to_the_connection(
    settings, forwarded
):
    settings.BEHIND_TLS_PROXY = True
    assert client_address(_request(HTTP_X_FORWARDED_FOR=forwarded)) == "10.0.0.2"


def test_a_throttled_request_costs_two_cache_statements_per_throttle(editor_client, rates):
    editor_client.get("/api/v1/me/")  # the counts exist: later writes update them
    with CaptureQueriesContext(connection) as queries:
        editor_client.get("/api/v1/me/")
    cache_statements = [
        query["sql"]
        for query in queries.captured_queries
        if "corroborate_cache" in query["sql"]
        and not query["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]
    # Two throttles (per user and per address), each one read and one upsert.
    assert len(cache_statements) == 4


@pytest.mark.django_db(transaction=True)
def test_requests_arriving_together_are_all_counted(settings, monkeypatch):
    """Twelve requests from one address at once, each in its own connection, against a rate of
    five: each read of the count is slowed so that, unguarded, every request would read it
    before any wrote it back."""
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "api_address": "5/minute"}
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    read = PostgresDatabaseCache.get

    def slow_read(self, *args, **kwargs):
        value = read(self, *args, **kwargs)
        time.sleep(0.05)
        return value

    monkeypatch.setattr(PostgresDatabaseCache, "get", slow_read)
    start, allowed = threading.Barrier(12), []

    def one_request():
        try:
            start.wait(5)
            throttle = PerAddressThrottle("api_address")
            allowed.append(
                throttle.allow_request(RequestFactory().get("/", REMOTE_ADDR=address), None)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=one_request) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert (allowed.count(True), allowed.count(False)) == (5, 7)
