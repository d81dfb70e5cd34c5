import pytest

from annotations.models import ClaimLink
from annotations.services.citations import citations_reuse
from annotations.services.review import claim_transition
from annotations.workflow import Action, ClaimStatus
from project.errors import Conflict, NotAllowed
from sources.models import Citation
from tests.factories import CitationFactory, claim_saying, editor_factory, reviewer_factory

pytestmark = pytest.mark.django_db

SENTENCE = "Unemployment in Scotland fell to 4.1% in the three months to March."
OTHER_WORDS = "The Scottish jobless rate dropped to 4.1 per cent in the quarter to March."


@pytest.fixture
def earlier():
    """A verified claim with two citations."""
    return claim_saying(SENTENCE, ClaimStatus.VERIFIED, citations=2)


@pytest.fixture
def reviewer():
    return reviewer_factory()


@pytest.fixture
def in_review(earlier, reviewer):
    """The same claim in other words, in review by `reviewer`, linked to `earlier`."""
    claim = claim_saying(OTHER_WORDS, ClaimStatus.IN_REVIEW, reviewer=reviewer)
    ClaimLink.objects.create(claim=claim, same_as=earlier, created_by=claim.created_by)
    return claim


def _evidence(claim) -> list[tuple]:
    return list(claim.citations.order_by("id").values_list("url", "stance", "reused_from"))


def test_the_reviewer_holding_the_claim_reuses_the_earlier_evidence(earlier, in_review, reviewer):
    version = in_review.version
    reuse = citations_reuse(user=reviewer, claim=in_review, source_claim=earlier)
    originals = list(earlier.citations.order_by("id"))
    assert (len(reuse.copied), reuse.skipped) == (2, 0)
    assert _evidence(in_review) == [(c.url, c.stance, c.pk) for c in originals]
    assert {c.created_by_id for c in in_review.citations.all()} == {reviewer.pk}
    in_review.refresh_from_db()
    assert (in_review.status, in_review.version) == (ClaimStatus.IN_REVIEW.value, version + 1)


def test_reusing_evidence_leaves_the_reviewer_free_to_verify(earlier, in_review, reviewer):
    citations_reuse(user=reviewer, claim=in_review, source_claim=earlier)
    assert not in_review.contributors.filter(pk=reviewer.pk).exists()
    claim_transition(user=reviewer, claim=in_review, action=Action.VERIFY, verdict="true")
    in_review.refresh_from_db()
    assert in_review.status == ClaimStatus.VERIFIED.value


def test_an_editor_reuses_evidence_on_a_draft_and_becomes_a_contributor(earlier):
    draft = claim_saying(OTHER_WORDS)
    editor = editor_factory()
    ClaimLink.objects.create(claim=draft, same_as=earlier, created_by=editor)
    citations_reuse(user=editor, claim=draft, source_claim=earlier)
    assert draft.citations.count() == 2
    assert draft.contributors.filter(pk=editor.pk).exists()


def test_evidence_already_on_the_claim_is_not_copied_twice(earlier, in_review, reviewer):
    citations_reuse(user=reviewer, claim=in_review, source_claim=earlier)
    again = citations_reuse(user=reviewer, claim=in_review, source_claim=earlier)
    assert (again.copied, again.skipped) == ([], 2)
    assert in_review.citations.count() == 2


def test_another_reviewer_may_not_reuse_evidence_and_nothing_is_copied(earlier, in_review):
    with pytest.raises(NotAllowed):
        citations_reuse(user=reviewer_factory(), claim=in_review, source_claim=earlier)
    assert not in_review.citations.exists()


def test_an_editor_may_not_add_evidence_to_a_claim_in_review(earlier, in_review):
    with pytest.raises(Conflict, match="frozen"):
        citations_reuse(user=editor_factory(), claim=in_review, source_claim=earlier)
    assert not in_review.citations.exists()


def test_only_a_linked_claims_evidence_is_reused(in_review, reviewer):
    unlinked = claim_saying(SENTENCE, ClaimStatus.VERIFIED, citations=1)
    with pytest.raises(Conflict, match="not linked"):
        citations_reuse(user=reviewer, claim=in_review, source_claim=unlinked)
    assert not in_review.citations.exists()


def test_only_a_verified_claims_evidence_is_reused(reviewer):
    draft = claim_saying(SENTENCE, citations=1)
    claim = claim_saying(OTHER_WORDS, ClaimStatus.IN_REVIEW, reviewer=reviewer)
    ClaimLink.objects.create(claim=claim, same_as=draft, created_by=claim.created_by)
    with pytest.raises(Conflict, match="not verified"):
        citations_reuse(user=reviewer, claim=claim, source_claim=draft)
    assert not claim.citations.exists()


def test_a_passage_of_the_claims_own_article_is_not_reused(earlier, in_review, reviewer):
    CitationFactory(
        claim=earlier,
        url="",
        source=None,
        cited_revision=in_review.revision,
        cited_start=0,
        cited_end=12,
        cited_exact=in_review.revision.text[:12],
    )
    reuse = citations_reuse(user=reviewer, claim=in_review, source_claim=earlier)
    assert (len(reuse.copied), reuse.skipped) == (2, 1)


def test_deleting_the_original_keeps_the_copy(earlier, in_review, reviewer):
    citations_reuse(user=reviewer, claim=in_review, source_claim=earlier)
    Citation.objects.filter(claim=earlier).delete()
    assert list(in_review.citations.values_list("reused_from", flat=True)) == [None, None]
