"""Helpers for the article tests: distinct articles, uploaded files, verified claims."""

from __future__ import annotations

import itertools

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from annotations.roles import Role
from annotations.services.articles import article_search_vector_refresh
from annotations.workflow import ClaimStatus, Verdict
from tests.factories import ARTICLE_TEXT, ArticleFactory, ClaimFactory, UserFactory

_editions = itertools.count(1)


class AuthorFactory(UserFactory):
    """A user who never signs in: no password to hash, which keeps bulk set-ups fast."""

    password = factory.PostGenerationMethodCall("set_unusable_password")


def uploaded_file(name: str, data: bytes | str, content_type: str = "text/plain"):
    """A file as a browser or API client would upload it."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return SimpleUploadedFile(name, raw, content_type=content_type)


def verified_claim(**kwargs):
    """A claim that went through review and got a verdict."""
    kwargs.setdefault("created_by", AuthorFactory(roles=(Role.EDITOR,)))
    return ClaimFactory(
        status=ClaimStatus.VERIFIED.value,
        verdict=Verdict.TRUE.value,
        verified_by=AuthorFactory(roles=(Role.REVIEWER,)),
        verified_at=timezone.now(),
        **kwargs,
    )


def distinct_article(**kwargs):
    """An ArticleFactory article whose text no other article has (content hashes are unique)."""
    kwargs.setdefault("text", f"{ARTICLE_TEXT}\n\nEdition {next(_editions)}.")
    if "uploaded_by" not in kwargs:
        kwargs["uploaded_by"] = AuthorFactory(roles=(Role.EDITOR,))
    return ArticleFactory(**kwargs)


def indexed_article(**kwargs):
    """A distinct article whose search vector is filled in, as uploads have it."""
    article = distinct_article(**kwargs)
    article_search_vector_refresh(article=article)
    return article
