"""What the overview page shows a signed-in user: their next steps and the desk's latest work."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet

from annotations.models import Article, Claim
from annotations.workflow import ClaimStatus

RECENT = 5


@dataclass(frozen=True)
class Overview:
    my_drafts: int
    my_changes_requested: int
    recent_articles: QuerySet[Article]
    recently_verified: QuerySet[Claim]


def home_overview(*, user: AbstractBaseUser) -> Overview:
    mine = Claim.objects.filter(created_by=user).aggregate(
        drafts=Count("pk", filter=Q(status=ClaimStatus.DRAFT.value)),
        changes=Count("pk", filter=Q(status=ClaimStatus.CHANGES_REQUESTED.value)),
    )
    return Overview(
        my_drafts=mine["drafts"],
        my_changes_requested=mine["changes"],
        recent_articles=Article.objects.annotate(claim_count=Count("claims")).order_by(
            "-created_at", "-id"
        )[:RECENT],
        recently_verified=Claim.objects.filter(status=ClaimStatus.VERIFIED.value)
        .select_related("article")
        .order_by("-verified_at", "-id")[:RECENT],
    )
