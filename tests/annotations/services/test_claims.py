import pytest
from django.utils import timezone

from annotations.anchoring import TextPositionSelector, TextQuoteSelector
from annotations.models import Claim, ClaimLink, ExportChange, Tag
from annotations.roles import Role
from annotations.services.claims import claim_create, claim_delete, claim_update, tags_resolve
from annotations.workflow import ClaimStatus
from project.errors import Conflict, InvalidInput, NotAllowed, NotFound, PreconditionFailed
from tests.factories import (
    ClaimFactory,
    TagFactory,
    UserFactory,
    article_with_text,
    claim_saying,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "The bridge reopened on Friday after repairs costing 4 million euros.\n\n"
    "The council said the bridge carries 9,000 cars a day. The bridge is old."
)


@pytest.fixture
def article():
    return article_with_text(TEXT)


def span_of(phrase: str, occurrence: int = 0) -> TextPositionSelector:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(phrase, start + 1)
    return TextPositionSelector(start, start + len(phrase))


# Creating -----------------------------------------------------------------------------------


def test_an_editor_marks_a_span_as_a_draft_claim(editor, article):
    claim = claim_create(user=editor, article=article, position=span_of("4 million euros"))
    assert (claim.exact, claim.status, claim.version) == ("4 million euros", "draft", 1)
    assert claim.revision == article.current_revision
    assert list(claim.contributors.all()) == [editor]


def test_the_stored_anchor_holds_32_code_points_of_context_each_side(editor, article):
    claim = claim_create(user=editor, article=article, position=span_of("9,000 cars"))
    assert claim.prefix == TEXT[claim.start - 32 : claim.start]
    assert claim.suffix == TEXT[claim.end : claim.end + 32]


def test_the_claim_text_defaults_to_the_quote(editor, article):
    claim = claim_create(user=editor, article=article, position=span_of("4 million euros"))
    assert claim.text == "4 million euros"


def test_the_restated_claim_text_is_kept_trimmed(editor, article):
    claim = claim_create(
        user=editor,
        article=article,
        position=span_of("4 million euros"),
        text="  The repairs cost EUR 4m.  ",
    )
    assert claim.text == "The repairs cost EUR 4m."


def test_a_quote_that_occurs_once_is_enough_to_anchor(editor, article):
    claim = claim_create(user=editor, article=article, quote=TextQuoteSelector("9,000 cars"))
    assert (claim.start, claim.end) == (span_of("9,000 cars").start, span_of("9,000 cars").end)


def test_a_repeated_quote_is_placed_by_its_prefix(editor, article):
    claim = claim_create(
        user=editor, article=article, quote=TextQuoteSelector("The bridge", prefix="a day. ")
    )
    assert claim.start == span_of("The bridge", occurrence=1).start


def test_a_repeated_quote_without_context_is_refused(editor, article):
    with pytest.raises(InvalidInput, match="occurs more than once"):
        claim_create(user=editor, article=article, quote=TextQuoteSelector("The bridge"))


def test_selectors_that_disagree_are_refused(editor, article):
    with pytest.raises(InvalidInput, match="does not match the text"):
        claim_create(
            user=editor,
            article=article,
            position=span_of("4 million euros"),
            quote=TextQuoteSelector("9,000 cars"),
        )


def test_a_span_beyond_the_text_is_refused(editor, article):
    with pytest.raises(InvalidInput, match="beyond the end of the text"):
        claim_create(user=editor, article=article, position=TextPositionSelector(10, 10_000))


def test_an_empty_span_is_refused(editor, article):
    with pytest.raises(InvalidInput, match="empty"):
        claim_create(user=editor, article=article, position=TextPositionSelector(5, 5))


def test_a_span_of_only_whitespace_is_refused(editor, article):
    gap = TEXT.index("\n\n")
    with pytest.raises(InvalidInput, match="only whitespace"):
        claim_create(user=editor, article=article, position=TextPositionSelector(gap, gap + 2))


def test_no_selector_at_all_is_refused(editor, article):
    with pytest.raises(InvalidInput, match="no selector"):
        claim_create(user=editor, article=article)


@pytest.mark.parametrize("roles", [(), (Role.REVIEWER,), (Role.ADMIN,)])
def test_only_editors_mark_claims(article, roles):
    with pytest.raises(NotAllowed):
        claim_create(user=UserFactory(roles=roles), article=article, position=span_of("Friday"))
    assert not Claim.objects.exists()


def test_a_claim_gets_the_tags_given(editor, article):
    claim = claim_create(
        user=editor, article=article, position=span_of("Friday"), tags=["Transport", "budget"]
    )
    assert sorted(tag.name for tag in claim.tags.all()) == ["Transport", "budget"]


def test_a_refused_tag_leaves_no_claim_behind(editor, article):
    with pytest.raises(InvalidInput):
        claim_create(user=editor, article=article, position=span_of("Friday"), tags=["ok", " "])
    assert not Claim.objects.exists()


# Creating a claim linked to the same claim elsewhere ("Seen before" in the claim dialog) -----

REPAIRS = "The bridge reopened on Friday after repairs costing 4 million euros."


def test_a_new_claim_is_created_linked_to_each_claim_chosen_as_the_same_claim(editor, article):
    first, second = claim_saying(REPAIRS), claim_saying(REPAIRS, ClaimStatus.VERIFIED)
    claim = claim_create(
        user=editor,
        article=article,
        position=span_of("4 million euros"),
        same_as=[second.pk, first.pk, second.pk],
    )
    links = ClaimLink.objects.order_by("same_as_id")
    assert [(link.claim, link.same_as, link.created_by) for link in links] == [
        (claim, first, editor),
        (claim, second, editor),
    ]


def test_a_chosen_claim_of_the_same_article_refuses_the_claim_and_nothing_is_created(
    editor, article
):
    same_article = ClaimFactory(article=article, revision=article.current_revision)
    with pytest.raises(InvalidInput, match="same article"):
        claim_create(
            user=editor,
            article=article,
            position=span_of("4 million euros"),
            same_as=[claim_saying(REPAIRS).pk, same_article.pk],
        )
    assert list(Claim.objects.filter(article=article)) == [same_article]
    assert not ClaimLink.objects.exists()


def test_a_chosen_claim_that_no_longer_exists_refuses_the_claim_and_nothing_is_created(
    editor, article
):
    gone = claim_saying(REPAIRS)
    gone_pk = gone.pk
    gone.delete()
    with pytest.raises(InvalidInput, match=f"Claim {gone_pk}, chosen as the same claim"):
        claim_create(
            user=editor, article=article, position=span_of("4 million euros"), same_as=[gone_pk]
        )
    assert not Claim.objects.filter(article=article).exists()
    assert not ClaimLink.objects.exists()


# Tags ---------------------------------------------------------------------------------------


def test_tags_are_reused_whatever_their_case():
    existing = TagFactory(name="Public spending")
    assert tags_resolve(["public SPENDING"]) == [existing]
    assert Tag.objects.count() == 1


def test_tag_names_are_trimmed_and_inner_spaces_collapsed():
    (tag,) = tags_resolve(["  road   safety "])
    assert tag.name == "road safety"


def test_the_same_tag_given_twice_counts_once_in_the_order_given():
    tags = tags_resolve(["b", "a", "B"])
    assert [tag.name for tag in tags] == ["b", "a"]


def test_an_empty_tag_name_is_refused():
    with pytest.raises(InvalidInput, match="empty"):
        tags_resolve(["fine", "   "])


def test_a_tag_longer_than_60_characters_is_refused():
    with pytest.raises(InvalidInput, match="longer than 60"):
        tags_resolve(["x" * 61])


def test_a_tag_of_exactly_60_characters_is_accepted():
    assert tags_resolve(["x" * 60])[0].name == "x" * 60


# Updating -----------------------------------------------------------------------------------


@pytest.fixture
def draft(editor, article):
    return claim_create(user=editor, article=article, position=span_of("4 million euros"))


def test_another_editor_changes_the_text_and_becomes_a_contributor(draft, editor):
    colleague = UserFactory(roles=(Role.EDITOR,))
    updated = claim_update(user=colleague, claim=draft, text="Repairs cost 4 million euros.")
    assert updated.text == "Repairs cost 4 million euros."
    assert updated.version == 2
    assert set(updated.contributors.all()) == {editor, colleague}


def test_changing_tags_bumps_the_version(draft, editor):
    updated = claim_update(user=editor, claim=draft, tags=["infrastructure"])
    assert [tag.name for tag in updated.tags.all()] == ["infrastructure"]
    assert updated.version == 2


def test_an_update_that_changes_nothing_keeps_the_version(draft, editor):
    updated = claim_update(user=editor, claim=draft, text=draft.text, tags=[], note="")
    assert updated.version == 1


def test_a_new_span_is_anchored_and_the_default_text_follows_the_quote(draft, editor):
    updated = claim_update(user=editor, claim=draft, position=span_of("9,000 cars"))
    assert (updated.exact, updated.text) == ("9,000 cars", "9,000 cars")
    assert updated.prefix == TEXT[updated.start - 32 : updated.start]


def test_a_new_span_keeps_a_restated_text(draft, editor):
    claim_update(user=editor, claim=draft, text="Repairs cost EUR 4m.")
    updated = claim_update(user=editor, claim=draft, position=span_of("9,000 cars"))
    assert updated.text == "Repairs cost EUR 4m."


def test_a_bad_new_span_changes_nothing(draft, editor):
    with pytest.raises(InvalidInput):
        claim_update(
            user=editor, claim=draft, text="Changed", position=TextPositionSelector(0, 10_000)
        )
    draft.refresh_from_db()
    assert (draft.text, draft.version) == ("4 million euros", 1)


@pytest.mark.parametrize("roles", [(), (Role.REVIEWER,)])
def test_only_editors_change_claims(draft, roles):
    with pytest.raises(NotAllowed):
        claim_update(user=UserFactory(roles=roles), claim=draft, text="Other")


@pytest.mark.parametrize(
    "status", [ClaimStatus.SUBMITTED, ClaimStatus.VERIFIED, ClaimStatus.REJECTED]
)
def test_a_claim_out_of_draft_cannot_be_changed(editor, article, status):
    claim = _claim_in(status, article)
    with pytest.raises(Conflict) as raised:
        claim_update(user=editor, claim=claim, text="Other")
    assert raised.value.current == status.value
    assert set(raised.value.allowed) == {"draft", "changes_requested"}


def test_a_claim_with_changes_requested_can_be_changed(editor, article):
    claim = _claim_in(ClaimStatus.CHANGES_REQUESTED, article)
    assert claim_update(user=editor, claim=claim, text="Reworded").text == "Reworded"


def test_an_update_based_on_an_old_version_is_refused(draft, editor):
    claim_update(user=editor, claim=draft, text="First change")
    with pytest.raises(PreconditionFailed, match="version 2"):
        claim_update(user=editor, claim=draft, text="Second change", expected_version=1)


# Deleting -----------------------------------------------------------------------------------


def test_an_editor_deletes_a_draft(draft, editor):
    claim_delete(user=editor, claim=draft)
    assert not Claim.objects.exists()
    assert not ExportChange.objects.exists()


def test_a_reviewer_cannot_delete_a_draft(draft, reviewer):
    with pytest.raises(NotAllowed):
        claim_delete(user=reviewer, claim=draft)


def test_a_submitted_claim_cannot_be_deleted(editor, article):
    claim = _claim_in(ClaimStatus.SUBMITTED, article)
    with pytest.raises(Conflict):
        claim_delete(user=editor, claim=claim)
    assert Claim.objects.filter(pk=claim.pk).exists()


def _claim_in(status: ClaimStatus, article) -> Claim:
    extra = {}
    if status == ClaimStatus.VERIFIED:
        extra = {"verdict": "true", "verified_by": UserFactory(), "verified_at": timezone.now()}
    return ClaimFactory(article=article, start=4, end=10, status=status.value, **extra)


def test_a_claim_deleted_meanwhile_is_not_found_rather_than_a_crash(editor, article):
    claim = ClaimFactory(article=article, created_by=editor)
    Claim.objects.filter(pk=claim.pk).delete()
    with pytest.raises(NotFound, match="This claim no longer exists."):
        claim_update(user=editor, claim=claim, text="Changed.")
    with pytest.raises(NotFound, match="This claim no longer exists."):
        claim_delete(user=editor, claim=claim)
