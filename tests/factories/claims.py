"""Helpers for the claim tests: articles with headings, and many claims at once."""

from __future__ import annotations

import dataclasses
import secrets

import pytest

from annotations.canonical import canonicalize_markdown
from annotations.models import Article, Claim, Tag
from tests.factories import ArticleFactory, ArticleRevisionFactory, UserFactory


def article_with_text(text: str, blocks: list[dict] | None = None, **kwargs) -> Article:
    """An article whose current revision is `text`, even if another article has the same text."""
    kwargs.setdefault("uploaded_by", UserFactory())
    article = ArticleFactory.build(**kwargs)  # built, so that it gets no default revision
    article.save()
    extra = {"blocks": blocks} if blocks is not None else {}
    revision = ArticleRevisionFactory(
        article=article, text=text, content_hash=secrets.token_hex(32), **extra
    )
    article.current_revision = revision
    article.save(update_fields=["current_revision"])
    return article


def markdown_article(markdown: str, **kwargs) -> Article:
    """An article whose current revision is the canonical form of `markdown`."""
    document = canonicalize_markdown(markdown)
    blocks = [dataclasses.asdict(block) for block in document.blocks]
    return article_with_text(document.text, blocks, **kwargs)


def many_claims(article: Article, count: int, *, tags: list[Tag] = ()) -> list[Claim]:
    """`count` overlapping draft claims spread over the article, created in one query."""
    revision = article.current_revision
    author = UserFactory()
    width = min(12, revision.length)
    claims = []
    for index in range(count):
        start = (index * 7) % (revision.length - width + 1)
        end = start + width
        claims.append(
            Claim(
                article=article,
                revision=revision,
                start=start,
                end=end,
                exact=revision.text[start:end],
                text=f"Claim {index}",
                created_by=author,
            )
        )
    claims = Claim.objects.bulk_create(claims)
    if tags:
        links = [
            Claim.tags.through(claim_id=claim.pk, tag_id=tag.pk) for claim in claims for tag in tags
        ]
        Claim.tags.through.objects.bulk_create(links)
    return claims


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Factory users get a password; the production hasher would spend most of a test on it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
