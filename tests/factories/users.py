"""factory_boy factories shared by the whole suite."""

from __future__ import annotations

import hashlib

import factory
from django.contrib.auth.models import User

from annotations.roles import Role
from annotations.services.roles import user_set_roles

TEST_PASSWORD = "a-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: tuple[Role, ...] | None, **kwargs) -> None:
        self.save()
        if create and extracted:
            user_set_roles(user=self, roles=extracted)


def paragraph_blocks(text: str) -> list[dict[str, object]]:
    """Blocks for canonical text whose paragraphs are separated by one blank line."""
    blocks, start = [], 0
    for paragraph in text.split("\n\n"):
        blocks.append(
            {"kind": "paragraph", "start": start, "end": start + len(paragraph), "level": 0}
        )
        start += len(paragraph) + 2
    return blocks


ARTICLE_TEXT = (
    "The harbour authority said on Monday that cargo volumes rose by 12 percent last year.\n\n"
    "Officials credited the new deep-water berth, opened in March, for most of the growth.\n\n"
    "Critics on the town council argued that the figures include transfers between two "
    "terminals and overstate real trade."
)


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


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "annotations.Tag"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"tag-{n}")


class ClaimFactory(factory.django.DjangoModelFactory):
    """A draft claim on the article's current revision; `start`/`end` pick the span."""

    class Meta:
        model = "annotations.Claim"
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    revision = factory.LazyAttribute(lambda o: o.article.current_revision)
    start = 0
    end = 20
    exact = factory.LazyAttribute(lambda o: o.revision.text[o.start : o.end])
    prefix = factory.LazyAttribute(lambda o: o.revision.text[max(0, o.start - 32) : o.start])
    suffix = factory.LazyAttribute(lambda o: o.revision.text[o.end : o.end + 32])
    text = factory.LazyAttribute(lambda o: o.exact)
    created_by = factory.SubFactory(UserFactory, roles=(Role.EDITOR,))

    @factory.post_generation
    def contributors(self, create: bool, extracted, **kwargs) -> None:
        if create:
            self.contributors.add(self.created_by, *(extracted or ()))

    @factory.post_generation
    def tags(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.tags.add(*extracted)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sources.Source"
        django_get_or_create = ("domain",)

    name = factory.Sequence(lambda n: f"Statistics Office {n}")
    domain = factory.Sequence(lambda n: f"stats{n}.example.gov")
    homepage = factory.LazyAttribute(lambda o: f"https://{o.domain}/")
    kind = "government_agency"
    reliability = "high"


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sources.Citation"

    claim = factory.SubFactory(ClaimFactory)
    stance = "corroborates"
    source = factory.SubFactory(SourceFactory)
    url = factory.LazyAttribute(lambda o: f"https://{o.source.domain}/report")
    title = "Annual port statistics"
    created_by = factory.LazyAttribute(lambda o: o.claim.created_by)
