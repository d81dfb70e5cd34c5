"""Who is asking, and how often: the client's address, and throttles for the API and the pages.

Counts live in Django's default cache, which every worker process shares (`CACHE_URL`; by
default a table in PostgreSQL), so N gunicorn workers allow the rate once, not N times; with that
default, simultaneous requests are counted one after the other (project/cache.py's
`serialized`), so a burst cannot slip past a rate. Every
request is counted per signed-in user (or, anonymous, per address) and per address; expensive
requests (searches, exports, uploads, sign-ins) also against a rate of their own, per user and
per address. Rates are `THROTTLE_RATES` in settings.
"""

from __future__ import annotations

import ipaddress
from contextlib import nullcontext

from django.conf import settings
from django.http import HttpRequest
from rest_framework.throttling import SimpleRateThrottle


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent `request`.

    Behind the trusted TLS proxy (`BEHIND_TLS_PROXY`), every connection comes from the proxy,
    which appends the address it saw to X-Forwarded-For: the last entry is the client's. Any
    entry before it was written by the client and proves nothing, so it is never used.
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR", "")


def axes_client_address(request: HttpRequest) -> str:
    """AXES_CLIENT_IP_CALLABLE: sign-in lockouts count the same address as the throttles."""
    return client_address(request)


class _Throttle(SimpleRateThrottle):
    """DRF's fixed-window counter in the shared cache, keyed by `key(request)`; `scope` names the
    rate in THROTTLE_RATES. Also works on a plain Django request, for the pages."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__()

    def get_rate(self) -> str | None:
        return settings.THROTTLE_RATES.get(self.scope)

    def get_ident(self, request) -> str:
        return client_address(request)

    def key(self, request) -> str | None:
        raise NotImplementedError

    def get_cache_key(self, request, view) -> str | None:
        key = self.key(request)
        return None if key is None else self.cache_format % {"scope": self.scope, "ident": key}

    def allow_request(self, request, view) -> bool:
        """DRF's check, which reads the request history and writes it back, holding the key
        meanwhile where the cache can (the default, PostgreSQL's): requests that arrive together
        are all counted instead of each overwriting the others' count."""
        key = self.get_cache_key(request, view) if self.rate is not None else None
        serialized = getattr(self.cache, "serialized", None)
        with serialized(key) if key is not None and serialized else nullcontext():
            return super().allow_request(request, view)


class PerUserThrottle(_Throttle):
    """Counts a signed-in user's requests (a token counts as its user); anonymous ones by
    address."""

    def key(self, request) -> str | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user-{user.pk}"
        return f"address-{self.get_ident(request)}"


class PerAddressThrottle(_Throttle):
    """Counts every request from one address, whoever sends it."""

    def key(self, request) -> str | None:
        return self.get_ident(request)


def throttles_for(scope: str) -> list[_Throttle]:
    """The throttles a request of `scope` passes: `scope` per user, `scope_address` per address."""
    return [PerUserThrottle(scope), PerAddressThrottle(f"{scope}_address")]


def seconds_to_wait(request, scope: str, view=None) -> float | None:
    """None when the request is within every rate of `scope` (and counted), else how long to
    wait before the busiest of them allows one again."""
    waits = [
        throttle.wait()
        for throttle in throttles_for(scope)
        if not throttle.allow_request(request, view)
    ]
    if not waits:
        return None
    return max((wait or 1) for wait in waits)


class ApiThrottle:
    """DRF's DEFAULT_THROTTLE_CLASSES entry: every API request against `api` (per user and per
    address), and against the view's `throttle_scope` when it has one (searches, exports,
    uploads)."""

    def __init__(self) -> None:
        self._wait: float | None = None

    def allow_request(self, request, view) -> bool:
        for scope in ("api", getattr(view, "throttle_scope", None)):
            if scope:
                self._wait = seconds_to_wait(request, scope, view)
                if self._wait is not None:
                    return False
        return True

    def wait(self) -> float | None:
        return self._wait
