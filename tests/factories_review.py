"""Claims already at a given point of the review workflow, consistent with the claim's CHECK
constraints, with citations so that they can be verified."""

from __future__ import annotations

import itertools

from django.contrib.auth.models import User
from django.utils import timezone

from annotations.models import Claim
from annotations.roles import Role
from annotations.workflow import ClaimStatus, Verdict
from tests.factories import ARTICLE_TEXT, ArticleFactory, CitationFactory, ClaimFactory, UserFactory

_article_numbers = itertools.count(1)


def user_factory(*roles: Role, **kwargs) -> User:
    """A user who cannot sign in with a password: hashing one costs most of a test's time."""
    return UserFactory(roles=roles, password=None, **kwargs)


def reviewer_factory(**kwargs) -> User:
    return user_factory(Role.REVIEWER, **kwargs)


def editor_factory(**kwargs) -> User:
    return user_factory(Role.EDITOR, **kwargs)


def claim_in(
    status: ClaimStatus = ClaimStatus.DRAFT,
    *,
    reviewer: User | None = None,
    citations: int = 1,
    conflicting: int = 0,
    **kwargs,
) -> Claim:
    """A claim in `status`; in review it is held by `reviewer`, verified it was verified by them
    (a new reviewer when not given)."""
    now = timezone.now()
    fields: dict[str, object] = {"status": status.value}
    if status is not ClaimStatus.DRAFT:
        fields["submitted_at"] = now
    if status is ClaimStatus.IN_REVIEW:
        fields.update(assigned_to=reviewer or reviewer_factory(), assigned_at=now)
    if status is ClaimStatus.VERIFIED:
        fields.update(
            verdict=Verdict.TRUE.value, verified_by=reviewer or reviewer_factory(), verified_at=now
        )
    fields.update(kwargs)
    if "article" not in fields:
        fields.setdefault("created_by", editor_factory())
        fields["article"] = ArticleFactory(
            uploaded_by=fields["created_by"],
            # Revisions are unique by content hash: each article needs its own text.
            text=f"{ARTICLE_TEXT}\n\nReview test article {next(_article_numbers)}.",
        )
    claim = ClaimFactory(**fields)
    CitationFactory.create_batch(citations, claim=claim)
    CitationFactory.create_batch(conflicting, claim=claim, stance="conflicts")
    return claim
