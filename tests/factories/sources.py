"""Factories and builders for the sources and citations tests."""

from __future__ import annotations

import itertools

import factory
from django.utils import timezone

from annotations.models import Article, Claim
from annotations.roles import Role
from annotations.workflow import ClaimStatus, Verdict
from tests.factories import ArticleFactory, CitationFactory, ClaimFactory, UserFactory

OTHER_ARTICLE_TEXT = (
    "Dock workers reported on Tuesday that the new berth handled its first large vessel.\n\n"
    "The council said the harbour's figures would be audited before the summer."
)
_other_articles = itertools.count(1)


def claim_in_status(status: ClaimStatus, **kwargs) -> Claim:
    """A claim in any workflow status, with the fields its database constraints require."""
    fields: dict[str, object] = {"status": status.value}
    if status in (ClaimStatus.IN_REVIEW, ClaimStatus.VERIFIED):
        reviewer = UserFactory(roles=(Role.REVIEWER,))
        fields.update(assigned_to=reviewer, assigned_at=timezone.now())
    if status is ClaimStatus.VERIFIED:
        fields.update(
            verdict=Verdict.TRUE.value,
            verified_by=fields["assigned_to"],
            verified_at=timezone.now(),
        )
    return ClaimFactory(**fields, **kwargs)


def other_article(**kwargs) -> Article:
    """An article to be cited by a claim: it starts with “Dock workers” and its text differs
    from every other article's (revisions are unique by content)."""
    text = f"{OTHER_ARTICLE_TEXT}\n\nReport {next(_other_articles)}."
    return ArticleFactory(text=text, **kwargs)


class PassageCitationFactory(CitationFactory):
    """A citation of the passage “Dock workers” of another article."""

    source = None
    url = ""
    title = ""
    cited_revision = factory.LazyFunction(lambda: other_article().current_revision)
    cited_start = 0
    cited_end = 12
    cited_exact = factory.LazyAttribute(
        lambda o: o.cited_revision.text[o.cited_start : o.cited_end]
    )
