"""Tags and claims: drafts, claims at any point of the review workflow, many claims at once."""

from __future__ import annotations

import factory
from django.contrib.auth.models import User
from django.utils import timezone

from annotations.models import Article, Claim, Tag
from annotations.roles import Role
from annotations.workflow import ClaimStatus, Verdict
from tests.factories.articles import ArticleFactory, distinct_article
from tests.factories.sources import CitationFactory
from tests.factories.users import (
    PasswordlessUserFactory,
    UserFactory,
    editor_factory,
    reviewer_factory,
)


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


class OwnArticleClaimFactory(ClaimFactory):
    """A draft claim on an article of its own."""

    article = factory.LazyFunction(distinct_article)
    created_by = factory.SubFactory(PasswordlessUserFactory, roles=(Role.EDITOR,))


class VerifiedClaimFactory(OwnArticleClaimFactory):
    """A verified claim (the constraints want a verdict, a reviewer and a time together)."""

    status = "verified"
    verdict = "true"
    verified_by = factory.SubFactory(PasswordlessUserFactory, roles=(Role.REVIEWER,))
    verified_at = factory.LazyFunction(timezone.now)


def claim_in(
    status: ClaimStatus = ClaimStatus.DRAFT,
    *,
    reviewer: User | None = None,
    citations: int = 1,
    conflicting: int = 0,
    **kwargs,
) -> Claim:
    """A claim in `status`, consistent with the claim's CHECK constraints, with citations so
    that it can be verified; in review it is held by `reviewer`, verified it was verified by
    them (a new reviewer when not given)."""
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
        fields["article"] = distinct_article(uploaded_by=fields["created_by"])
    claim = ClaimFactory(**fields)
    CitationFactory.create_batch(citations, claim=claim)
    CitationFactory.create_batch(conflicting, claim=claim, stance="conflicts")
    return claim


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
