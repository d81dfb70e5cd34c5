"""The view-models of the pages that change in place: everything one page shows, read at once.

`ArticlePage` (the article page: its text and claims; `ClaimAdded`, what saving a claim changed
on it), `ClaimPage` (the claim page and the claim's review page) and `QueuePage` (a review
queue, re-rendered as it is filtered).

A view calls one function here and hands its result to the template, which only formats it; an
htmx action re-renders the page's main region from a fresh view-model, so the status chips,
buttons, counts, version, evidence and history can never disagree with each other or with the
database. The claim page and the claim's review page show the same things laid out for their
readers, so they read the same `ClaimPage`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.contrib.auth.models import AbstractBaseUser
from django.core.paginator import Page
from django.db.models import QuerySet
from django.urls import reverse

from annotations.anchoring import QuoteInContext, Span, quote_in_context
from annotations.models import Article, ArticleRevision, Claim
from annotations.people import display_name
from annotations.policies import (
    allows,
    can_act,
    can_delete_articles,
    can_mark_claims,
    can_move_claim_span,
    can_upload_articles,
    can_write_claim_evidence,
    check_claim_editable,
    check_claim_open,
    refusal,
)
from annotations.selectors.claims import (
    ArticleReadingView,
    ReadingBlock,
    ReadingClaim,
    article_reading_view,
    blocks_extent,
    claim_count_on_revision,
    claim_following,
    claims_overlapping,
    reading_blocks,
)
from annotations.selectors.review import (
    QUEUES,
    QueueFilterOptions,
    QueueFilters,
    QueueSpec,
    ReviewPanel,
    ReviewQueue,
    claim_review_panel,
    queue_filter_options,
    review_counts,
    review_queue_page,
)
from annotations.selectors.similarity import SeenBefore, seen_before_section
from annotations.workflow import Action, ClaimStatus
from project.errors import DomainError, NotFound
from project.web_urls import is_web_url
from sources.models import Citation
from sources.selectors.citations import citations_for_claim, incoming_citations_for_article
from sources.selectors.evidence import EvidenceSummary, evidence_summary


class _TemplateContext:
    """A view-model the template reads field by field (`{{ reading }}`, `{{ can_annotate }}`)."""

    def as_context(self) -> dict[str, object]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


# A claim's evidence -------------------------------------------------------------------------


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
        citations=list(citations_for_claim(claim_id=claim.pk)),
        summary=evidence_summary(claim_id=claim.pk),
        can_edit=can_write_claim_evidence(user=user, claim=claim),
        is_frozen=not allows(check_claim_open, claim=claim),
    )


# The article page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleReader(_TemplateContext):
    """The `#reader` region: the text with its highlights and the claims panel."""

    reading: ArticleReadingView
    can_annotate: bool
    statuses: list[ClaimStatus]
    reanchor: Claim | None
    claim_count: int


@dataclass(frozen=True)
class ArticlePage(ArticleReader):
    article: Article
    article_link: str  # the original URL, when it is safe to link to
    can_upload_revision: bool
    can_delete_article: bool
    incoming_citations: QuerySet[Citation]


def article_reader(
    *,
    user: AbstractBaseUser,
    article: Article,
    revision: ArticleRevision | None = None,
    reanchor: Claim | None = None,
) -> ArticleReader:
    reading = article_reading_view(article=article, revision=revision)
    return ArticleReader(
        reading=reading,
        can_annotate=can_mark_claims(user=user) and reading.is_current,
        statuses=list(ClaimStatus),
        reanchor=reanchor,
        claim_count=len(reading.claims),
    )


@dataclass(frozen=True)
class ClaimAdded(_TemplateContext):
    """What saving a new claim changed on the article page, and nothing else: the blocks of
    text its span touches, cut again with every claim on them; its row in the claims panel
    with the row it goes before (None: at the end); and the panel's count. It reads only the
    claims on those blocks, so the answer costs the same on an article with one claim as on one
    with a thousand (issue 18)."""

    blocks: list[ReadingBlock]
    claim: ReadingClaim
    next_claim_id: int | None
    claim_count: int


def article_claim_added(*, claim: Claim) -> ClaimAdded:
    """The changes on the article page after `claim` was created on its current revision:
    four queries (the claims on the touched blocks and their tags, the next claim, the count)."""
    revision = claim.revision
    span = Span(claim.start, claim.end)
    claims = claims_overlapping(revision=revision, span=blocks_extent(revision, span))
    return ClaimAdded(
        blocks=reading_blocks(revision, claims, within=span),
        claim=next(row for row in claims if row.pk == claim.pk),
        next_claim_id=claim_following(claim=claim),
        claim_count=claim_count_on_revision(revision=revision),
    )


def article_page(
    *,
    user: AbstractBaseUser,
    article: Article,
    revision: ArticleRevision | None = None,
    reanchor: Claim | None = None,
) -> ArticlePage:
    """The article page for `user`: its reader, and around it the header and the claims of
    other articles that cite it."""
    reader = article_reader(user=user, article=article, revision=revision, reanchor=reanchor)
    return ArticlePage(
        **reader.as_context(),
        article=article,
        article_link=article.url if is_web_url(article.url) else "",
        can_upload_revision=can_upload_articles(user=user),
        can_delete_article=can_delete_articles(user=user),
        incoming_citations=incoming_citations_for_article(article_id=article.pk),
    )


# A review queue -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueuePage(_TemplateContext):
    spec: QueueSpec
    page: Page  # of selectors.review.QueueItem
    filters: QueueFilters
    options: QueueFilterOptions
    tabs: list[tuple[QueueSpec, int | None]]
    may_take: bool


def queue_tabs(*, user: AbstractBaseUser) -> list[tuple[QueueSpec, int | None]]:
    """The queues' tabs with their counts (the verified queue has none)."""
    counts = review_counts(user=user)
    return [(spec, counts.get(spec.queue.value)) for spec in QUEUES.values()]


def queue_page(
    *,
    user: AbstractBaseUser,
    queue: ReviewQueue,
    filters: QueueFilters,
    page_number: int | str | None,
) -> QueuePage:
    return QueuePage(
        spec=QUEUES[queue],
        page=review_queue_page(user=user, queue=queue, filters=filters, page_number=page_number),
        filters=filters,
        options=queue_filter_options(user=user, queue=queue),
        tabs=queue_tabs(user=user),
        may_take=can_act(user=user, action=Action.TAKE),
    )


# The claim page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimPageActions:
    """What the user may do to the claim itself on its page (the review actions are in
    `ClaimPage.review.actions`, the evidence's in `ClaimPage.evidence.can_edit`)."""

    edit: bool
    change_span: bool
    delete: bool


@dataclass(frozen=True)
class ClaimPage:
    claim: Claim
    status: ClaimStatus
    quote: QuoteInContext
    is_current_revision: bool
    actions: ClaimPageActions
    evidence: ClaimEvidence
    review: ReviewPanel
    factcheck_url: str  # the public fact-check page, once verified
    edit_refusal: DomainError | None  # why the user may not change the claim, if they may not
    seen_before: SeenBefore

    @property
    def version(self) -> int:
        return self.claim.version

    @property
    def citation_count(self) -> int:
        return self.evidence.summary.total


def _claim_for_page(pk: int) -> Claim:
    claim = (
        Claim.objects.select_related(
            "article", "revision", "created_by", "assigned_to", "verified_by"
        )
        .defer("article__search_vector")
        .prefetch_related("tags", "contributors")
        .filter(pk=pk)
        .first()
    )
    if claim is None:
        raise NotFound(f"There is no claim {pk}.")
    return claim


def claim_page(*, user: AbstractBaseUser, pk: int) -> ClaimPage:
    """The claim page (and the claim's review page) for `user`: a fixed number of queries."""
    claim = _claim_for_page(pk)
    status = claim.status_enum
    edit_refusal = refusal(check_claim_editable, user=user, claim=claim)
    editable = edit_refusal is None
    is_current_revision = claim.revision_id == claim.article.current_revision_id
    evidence = claim_evidence(user=user, claim=claim)
    return ClaimPage(
        claim=claim,
        status=status,
        quote=quote_in_context(
            prefix=claim.prefix,
            exact=claim.exact,
            suffix=claim.suffix,
            start=claim.start,
            end=claim.end,
            text_length=claim.revision.length,
        ),
        is_current_revision=is_current_revision,
        actions=ClaimPageActions(
            edit=editable,
            change_span=can_move_claim_span(user=user, claim=claim),
            delete=editable,
        ),
        evidence=evidence,
        review=claim_review_panel(user=user, claim=claim, evidence=evidence.summary),
        factcheck_url=(
            reverse("factcheck-detail", args=[claim.pk]) if status is ClaimStatus.VERIFIED else ""
        ),
        edit_refusal=edit_refusal,
        seen_before=seen_before_section(user=user, claim=claim),
    )


def claim_changes_since(
    page: ClaimPage, *, seen_status: str, seen_citations: int | None
) -> list[str]:
    """What someone else changed since the user's page showed the claim with `seen_status`
    and `seen_citations`: one line per change, for the conflict shown in place."""
    changes = []
    if seen_status and seen_status != page.status.value:
        try:
            seen_label = ClaimStatus(seen_status).label
        except ValueError:
            seen_label = seen_status
        changes.append(f"Status: {seen_label} → {page.status.label}.")
    if seen_citations is not None and seen_citations != page.citation_count:
        changes.append(f"Citations: {seen_citations} → {page.citation_count}.")
    if not changes:
        changes.append("The claim's text, span, tags or note were edited.")
    if page.review.events:
        last = page.review.events[-1]
        who = display_name(last.actor)
        changes.append(f"Last review step: {who} {Action(last.action).done}.")
    return changes
