"""Reads for the review workflow: the queues and their counts, the review panel on a claim, and
the dashboard's figures. Every function issues a fixed number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Final

from django.contrib.auth.models import AbstractBaseUser
from django.core.paginator import Page, Paginator
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    FloatField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from annotations.models import Article, Claim, ReviewEvent, Tag
from annotations.people import display_name, display_name_of
from annotations.policies import (
    FOUR_EYES_MESSAGE,
    allowed_transitions,
    can_act,
    contributed_by,
    is_held_from_review,
)
from annotations.workflow import (
    APPROVING_VERDICTS,
    Action,
    ClaimStatus,
    Transition,
    Verdict,
)
from sources.selectors.evidence import EvidenceSummary, evidence_summaries

QUEUE_PAGE_SIZE: Final = 25
FILTER_OPTIONS_LIMIT: Final = 200
DASHBOARD_DAYS: Final = 30


# Queues -------------------------------------------------------------------------------------


class ReviewQueue(StrEnum):
    WAITING = "waiting"
    MINE = "mine"
    CHANGES = "changes"
    VERIFIED = "verified"


@dataclass(frozen=True)
class QueueSpec:
    queue: ReviewQueue
    url_name: str
    title: str
    description: str
    status: ClaimStatus
    age_field: str  # the moment the claim's age in this queue counts from
    age_label: str
    ordering: tuple[str, ...]
    empty_message: str


QUEUES: Final[dict[ReviewQueue, QueueSpec]] = {
    spec.queue: spec
    for spec in (
        QueueSpec(
            ReviewQueue.WAITING,
            "review-queue",
            "Waiting for review",
            "Submitted claims, oldest first. Claims you created or edited are not listed: "
            "someone else must review them.",
            ClaimStatus.SUBMITTED,
            "submitted_at",
            "Waiting",
            ("submitted_at", "id"),
            "No claims are waiting for review.",
        ),
        QueueSpec(
            ReviewQueue.MINE,
            "review-mine",
            "In review by me",
            "Claims you have taken and not yet decided. They return to the queue when left "
            "too long.",
            ClaimStatus.IN_REVIEW,
            "assigned_at",
            "Taken",
            ("assigned_at", "id"),
            "You have no claims in review.",
        ),
        QueueSpec(
            ReviewQueue.CHANGES,
            "review-changes",
            "Changes requested",
            "Claims sent back to their editors with the reviewer's comment.",
            ClaimStatus.CHANGES_REQUESTED,
            "updated_at",
            "Sent back",
            ("updated_at", "id"),
            "No claims are waiting for changes.",
        ),
        QueueSpec(
            ReviewQueue.VERIFIED,
            "review-verified",
            "Recently verified",
            "Claims verified with a verdict, newest first.",
            ClaimStatus.VERIFIED,
            "verified_at",
            "Verified",
            ("-verified_at", "-id"),
            "No claims have been verified yet.",
        ),
    )
}


def queue_condition(*, user: AbstractBaseUser, queue: ReviewQueue) -> Q:
    """Which claims are in `queue` as `user` sees it.

    Reviewers do not see waiting claims they contributed to; editors see only their own claims
    among those sent back for changes.
    """
    condition = Q(status=QUEUES[queue].status.value)
    if queue is ReviewQueue.WAITING and can_act(user=user, action=Action.TAKE):
        condition &= ~Q(contributed_by(user))
    elif queue is ReviewQueue.MINE:
        condition &= Q(assigned_to_id=user.pk)
    elif queue is ReviewQueue.CHANGES and can_act(user=user, action=Action.SUBMIT):
        condition &= Q(contributed_by(user))
    return condition


NAV_QUEUES = (ReviewQueue.WAITING, ReviewQueue.MINE)
"""What the navigation and the home page show of the counts (the queue tabs show them all)."""


def review_counts(
    *, user: AbstractBaseUser, queues: Sequence[ReviewQueue] | None = None
) -> dict[str, int]:
    """The queues' counts in one query: claims waiting that `user` may review, claims in review
    by them (both zero unless they review), and claims sent back for changes; with `queues`,
    only those (no query when none of them concerns `user`)."""
    counted = [ReviewQueue.CHANGES]
    if can_act(user=user, action=Action.TAKE):
        counted += [ReviewQueue.WAITING, ReviewQueue.MINE]
    shown = [queue for queue in QUEUES if queue is not ReviewQueue.VERIFIED]
    if queues is not None:
        counted = [queue for queue in counted if queue in queues]
        shown = [queue for queue in shown if queue in queues]
    counts = {}
    if counted:
        counts = Claim.objects.filter(
            status__in=[QUEUES[queue].status.value for queue in counted]
        ).aggregate(
            **{
                queue.value: Count("pk", filter=queue_condition(user=user, queue=queue))
                for queue in counted
            }
        )
    return {queue.value: counts.get(queue.value, 0) for queue in shown}


@dataclass(frozen=True)
class QueueFilters:
    article_id: int | None = None
    tag_id: int | None = None
    older_than_hours: int | None = None

    @property
    def is_active(self) -> bool:
        return any(
            value is not None for value in (self.article_id, self.tag_id, self.older_than_hours)
        )


@dataclass(frozen=True)
class QueueItem:
    claim: Claim
    since: datetime | None
    evidence: EvidenceSummary
    reviewer_comment: str  # the latest request for changes, on the changes queue


def _queue_claims(
    *, user: AbstractBaseUser, queue: ReviewQueue, filters: QueueFilters
) -> QuerySet[Claim]:
    spec = QUEUES[queue]
    claims = Claim.objects.filter(queue_condition(user=user, queue=queue))
    if filters.article_id is not None:
        claims = claims.filter(article_id=filters.article_id)
    if filters.tag_id is not None:
        tagged = Claim.tags.through.objects.filter(claim_id=OuterRef("pk"), tag_id=filters.tag_id)
        claims = claims.filter(Exists(tagged))
    if filters.older_than_hours is not None:
        cutoff = timezone.now() - timedelta(hours=filters.older_than_hours)
        claims = claims.filter(**{f"{spec.age_field}__lte": cutoff})
    if queue is ReviewQueue.CHANGES:
        latest_request = ReviewEvent.objects.filter(
            claim_id=OuterRef("pk"), action=Action.REQUEST_CHANGES.value
        ).order_by("-created_at", "-id")
        claims = claims.annotate(reviewer_comment=Subquery(latest_request.values("comment")[:1]))
    return (
        claims.select_related("article", "assigned_to")
        .defer("article__search_vector")
        .prefetch_related("tags")
        .order_by(*spec.ordering)
    )


def review_queue_page(
    *,
    user: AbstractBaseUser,
    queue: ReviewQueue,
    filters: QueueFilters,
    page_number: int | str | None = 1,
    per_page: int = QUEUE_PAGE_SIZE,
) -> Page:
    """One page of `queue` for `user`, its items `QueueItem`s: four queries for any page."""
    spec = QUEUES[queue]
    page = Paginator(_queue_claims(user=user, queue=queue, filters=filters), per_page).get_page(
        page_number
    )
    claims = list(page.object_list)
    evidence = evidence_summaries(claim_ids=[claim.pk for claim in claims])
    page.object_list = [
        QueueItem(
            claim=claim,
            since=getattr(claim, spec.age_field),
            evidence=evidence[claim.pk],
            reviewer_comment=getattr(claim, "reviewer_comment", None) or "",
        )
        for claim in claims
    ]
    return page


@dataclass(frozen=True)
class QueueFilterOptions:
    articles: list[Article]
    tags: list[Tag]


def queue_filter_options(*, user: AbstractBaseUser, queue: ReviewQueue) -> QueueFilterOptions:
    """The articles and tags that occur in `queue`, to filter it by."""
    in_queue = Claim.objects.filter(queue_condition(user=user, queue=queue))
    articles = (
        Article.objects.filter(Exists(in_queue.filter(article_id=OuterRef("pk"))))
        .only("id", "title")
        .order_by("title", "id")[:FILTER_OPTIONS_LIMIT]
    )
    tags = Tag.objects.filter(Exists(in_queue.filter(tags=OuterRef("pk")))).order_by("name")[
        :FILTER_OPTIONS_LIMIT
    ]
    return QueueFilterOptions(articles=list(articles), tags=list(tags))


# The review panel on a claim ----------------------------------------------------------------

# The keys of the review page (static/js/review.js) that act on the claim's own actions.
REVIEW_KEYS: Final = (
    (Action.VERIFY, "v", "verify"),
    (Action.REQUEST_CHANGES, "x", "request changes"),
    (Action.REJECT, "r", "reject"),
)


@dataclass(frozen=True)
class ReviewPanel:
    claim: Claim
    status: ClaimStatus
    verdict: Verdict | None
    actions: dict[str, Transition]  # by action value, for the template: panel.actions.verify
    four_eyes: bool  # the user reviews, but contributed to this claim
    held_by: str  # who is reviewing it, while in review
    is_reviewer: bool
    evidence: EvidenceSummary
    events: list[ReviewEvent]

    four_eyes_message = FOUR_EYES_MESSAGE

    @property
    def keys(self) -> list[tuple[str, str]]:
        """The review shortcuts that do something here: (key, what it does)."""
        keys = [("n", "next claim")] if self.is_reviewer else []
        keys += [
            (key, label)
            for action, key, label in REVIEW_KEYS
            if action.value in self.actions and (action is not Action.VERIFY or self.evidence.total)
        ]
        return keys

    @property
    def verdicts(self) -> list[Verdict]:
        return list(Verdict)

    @property
    def approving_verdicts(self) -> list[Verdict]:
        return [verdict for verdict in Verdict if verdict in APPROVING_VERDICTS]


def claim_review_panel(
    *, user: AbstractBaseUser, claim: Claim, evidence: EvidenceSummary | None = None
) -> ReviewPanel:
    """Everything the review panel shows for `claim` to `user`, in at most five queries (four
    when the page already has the claim's `evidence` summary)."""
    status = claim.status_enum
    actions = allowed_transitions(user=user, claim=claim)  # also prefetches the contributors
    return ReviewPanel(
        claim=claim,
        status=status,
        verdict=claim.verdict_enum,
        actions={t.action.value: t for t in actions},
        four_eyes=is_held_from_review(user=user, claim=claim),
        held_by=display_name(claim.assigned_to) if status is ClaimStatus.IN_REVIEW else "",
        is_reviewer=can_act(user=user, action=Action.TAKE),
        evidence=evidence or evidence_summaries(claim_ids=[claim.pk])[claim.pk],
        events=list(claim_history(claim=claim)),
    )


def claim_history(*, claim: Claim) -> QuerySet[ReviewEvent]:
    """The claim's review events, oldest first, with their actors."""
    return (
        ReviewEvent.objects.filter(claim_id=claim.pk)
        .select_related("actor")
        .order_by("created_at", "id")
    )


# The dashboard ------------------------------------------------------------------------------


class _MedianEpoch(Aggregate):
    """The median of a timestamp column, as seconds since the epoch."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM %(expressions)s))"
    output_field = FloatField()


@dataclass(frozen=True)
class Figure:
    """One labelled number, for a table row or a chart bar."""

    key: str
    label: str
    value: int


@dataclass(frozen=True)
class ReviewerFigures:
    name: str
    verified: int
    changes_requested: int
    rejected: int

    @property
    def decisions(self) -> int:
        return self.verified + self.changes_requested + self.rejected


@dataclass(frozen=True)
class Dashboard:
    by_status: list[Figure]
    by_verdict: list[Figure]
    waiting: int
    oldest_waiting: timedelta | None
    median_waiting: timedelta | None
    verified_per_day: list[Figure]
    reviewers: list[ReviewerFigures]
    since: date

    @property
    def total_claims(self) -> int:
        return sum(figure.value for figure in self.by_status)

    @property
    def decisions_per_reviewer(self) -> list[Figure]:
        """The chart of the reviewers' table: each one's decisions, its last column."""
        return [
            Figure(f"reviewer-{index}", reviewer.name, reviewer.decisions)
            for index, reviewer in enumerate(self.reviewers)
        ]


def review_dashboard() -> Dashboard:
    """Claims per state and verdict, the queue's age, verifications per day over the last
    `DASHBOARD_DAYS` days and each reviewer's decisions over them: four queries."""
    now = timezone.now()
    today = timezone.localdate(now)
    since = today - timedelta(days=DASHBOARD_DAYS - 1)

    status_counts: dict[str, int] = {}
    verdict_counts: dict[str, int] = {}
    for row in Claim.objects.values("status", "verdict").annotate(n=Count("pk")).order_by():
        status_counts[row["status"]] = status_counts.get(row["status"], 0) + row["n"]
        if row["verdict"]:
            verdict_counts[row["verdict"]] = row["n"]

    queue = Claim.objects.filter(status=ClaimStatus.SUBMITTED.value).aggregate(
        waiting=Count("pk"), oldest=Min("submitted_at"), median=_MedianEpoch("submitted_at")
    )
    median_submitted = (
        datetime.fromtimestamp(queue["median"], tz=now.tzinfo) if queue["median"] else None
    )

    since_start = timezone.make_aware(datetime.combine(since, time.min))
    recent_events = ReviewEvent.objects.filter(
        created_at__gte=since_start, actor__isnull=False
    ).order_by()
    per_day = dict(
        recent_events.filter(action=Action.VERIFY.value)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    days = [since + timedelta(days=offset) for offset in range(DASHBOARD_DAYS)]

    decisions = (
        recent_events.filter(
            action__in=[Action.VERIFY.value, Action.REQUEST_CHANGES.value, Action.REJECT.value]
        )
        .values("actor_id", "actor__username", "actor__first_name", "actor__last_name")
        .annotate(
            verified=Count("pk", filter=Q(action=Action.VERIFY.value)),
            changes=Count("pk", filter=Q(action=Action.REQUEST_CHANGES.value)),
            rejected=Count("pk", filter=Q(action=Action.REJECT.value)),
            decisions=Count("pk"),
        )
        .order_by("-decisions", "actor__username")
    )
    reviewers = [
        ReviewerFigures(
            name=display_name_of(
                username=row["actor__username"],
                first_name=row["actor__first_name"],
                last_name=row["actor__last_name"],
            ),
            verified=row["verified"],
            changes_requested=row["changes"],
            rejected=row["rejected"],
        )
        for row in decisions
    ]

    return Dashboard(
        by_status=[
            Figure(status.value, status.label, status_counts.get(status.value, 0))
            for status in ClaimStatus
        ],
        by_verdict=[
            Figure(verdict.value, verdict.label, verdict_counts.get(verdict.value, 0))
            for verdict in Verdict
        ],
        waiting=queue["waiting"],
        oldest_waiting=now - queue["oldest"] if queue["oldest"] else None,
        median_waiting=now - median_submitted if median_submitted else None,
        verified_per_day=[
            Figure(day.isoformat(), day.strftime("%-d %b"), per_day.get(day, 0)) for day in days
        ],
        reviewers=reviewers,
        since=since,
    )
