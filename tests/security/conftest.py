"""Fixtures for the security tests: a small world of one user per role and an article."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from annotations.models import Article, Claim
from annotations.roles import Role
from annotations.workflow import ClaimStatus
from tests.factories import ArticleFactory, UserFactory

ARTICLE_TEXT = "The ferry carried 40,000 passengers in June, a record for the crossing."
CLAIM_SPAN = (0, 20)


@dataclass
class World:
    editor: Client
    reviewer: Client
    admin: Client
    editor_user: User
    reviewer_user: User


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(db) -> World:
    # No password: hashing one costs more than the rest of the set-up.
    editor = UserFactory(roles=(Role.EDITOR,), password=None)
    reviewer = UserFactory(roles=(Role.REVIEWER,), password=None)
    admin = UserFactory(roles=(Role.ADMIN,), password=None)
    return World(signed_in(editor), signed_in(reviewer), signed_in(admin), editor, reviewer)


@pytest.fixture
def article(world: World) -> Article:
    return ArticleFactory(text=ARTICLE_TEXT, uploaded_by=world.editor_user)


def claims_in_review(article: Article, world: World, count: int) -> list[Claim]:
    """Claims the world's editor marked, in review by its reviewer: one bulk insert, since the
    corpus needs one per rejection."""
    now = timezone.now()
    start, end = CLAIM_SPAN
    claims = Claim.objects.bulk_create(
        Claim(
            article=article,
            revision=article.current_revision,
            start=start,
            end=end,
            exact=ARTICLE_TEXT[start:end],
            text=f"Claim for review {index}",
            created_by=world.editor_user,
            status=ClaimStatus.IN_REVIEW.value,
            submitted_at=now,
            assigned_to=world.reviewer_user,
            assigned_at=now,
        )
        for index in range(count)
    )
    Claim.contributors.through.objects.bulk_create(
        Claim.contributors.through(claim_id=claim.pk, user_id=world.editor_user.pk)
        for claim in claims
    )
    return claims
