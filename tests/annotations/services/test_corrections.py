"""Adding a revision gives each claim one outcome; the desk confirms or keeps what did not move."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Claim, ClaimCorrection, Resolution, ReviewEvent
from annotations.services.articles import ArticleContent, article_revision_create
from annotations.services.corrections import (
    CorrectionCounts,
    claim_correction_confirm,
    claim_correction_keep,
    claims_follow_revision,
)
from annotations.workflow import Action, ClaimStatus
from project.errors import Conflict, NotAllowed, PreconditionFailed
from tests.factories import (
    ArticleFactory,
    ArticleRevisionFactory,
    claim_in,
    editor_factory,
    reviewer_factory,
    withdrawals_in_feed,
)

pytestmark = pytest.mark.django_db

LEAD = "The harbour authority said on Monday that cargo volumes rose by 12 percent last year."
BERTH = "Officials credited the new deep-water berth, opened in March, for most of the growth."
CRITICS = "Critics on the town council argued that the figures overstate real trade."
FIRST = "\n\n".join([LEAD, BERTH, CRITICS])
ADDED = "The authority will publish its audited accounts in September."


def article_with(text: str = FIRST, **kwargs):
    return ArticleFactory(text=text, uploaded_by=editor_factory(), **kwargs)


def claim_on(article, quote: str, status: ClaimStatus = ClaimStatus.DRAFT, **kwargs) -> Claim:
    start = article.current_revision.text.index(quote)
    return claim_in(status, article=article, start=start, end=start + len(quote), **kwargs)


def revise(article, text: str, user=None):
    user = user or editor_factory()
    return article_revision_create(user=user, article=article, content=ArticleContent(text, "text"))


def correction_of(claim: Claim) -> ClaimCorrection:
    return ClaimCorrection.objects.filter(claim=claim).order_by("-id").first()


# Adding a revision -----------------------------------------------------------------------------


def test_a_claim_whose_text_is_unchanged_moves_to_the_new_revision():
    article = article_with()
    claim = claim_on(article, "the figures overstate real trade")
    new_text = "\n\n".join([LEAD, BERTH, ADDED, CRITICS])

    revision = revise(article, new_text)

    claim.refresh_from_db()
    assert claim.revision == revision
    assert new_text[claim.start : claim.end] == "the figures overstate real trade"
    assert claim.prefix == new_text[claim.start - 32 : claim.start]
    assert correction_of(claim).outcome == "anchored"
    assert correction_of(claim).resolution == Resolution.MOVED


def test_a_verified_claim_that_moves_keeps_its_verdict_and_is_sent_again():
    article = article_with()
    claim = claim_on(article, "the figures overstate real trade", ClaimStatus.VERIFIED)
    before = Claim.objects.get(pk=claim.pk)

    revise(article, "\n\n".join([ADDED, LEAD, BERTH, CRITICS]))

    claim.refresh_from_db()
    assert (claim.status, claim.verdict) == ("verified", before.verdict)
    assert claim.version == before.version + 1
    assert claim.updated_at > before.updated_at


def test_a_claim_whose_words_changed_stays_with_a_proposed_span():
    article = article_with()
    claim = claim_on(article, "cargo volumes rose by 12 percent")
    old_revision = claim.revision
    new_text = FIRST.replace("12 percent", "14 percent")

    revision = revise(article, new_text)

    claim.refresh_from_db()
    correction = correction_of(claim)
    assert claim.revision == old_revision
    assert (correction.outcome, correction.resolution) == ("changed", Resolution.PENDING)
    assert correction.to_revision == revision
    assert correction.to_exact == "cargo volumes rose by 14 percent"
    assert new_text[correction.to_start : correction.to_end] == correction.to_exact


def test_a_verified_claim_whose_passage_is_gone_stays_verified_on_its_revision():
    article = article_with()
    claim = claim_on(article, "for most of the growth", ClaimStatus.VERIFIED)
    old_revision = claim.revision

    revise(article, "\n\n".join([LEAD, CRITICS]))

    claim.refresh_from_db()
    assert (claim.revision, claim.status) == (old_revision, "verified")
    correction = correction_of(claim)
    assert (correction.outcome, correction.to_start, correction.to_exact) == ("orphaned", None, "")


def test_each_claim_gets_exactly_one_outcome_and_the_counts_add_up():
    article = article_with()
    claims = [
        claim_on(article, "cargo volumes rose by 12 percent"),
        claim_on(article, "for most of the growth"),
        claim_on(article, "the figures overstate real trade"),
        claim_on(article, "the figures overstate"),  # overlapping, followed on its own
    ]

    revision = revise(article, "\n\n".join([LEAD.replace("12", "14"), CRITICS]))

    outcomes = ClaimCorrection.objects.filter(to_revision=revision)
    assert sorted(outcomes.values_list("claim_id", flat=True)) == sorted(c.pk for c in claims)
    assert sorted(outcomes.values_list("outcome", flat=True)) == [
        "anchored",
        "anchored",
        "changed",
        "orphaned",
    ]


def test_following_a_revision_reports_the_count_of_each_outcome():
    article = article_with()
    claim_on(article, "the figures overstate real trade")
    claim_on(article, "cargo volumes rose by 12 percent")
    claim_on(article, "for most of the growth")
    corrected = "\n\n".join([LEAD.replace("12 percent", "13 percent"), CRITICS])
    revision = ArticleRevisionFactory(article=article, number=2, text=corrected)

    counts = claims_follow_revision(user=article.uploaded_by, revision=revision)

    assert counts == CorrectionCounts(anchored=1, changed=1, orphaned=1)
    assert counts.total == 3


def test_claims_already_kept_on_an_old_revision_are_left_alone():
    article = article_with()
    claim = claim_on(article, "for most of the growth")
    revise(article, "\n\n".join([LEAD, CRITICS]))
    claim_correction_keep(user=editor_factory(), claim=claim)

    revise(article, "\n\n".join([LEAD, BERTH, CRITICS, ADDED]))

    assert claim.corrections.count() == 1


def test_a_claim_still_waiting_is_followed_again_into_the_next_revision():
    article = article_with()
    claim = claim_on(article, "for most of the growth")
    revise(article, "\n\n".join([LEAD, CRITICS]))

    third = revise(article, "\n\n".join([LEAD, BERTH, CRITICS, ADDED]))

    claim.refresh_from_db()
    first, second = claim.corrections.order_by("id")
    assert (first.outcome, first.resolution) == ("orphaned", Resolution.SUPERSEDED)
    assert (second.outcome, second.resolution) == ("anchored", Resolution.MOVED)
    assert second.from_revision.number == 1
    assert claim.revision == third


def test_claims_of_other_articles_are_untouched():
    article = article_with()
    other = claim_on(article_with(FIRST + "\n\nAnother article."), "for most of the growth")

    revise(article, "\n\n".join([LEAD, CRITICS]))

    assert not other.corrections.exists()


def test_following_a_revision_takes_the_same_queries_for_few_or_many_claims():
    def queries_for(count: int) -> int:
        article = article_with(f"{FIRST}\n\nEdition for {count} claims.")
        for _ in range(count):
            claim_on(article, "the figures overstate real trade")
        with CaptureQueriesContext(connection) as context:
            revise(article, f"{ADDED}\n\n{article.current_revision.text}")
        return len(context)

    assert queries_for(2) == queries_for(12)


# Confirming the new span -----------------------------------------------------------------------


def changed_claim(status: ClaimStatus = ClaimStatus.DRAFT, **kwargs) -> Claim:
    article = article_with()
    claim = claim_on(article, "cargo volumes rose by 12 percent", status, **kwargs)
    revise(article, FIRST.replace("12 percent", "14 percent"))
    return Claim.objects.get(pk=claim.pk)


def test_confirming_moves_a_draft_to_the_proposed_span_and_records_who():
    claim = changed_claim()
    editor = editor_factory()

    moved = claim_correction_confirm(user=editor, claim=claim)

    assert moved.revision == claim.article.current_revision
    assert moved.exact == "cargo volumes rose by 14 percent"
    assert moved.status == "draft"
    correction = correction_of(claim)
    assert (correction.resolution, correction.resolved_by) == (Resolution.CONFIRMED, editor)
    assert moved.contributors.filter(pk=editor.pk).exists()


def test_confirming_a_verified_claim_sends_it_back_to_review_saying_the_article_was_corrected():
    claim = changed_claim(ClaimStatus.VERIFIED)

    moved = claim_correction_confirm(user=editor_factory(), claim=claim)

    assert (moved.status, moved.verdict, moved.verified_by) == ("submitted", "", None)
    event = ReviewEvent.objects.get(claim=claim)
    assert (event.action, event.from_status, event.to_status) == (
        Action.RECHECK.value,
        "verified",
        "submitted",
    )
    assert "The article was corrected (revision 1 → 2)" in event.comment
    assert withdrawals_in_feed() == {claim.pk: "reopened"}


def test_confirming_a_claim_in_review_returns_it_to_the_queue():
    claim = changed_claim(ClaimStatus.IN_REVIEW, reviewer=reviewer_factory())

    moved = claim_correction_confirm(user=editor_factory(), claim=claim)

    assert (moved.status, moved.assigned_to) == ("submitted", None)
    assert ReviewEvent.objects.get(claim=claim).action == Action.RECHECK.value


def test_an_orphaned_claim_cannot_be_confirmed_and_nothing_changes():
    article = article_with()
    claim = claim_on(article, "for most of the growth")
    revise(article, "\n\n".join([LEAD, CRITICS]))
    before = Claim.objects.get(pk=claim.pk)

    with pytest.raises(Conflict, match="passage is gone"):
        claim_correction_confirm(user=editor_factory(), claim=claim)

    after = Claim.objects.get(pk=claim.pk)
    assert (after.revision_id, after.version) == (before.revision_id, before.version)
    assert correction_of(claim).resolution == Resolution.PENDING


def test_only_editors_confirm_and_a_refusal_changes_nothing():
    claim = changed_claim()

    with pytest.raises(NotAllowed):
        claim_correction_confirm(user=reviewer_factory(), claim=claim)

    assert Claim.objects.get(pk=claim.pk).revision_id == claim.revision_id
    assert correction_of(claim).resolution == Resolution.PENDING


def test_confirming_with_a_stale_version_is_refused():
    claim = changed_claim()

    with pytest.raises(PreconditionFailed):
        claim_correction_confirm(user=editor_factory(), claim=claim, expected_version=0)

    assert correction_of(claim).resolution == Resolution.PENDING


def test_confirming_twice_is_a_conflict():
    claim = changed_claim()
    claim_correction_confirm(user=editor_factory(), claim=claim)

    with pytest.raises(Conflict, match="not waiting on a correction"):
        claim_correction_confirm(user=editor_factory(), claim=claim)


# Keeping it on the old revision -----------------------------------------------------------------


def test_keeping_leaves_a_verified_claim_verified_on_its_revision_and_records_who():
    claim = changed_claim(ClaimStatus.VERIFIED)
    editor = editor_factory()

    claim_correction_keep(user=editor, claim=claim)

    after = Claim.objects.get(pk=claim.pk)
    assert (after.revision_id, after.status, after.version) == (
        claim.revision_id,
        "verified",
        claim.version,
    )
    correction = correction_of(claim)
    assert (correction.resolution, correction.resolved_by) == (Resolution.KEPT, editor)
    assert correction.resolved_at is not None


def test_only_editors_keep():
    claim = changed_claim()

    with pytest.raises(NotAllowed):
        claim_correction_keep(user=reviewer_factory(), claim=claim)

    assert correction_of(claim).resolution == Resolution.PENDING
