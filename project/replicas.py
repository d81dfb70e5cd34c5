"""Reads that may lag go to the read replica; everything else stays on the primary.

With `DATABASE_REPLICA_URL` set, settings add a `replica` database. A request is served from the
replica only when all of these hold:
- its route is one of `LAG_TOLERANT_ROUTES` (pages and endpoints whose readers accept a view a few
  seconds old: the export, public fact-check pages, search and list pages, the dashboard);
- its method is safe (GET, HEAD, OPTIONS);
- the client wrote nothing in the last `REPLICA_READ_YOUR_WRITES_SECONDS` (read-your-writes: every
  successful unsafe request sets a short-lived cookie that keeps that client on the primary).
Only the articles', claims', sources' and users' tables are read there: sessions, API tokens, the
cache and the sign-in lockouts are always read on the primary, so signing in and throttles never
lag (the signed-in user is loaded before the view runs: permissions are checked on the primary).
Every write goes to the primary. Without the variable nothing changes: there is no `replica`
database and every query goes to `default`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PRIMARY = "default"

# Route names (as in the URLconfs) whose reads may be served a few seconds late.
LAG_TOLERANT_ROUTES = frozenset(
    {
        "article-list",
        "api-article-list",
        "api-export-claims",
        "api-claim-jsonld",
        "factcheck-detail",
        "review-dashboard",
    }
)
# Apps whose tables the replica serves; the rest (sessions, tokens, cache, axes…) never lag.
REPLICATED_APPS = frozenset({"annotations", "sources", "auth"})
WROTE_RECENTLY_COOKIE = "corroborate_wrote"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_reads_may_lag: ContextVar[bool] = ContextVar("reads_may_lag", default=False)


def read_alias() -> str:
    """The database this request's lag-tolerant reads use (also for raw SQL cursors)."""
    if _reads_may_lag.get() and REPLICA in settings.DATABASES:
        return REPLICA
    return PRIMARY


class ReplicaRouter:
    """Django database router: replicated apps' reads follow `read_alias()`; writes the primary."""

    def db_for_read(self, model, **hints) -> str:
        if model._meta.app_label in REPLICATED_APPS:
            return read_alias()
        return PRIMARY

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # one database, replicated: any two rows may relate

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == PRIMARY  # a physical replica follows the primary's schema by itself


class ReplicaReadsMiddleware:
    """Decides per request whether its reads may come from the replica (see the module doc)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _reads_may_lag.set(False)
        try:
            response = self.get_response(request)
            may_lag = _reads_may_lag.get()
        finally:
            _reads_may_lag.reset(token)
        if response.streaming and may_lag:
            # A streamed body is read after this returns: its queries keep the request's choice.
            response.streaming_content = _with_lag_allowed(response.streaming_content)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            response.set_cookie(
                WROTE_RECENTLY_COOKIE,
                "1",
                max_age=settings.REPLICA_READ_YOUR_WRITES_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        match = request.resolver_match
        if (
            match is not None
            and match.url_name in LAG_TOLERANT_ROUTES
            and request.method in SAFE_METHODS
            and WROTE_RECENTLY_COOKIE not in request.COOKIES
        ):
            _reads_may_lag.set(True)


def _with_lag_allowed(chunks: Iterator[bytes]) -> Iterator[bytes]:
    _reads_may_lag.set(True)
    try:
        yield from chunks
    finally:
        # Not reset(token): a generator may be closed from another context than it started in.
        _reads_may_lag.set(False)
