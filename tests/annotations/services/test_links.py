import pytest
from django.db import IntegrityError, transaction

from annotations.models import ClaimLink
from annotations.services.links import claim_link, claim_unlink
from annotations.workflow import ClaimStatus
from project.errors import Conflict, InvalidInput, NotAllowed, NotFound
from tests.factories import article_with_text, claim_saying, editor_factory, reviewer_factory

pytestmark = pytest.mark.django_db

SENTENCE = "Unemployment in Scotland fell to 4.1% in the three months to March."
OTHER_WORDS = "The Scottish jobless rate dropped to 4.1 per cent in the quarter to March."


@pytest.fixture
def editor():
    return editor_factory()


@pytest.fixture
def claim():
    return claim_saying(OTHER_WORDS)


@pytest.fixture
def earlier():
    return claim_saying(SENTENCE, ClaimStatus.VERIFIED, citations=1)


# The service --------------------------------------------------------------------------------


def test_an_editor_links_a_draft_to_the_same_claim_in_another_article(editor, claim, earlier):
    link = claim_link(user=editor, claim=claim, same_as=earlier)
    assert (link.claim, link.same_as, link.created_by) == (claim, earlier, editor)


def test_an_editor_undoes_a_link_from_either_side(editor, claim, earlier):
    ClaimLink.objects.create(claim=earlier, same_as=claim, created_by=editor)
    claim_unlink(user=editor, claim=claim, same_as=earlier)
    assert not ClaimLink.objects.exists()


def test_undoing_a_link_that_does_not_exist_is_not_found(editor, claim, earlier):
    with pytest.raises(NotFound):
        claim_unlink(user=editor, claim=claim, same_as=earlier)


def test_a_reviewer_may_not_link_and_nothing_is_linked(claim, earlier):
    with pytest.raises(NotAllowed):
        claim_link(user=reviewer_factory(), claim=claim, same_as=earlier)
    assert not ClaimLink.objects.exists()


def test_a_claim_no_longer_a_draft_cannot_be_linked_or_unlinked(editor, earlier):
    submitted = claim_saying(OTHER_WORDS, ClaimStatus.SUBMITTED)
    with pytest.raises(Conflict):
        claim_link(user=editor, claim=submitted, same_as=earlier)
    ClaimLink.objects.create(claim=submitted, same_as=earlier, created_by=editor)
    with pytest.raises(Conflict):
        claim_unlink(user=editor, claim=submitted, same_as=earlier)
    assert ClaimLink.objects.count() == 1


def test_a_claim_cannot_be_linked_to_itself(editor, claim):
    with pytest.raises(InvalidInput, match="itself"):
        claim_link(user=editor, claim=claim, same_as=claim)
    assert not ClaimLink.objects.exists()


def test_claims_of_one_article_cannot_be_linked(editor):
    article = article_with_text(f"{SENTENCE}\n\n{OTHER_WORDS}")
    first = claim_saying(SENTENCE, article=article)
    second = claim_saying(OTHER_WORDS, article=article)
    with pytest.raises(InvalidInput, match="same article"):
        claim_link(user=editor, claim=first, same_as=second)
    assert not ClaimLink.objects.exists()


def test_a_pair_is_linked_once_whichever_way_round(editor, claim, earlier):
    claim_link(user=editor, claim=claim, same_as=earlier)
    reverse_draft = claim_saying(SENTENCE)
    claim_link(user=editor, claim=reverse_draft, same_as=claim)
    with pytest.raises(Conflict, match="already linked"):
        claim_link(user=editor, claim=claim, same_as=reverse_draft)
    assert ClaimLink.objects.count() == 2


# The database's own rules -------------------------------------------------------------------


def test_the_database_refuses_a_link_of_a_claim_to_itself(editor, claim):
    with pytest.raises(IntegrityError, match="claim_link_not_itself"), transaction.atomic():
        ClaimLink.objects.create(claim=claim, same_as=claim, created_by=editor)


def test_the_database_refuses_the_same_pair_the_other_way_round(editor, claim, earlier):
    ClaimLink.objects.create(claim=claim, same_as=earlier, created_by=editor)
    with pytest.raises(IntegrityError, match="claim_link_once"), transaction.atomic():
        ClaimLink.objects.create(claim=earlier, same_as=claim, created_by=editor)


def test_the_database_refuses_a_link_within_one_article(editor):
    article = article_with_text(f"{SENTENCE}\n\n{OTHER_WORDS}")
    first = claim_saying(SENTENCE, article=article)
    second = claim_saying(OTHER_WORDS, article=article)
    with pytest.raises(IntegrityError, match="same article"), transaction.atomic():
        ClaimLink.objects.create(claim=first, same_as=second, created_by=editor)


def test_deleting_a_claim_deletes_its_links(editor, claim, earlier):
    ClaimLink.objects.create(claim=claim, same_as=earlier, created_by=editor)
    claim.delete()
    assert not ClaimLink.objects.exists()
