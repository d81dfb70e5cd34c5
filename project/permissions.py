"""Adapters from the policy checks (`annotations.policies`) to Django views and DRF.

A page or an endpoint names the check that guards it; the check decides and its message is the
403's. Nothing here restates a rule.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from project.errors import NotAllowed

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

View = Callable[..., HttpResponse]
UserCheck = Callable[..., None]  # a policy check that takes only `user`


def requires(check: UserCheck) -> Callable[[View], View]:
    """Refuse the page (403) to a user `check` refuses, before the view reads what they sent."""

    def decorator(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            try:
                check(user=request.user)
            except NotAllowed as error:
                raise PermissionDenied(error.message) from error
            return view(request, *args, **kwargs)

        return guarded

    return decorator


def permission(check: UserCheck, *, methods: Collection[str]) -> type[BasePermission]:
    """A DRF permission class: `check` decides requests with one of `methods`, before the view
    parses them; other methods pass. Anonymous clients still get DRF's 401."""

    class PolicyPermission(BasePermission):
        def has_permission(self, request: Request, view: object) -> bool:
            if request.method not in methods:
                return True
            try:
                check(user=request.user)
            except NotAllowed as error:
                self.message = error.message
                return False
            return True

    PolicyPermission.__name__ = PolicyPermission.__qualname__ = f"Requires_{check.__name__}"
    return PolicyPermission
