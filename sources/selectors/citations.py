"""Reads that concern citations: a claim's evidence, and the claims citing an article."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from annotations.models import Article, Claim
from annotations.policies import allows, can_write_claim_evidence, check_claim_open
from project.errors import NotFound
from sources.models import Citation
from sources.selectors.evidence import EvidenceSummary, evidence_summary

_DISPLAYED_WITH = ("source", "created_by", "cited_revision__article")


def citations_for_claim(*, claim: Claim) -> QuerySet[Citation]:
    """The claim's evidence in the order it was added, with everything the evidence list shows."""
    return Citation.objects.filter(claim=claim).select_related(*_DISPLAYED_WITH)


def citation_get(*, pk: int, claim_id: int | None = None) -> Citation:
    """One citation (of the given claim, if named) with its claim, or NotFound."""
    citations = Citation.objects.select_related("claim", *_DISPLAYED_WITH)
    if claim_id is not None:
        citations = citations.filter(claim_id=claim_id)
    try:
        return citations.get(pk=pk)
    except Citation.DoesNotExist as error:
        raise NotFound(f"There is no citation {pk} on this claim.") from error


# What the "Cited as evidence by" list shows, and nothing more: the cited revision's text and
# blocks, the citing article's search vector and the claim's anchoring are large, and carrying
# them through the join also tips PostgreSQL into scanning the whole cited-revision index
# (~25 ms on an article nobody cites) instead of looking up this article's revisions.
_INCOMING_SHOWN = (
    "stance",
    "cited_exact",
    "cited_revision__number",
    "claim__text",
    "claim__article__title",
)


def incoming_citations_for_article(*, article: Article) -> QuerySet[Citation]:
    """Citations on other articles' claims that quote a passage of `article` (any revision),
    with the citing claim and its article, oldest first; only the fields the list shows."""
    return (
        Citation.objects.filter(cited_revision__article=article)
        .select_related("claim__article", "cited_revision")
        .only(*_INCOMING_SHOWN)
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class ClaimEvidence:
    """What a claim's evidence section shows: the citations, their summary, and whether the
    user may change them (or sees them frozen by the claim's status)."""

    citations: list[Citation]
    summary: EvidenceSummary
    can_edit: bool
    is_frozen: bool


def claim_evidence(*, user: AbstractBaseUser, claim: Claim) -> ClaimEvidence:
    """The claim's evidence section for `user`: two queries."""
    return ClaimEvidence(
        citations=list(citations_for_claim(claim=claim)),
        summary=evidence_summary(claim=claim),
        can_edit=can_write_claim_evidence(user=user, claim=claim),
        is_frozen=not allows(check_claim_open, claim=claim),
    )
