"""Articles and their revisions, uploaded files."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import secrets

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from annotations.canonical import canonicalize_markdown
from annotations.models import Article
from annotations.roles import Role
from annotations.services.articles import article_search_vector_refresh
from tests.factories.users import PasswordlessUserFactory, UserFactory

ARTICLE_TEXT = (
    "The harbour authority said on Monday that cargo volumes rose by 12 percent last year.\n\n"
    "Officials credited the new deep-water berth, opened in March, for most of the growth.\n\n"
    "Critics on the town council argued that the figures include transfers between two "
    "terminals and overstate real trade."
)
OTHER_ARTICLE_TEXT = (
    "Dock workers reported on Tuesday that the new berth handled its first large vessel.\n\n"
    "The council said the harbour's figures would be audited before the summer."
)
_editions = itertools.count(1)
_other_articles = itertools.count(1)


def paragraph_blocks(text: str) -> list[dict[str, object]]:
    """Blocks for canonical text whose paragraphs are separated by one blank line."""
    blocks, start = [], 0
    for paragraph in text.split("\n\n"):
        blocks.append(
            {"kind": "paragraph", "start": start, "end": start + len(paragraph), "level": 0}
        )
        start += len(paragraph) + 2
    return blocks


class ArticleFactory(factory.django.DjangoModelFactory):
    """An article with one revision of canonical text (`text=` to choose it)."""

    class Meta:
        model = "annotations.Article"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Harbour report {n}")
    url = factory.Sequence(lambda n: f"https://news.example.org/harbour-{n}")
    publisher = "Coastal Ledger"
    author = "Mara Quill"
    uploaded_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def text(self, create: bool, extracted: str | None, **kwargs) -> None:
        if not create:
            return
        revision = ArticleRevisionFactory(
            article=self, text=extracted or ARTICLE_TEXT, created_by=self.uploaded_by
        )
        self.current_revision = revision
        self.save(update_fields=["current_revision"])


class ArticleRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "annotations.ArticleRevision"

    article = factory.SubFactory(ArticleFactory)
    number = factory.LazyAttribute(lambda o: o.article.revisions.count() + 1)
    text = ARTICLE_TEXT
    blocks = factory.LazyAttribute(lambda o: paragraph_blocks(o.text))
    content_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.text.encode()).hexdigest())
    source_format = "text"
    created_by = factory.LazyAttribute(lambda o: o.article.uploaded_by)


def distinct_article(**kwargs) -> Article:
    """An ArticleFactory article whose text no other article has (content hashes are unique),
    uploaded by an editor."""
    kwargs.setdefault("text", f"{ARTICLE_TEXT}\n\nEdition {next(_editions)}.")
    if "uploaded_by" not in kwargs:
        kwargs["uploaded_by"] = PasswordlessUserFactory(roles=(Role.EDITOR,))
    return ArticleFactory(**kwargs)


def indexed_article(**kwargs) -> Article:
    """A distinct article whose search vector is filled in, as uploads have it."""
    article = distinct_article(**kwargs)
    article_search_vector_refresh(article=article)
    return article


def other_article(**kwargs) -> Article:
    """An article to be cited by a claim: it starts with “Dock workers” and its text differs
    from every other article's (revisions are unique by content)."""
    text = f"{OTHER_ARTICLE_TEXT}\n\nReport {next(_other_articles)}."
    return ArticleFactory(text=text, **kwargs)


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


def uploaded_file(name: str, data: bytes | str, content_type: str = "text/plain"):
    """A file as a browser or API client would upload it."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return SimpleUploadedFile(name, raw, content_type=content_type)
