"""Tests for following claims into a corrected revision (pure Python, no database).

One hand-made pair of revisions per kind of correction a newsroom makes, then properties that
must hold for any edit.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.alignment import Followed, Outcome, Piece, align, similarity, wording_diff
from annotations.anchoring import Span

PROPERTY = settings(max_examples=150, deadline=None, database=None)

COUNCIL = "The city council met on Tuesday to discuss the budget for next year."
TAXES = "The mayor said taxes would rise by 4% in 2025, the first increase in a decade."
CRITICS = "Critics called the plan reckless. Supporters said it was overdue."
SCHOOLS = "Three schools will close in June, according to the district."
NEWSLETTER = "Subscribe to our newsletter for more local news."


def article(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


def span_of(text: str, quote: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return Span(start, start + len(quote))


def follow(old: str, new: str, quote: str, occurrence: int = 0) -> Followed:
    return align(old, new).follow(span_of(old, quote, occurrence))


def assert_anchored(followed: Followed, new: str, at: Span) -> None:
    assert followed == Followed(Outcome.ANCHORED, at)


OLD = article(COUNCIL, TAXES, CRITICS, SCHOOLS)


# Unchanged text --------------------------------------------------------------------------------


def test_a_claim_in_an_unchanged_text_stays_where_it_was():
    followed = follow(OLD, OLD, "taxes would rise")

    assert followed == Followed(Outcome.ANCHORED, span_of(OLD, "taxes would rise"))


# A number fixed --------------------------------------------------------------------------------


def test_a_claim_quoting_a_corrected_number_is_changed_and_proposes_the_new_wording():
    new = OLD.replace("4%", "5%")

    followed = follow(OLD, new, "taxes would rise by 4% in 2025")

    assert followed == Followed(Outcome.CHANGED, span_of(new, "taxes would rise by 5% in 2025"))


def test_a_claim_next_to_a_corrected_number_is_changed_with_its_words_intact():
    # The words around a claim are part of what it says: a change within its context is shown.
    new = OLD.replace("4%", "5%")

    followed = follow(OLD, new, "the first increase in a decade")

    assert followed == Followed(Outcome.CHANGED, span_of(new, "the first increase in a decade"))


def test_a_claim_in_another_paragraph_than_a_corrected_number_is_anchored():
    new = OLD.replace("4%", "5%")

    followed = follow(OLD, new, "Critics called the plan reckless.")

    assert_anchored(followed, new, span_of(new, "Critics called the plan reckless."))


def test_a_claim_in_the_same_paragraph_far_from_a_corrected_number_is_anchored():
    long_paragraph = TAXES + " The council will vote on the proposal at its meeting next month."
    old = article(COUNCIL, long_paragraph)
    new = old.replace("4%", "5%")

    followed = follow(old, new, "at its meeting next month")

    assert_anchored(followed, new, span_of(new, "at its meeting next month"))


# A name respelled ------------------------------------------------------------------------------


def test_a_claim_naming_a_respelled_person_is_changed_to_the_new_spelling():
    old = article(COUNCIL, "Councillor Jon Smtih said the vote was rushed.", SCHOOLS)
    new = old.replace("Smtih", "Smith")

    followed = follow(old, new, "Jon Smtih said the vote was rushed")

    assert followed == Followed(Outcome.CHANGED, span_of(new, "Jon Smith said the vote was rushed"))


# A paragraph added -----------------------------------------------------------------------------


def test_claims_after_an_added_paragraph_move_with_their_text():
    new = article(COUNCIL, "An added paragraph about the schedule.", TAXES, CRITICS, SCHOOLS)

    assert_anchored(follow(OLD, new, "taxes would rise"), new, span_of(new, "taxes would rise"))
    assert_anchored(follow(OLD, new, "Three schools"), new, span_of(new, "Three schools"))


def test_a_claim_at_the_start_of_a_paragraph_before_an_added_one_is_anchored():
    new = article(COUNCIL, TAXES, "An added paragraph.", CRITICS, SCHOOLS)

    followed = follow(OLD, new, TAXES)

    assert_anchored(followed, new, span_of(new, TAXES))


# A sentence reworded ---------------------------------------------------------------------------


def test_a_claim_on_a_reworded_sentence_is_changed_and_proposes_the_rewording():
    new = OLD.replace("Critics called the plan reckless.", "Critics said the plan was reckless.")

    followed = follow(OLD, new, "Critics called the plan reckless.")

    assert followed == Followed(
        Outcome.CHANGED, span_of(new, "Critics said the plan was reckless.")
    )


def test_a_sentence_reworded_into_its_opposite_is_only_proposed_never_anchored():
    old = article(COUNCIL, "The board approved the merger. Shares rose.", SCHOOLS)
    new = old.replace("approved", "did not approve")

    followed = follow(old, new, "The board approved the merger.")

    assert followed.outcome is Outcome.CHANGED
    assert followed.span.quote(new) == "The board did not approve the merger."


def test_a_claim_on_a_sentence_replaced_by_unrelated_text_is_orphaned():
    new = OLD.replace("Supporters said it was overdue.", "Nobody from the opposition spoke.")

    followed = follow(OLD, new, "Supporters said it was overdue.")

    assert followed == Followed(Outcome.ORPHANED)


# A sentence deleted ----------------------------------------------------------------------------


def test_a_claim_on_a_deleted_sentence_is_orphaned():
    new = OLD.replace(" Supporters said it was overdue.", "")

    assert follow(OLD, new, "Supporters said it was overdue.") == Followed(Outcome.ORPHANED)


def test_a_deleted_sentence_is_not_attached_to_a_similar_sentence_of_opposite_meaning():
    old = "The deal was approved. Talks continue. Both sides met again on Monday."
    new = "Talks continue. Both sides met again on Monday. The deal was not approved."

    followed = follow(old, new, "The deal was approved.")

    assert followed == Followed(Outcome.ORPHANED)


def test_a_sentence_after_a_deleted_one_keeps_its_place():
    new = OLD.replace("Critics called the plan reckless. ", "")

    followed = follow(OLD, new, "Supporters said it was overdue.")

    # Its words are intact, but the sentence before it, its context, is gone: shown, not moved.
    assert followed == Followed(Outcome.CHANGED, span_of(new, "Supporters said it was overdue."))


def test_a_claim_on_a_deleted_paragraph_is_orphaned():
    new = article(COUNCIL, CRITICS, SCHOOLS)

    assert follow(OLD, new, "taxes would rise") == Followed(Outcome.ORPHANED)


# Paragraphs moved ------------------------------------------------------------------------------


def test_a_claim_in_a_moved_paragraph_moves_with_it():
    new = article(COUNCIL, CRITICS, SCHOOLS, TAXES)

    followed = follow(OLD, new, "taxes would rise by 4%")

    assert_anchored(followed, new, span_of(new, "taxes would rise by 4%"))


def test_claims_in_paragraphs_that_swapped_places_both_follow():
    new = article(COUNCIL, CRITICS, TAXES, SCHOOLS)

    assert_anchored(follow(OLD, new, "Critics"), new, span_of(new, "Critics"))
    assert_anchored(follow(OLD, new, "The mayor said"), new, span_of(new, "The mayor said"))


def test_a_claim_spanning_two_paragraphs_that_were_separated_is_not_anchored():
    new = article(COUNCIL, CRITICS, TAXES, SCHOOLS)
    old_span = Span(OLD.index("in a decade."), OLD.index(" Supporters"))

    followed = align(OLD, new).follow(old_span)

    assert followed.outcome is not Outcome.ANCHORED


# Repeated sentences and boilerplate -------------------------------------------------------------


def test_repeated_boilerplate_follows_its_own_paragraph_when_one_is_added_before_it():
    old = article(COUNCIL, NEWSLETTER, TAXES, NEWSLETTER, SCHOOLS)
    new = article(COUNCIL, NEWSLETTER, TAXES, CRITICS, NEWSLETTER, SCHOOLS)

    followed = follow(old, new, NEWSLETTER, occurrence=1)

    assert_anchored(followed, new, span_of(new, NEWSLETTER, occurrence=1))


def test_a_deleted_copy_of_boilerplate_orphans_its_claim_and_keeps_the_other():
    old = article(COUNCIL, NEWSLETTER, TAXES, NEWSLETTER, SCHOOLS)
    new = article(COUNCIL, TAXES, NEWSLETTER, SCHOOLS)

    assert follow(old, new, NEWSLETTER, occurrence=0) == Followed(Outcome.ORPHANED)
    assert_anchored(follow(old, new, NEWSLETTER, occurrence=1), new, span_of(new, NEWSLETTER))


def test_a_repeated_sentence_inside_a_paragraph_follows_its_own_occurrence():
    repeated = "He denied it."
    old = article(
        f"Smith was asked about the payments. {repeated} Jones was asked about the loans. "
        f"{repeated} Both will testify.",
        SCHOOLS,
    )
    new = old.replace("Smith was asked about the payments. He denied it. ", "")

    assert follow(old, new, repeated, occurrence=0) == Followed(Outcome.ORPHANED)
    assert_anchored(follow(old, new, repeated, occurrence=1), new, span_of(new, repeated))


def test_boilerplate_whose_paragraphs_were_reordered_is_never_attached_to_the_wrong_copy():
    old = article(COUNCIL, TAXES, NEWSLETTER, CRITICS, NEWSLETTER)
    new = article(COUNCIL, CRITICS, NEWSLETTER, TAXES, NEWSLETTER)

    # Neither copy's neighbour stayed beside it, so nothing shows which copy is which.
    assert follow(old, new, NEWSLETTER, occurrence=0).outcome is not Outcome.ANCHORED
    assert follow(old, new, NEWSLETTER, occurrence=1).outcome is not Outcome.ANCHORED


# A deleted paragraph whose twin survives elsewhere ---------------------------------------------


def test_a_deleted_paragraph_is_not_attached_to_its_surviving_twin_elsewhere():
    twin = "Officials said the bridge would reopen by Friday."
    old = article(COUNCIL, twin, TAXES, CRITICS, twin, SCHOOLS)
    new = article(COUNCIL, TAXES, CRITICS, twin, SCHOOLS)

    assert follow(old, new, "the bridge would reopen", occurrence=0) == Followed(Outcome.ORPHANED)
    assert_anchored(
        follow(old, new, "the bridge would reopen", occurrence=1),
        new,
        span_of(new, "the bridge would reopen"),
    )


def test_a_deleted_sentence_is_not_attached_to_its_twin_in_another_paragraph():
    twin = "The figures were disputed."
    old = article(f"{COUNCIL} {twin}", f"{TAXES} {twin}", SCHOOLS)
    new = article(COUNCIL, f"{TAXES} {twin}", SCHOOLS)

    assert follow(old, new, twin, occurrence=0) == Followed(Outcome.ORPHANED)


# Overlapping claims ----------------------------------------------------------------------------


def test_overlapping_claims_are_followed_independently():
    paragraph = TAXES + " The council will vote on the proposal at its meeting next month."
    old = article(COUNCIL, paragraph, SCHOOLS)
    corrected = paragraph.replace("4%", "5%")
    new = article(COUNCIL, "An added paragraph.", corrected, SCHOOLS)
    alignment = align(old, new)

    whole = alignment.follow(span_of(old, paragraph))
    inner = alignment.follow(span_of(old, "at its meeting next month"))

    assert whole == Followed(Outcome.CHANGED, span_of(new, corrected))
    assert_anchored(inner, new, span_of(new, "at its meeting next month"))


# Edges -----------------------------------------------------------------------------------------


def test_following_a_span_outside_the_old_text_is_refused():
    with pytest.raises(ValueError, match="not a non-empty span"):
        align("short", "short text").follow(Span(2, 40))


def test_a_completely_rewritten_article_orphans_its_claims():
    new = "Entirely different reporting on another subject altogether."

    assert follow(OLD, new, "taxes would rise") == Followed(Outcome.ORPHANED)


def test_similarity_compares_words_regardless_of_case():
    assert similarity("Taxes rose", "taxes rose") == 1.0
    assert similarity("taxes rose", "schools closed") == 0.0


# Properties ------------------------------------------------------------------------------------

WORDS = ["the", "council", "said", "taxes", "rose", "by", "4%", "in", "May", "Smith", "not"]
sentences = st.lists(st.sampled_from(WORDS), min_size=2, max_size=9).map(
    lambda words: " ".join(words).capitalize() + "."
)
paragraphs = st.lists(sentences, min_size=1, max_size=4).map(" ".join)
# A small vocabulary makes repeated paragraphs and sentences (boilerplate) likely.
boilerplate = st.sampled_from([NEWSLETTER, "Advertisement.", "Read more."])
other_paragraphs = st.lists(paragraphs | boilerplate, min_size=0, max_size=6)


@st.composite
def paragraph_edits(draw, count: int):
    """Edits of the paragraphs other than the claim's: (kind, index, new paragraph)."""
    kinds = st.sampled_from(["insert", "delete", "replace", "move"])
    return draw(
        st.lists(
            st.tuples(kinds, st.integers(0, max(count, 1)), paragraphs | boilerplate),
            max_size=5,
        )
    )


def apply_paragraph_edits(others: list[str], edits, claimed: str) -> list[str]:
    result = list(others)
    for kind, index, replacement in edits:
        if replacement == claimed:
            continue
        position = index % (len(result) + 1)
        if kind == "insert":
            result.insert(position, replacement)
        elif result and kind == "delete":
            del result[position % len(result)]
        elif result and kind == "replace":
            result[position % len(result)] = replacement
        elif result and kind == "move":
            result.insert(index % len(result), result.pop(position % len(result)))
    return result


@PROPERTY
@given(
    before=other_paragraphs,
    after=other_paragraphs,
    claimed=paragraphs,
    edits=paragraph_edits(8),
    bounds=st.tuples(st.floats(0, 1), st.floats(0, 1)),
)
def test_edits_to_other_paragraphs_never_unanchor_a_claim(before, after, claimed, edits, bounds):
    claimed = f"Exclusively here: {claimed}"  # the claim's paragraph occurs once
    old = article(*before, claimed, *after)
    others = apply_paragraph_edits([*before, *after], edits, claimed)
    cut = min(len(before), len(others))
    new = article(*others[:cut], claimed, *others[cut:])
    low, high = sorted(round(b * (len(claimed) - 1)) for b in bounds)
    paragraph_start = old.index(claimed)
    span = Span(paragraph_start + low, paragraph_start + high + 1)

    followed = align(old, new).follow(span)

    assert followed.outcome is Outcome.ANCHORED
    assert followed.span.quote(new) == span.quote(old)
    assert followed.span.start - new.index(claimed) == low


@PROPERTY
@given(
    claimed=sentences,
    before=st.lists(sentences, min_size=1, max_size=3),
    after=st.lists(sentences, min_size=1, max_size=3),
    replacement=sentences,
    far_side=st.booleans(),
)
def test_a_rewritten_sentence_far_away_in_the_same_paragraph_leaves_a_claim_anchored(
    claimed, before, after, replacement, far_side
):
    spacer = "This long sentence keeps every edit well clear of the claimed words here."
    old_sentences = [*before, spacer, claimed, spacer.replace("This", "That"), *after]
    new_sentences = list(old_sentences)
    edited = 0 if far_side else len(new_sentences) - 1
    new_sentences[edited] = replacement
    old, new = " ".join(old_sentences), " ".join(new_sentences)
    start = len(" ".join([*before, spacer])) + 1
    span = Span(start, start + len(claimed))

    followed = align(old, new).follow(span)

    assert followed.outcome is Outcome.ANCHORED
    assert followed.span.quote(new) == claimed


texts = st.lists(paragraphs | boilerplate, min_size=1, max_size=6).map(lambda ps: article(*ps))


@PROPERTY
@given(old=texts, new=texts, bounds=st.tuples(st.floats(0, 1), st.floats(0, 1)))
def test_an_anchored_span_always_quotes_exactly_what_it_quoted_before(old, new, bounds):
    low, high = sorted(round(b * (len(old) - 1)) for b in bounds)
    span = Span(low, high + 1)

    followed = align(old, new).follow(span)

    if followed.outcome is Outcome.ANCHORED:
        assert followed.span.quote(new) == span.quote(old)
    elif followed.outcome is Outcome.CHANGED:
        assert 0 <= followed.span.start < followed.span.end <= len(new)
        assert not followed.span.quote(new).isspace()
    else:
        assert followed.span is None


@PROPERTY
@given(old=texts, new=texts)
def test_every_old_token_is_either_unchanged_or_part_of_an_edit(old, new):
    alignment = align(old, new)

    for token, target in enumerate(alignment.old_to_new):
        if target >= 0:
            assert alignment.old.values[token] == alignment.new.values[target]
        else:
            assert 0 <= alignment.edit_start[token] <= alignment.edit_end[token] <= len(new)


# Showing a change ------------------------------------------------------------------------------


def test_the_wording_diff_marks_only_the_words_that_changed():
    before, after = wording_diff("taxes would rise by 4% in 2025", "taxes would rise by 5% in 2025")

    assert before == [
        Piece("taxes would rise by ", False),
        Piece("4", True),
        Piece("% in 2025", False),
    ]
    assert after == [
        Piece("taxes would rise by ", False),
        Piece("5", True),
        Piece("% in 2025", False),
    ]


@PROPERTY
@given(before=st.text(max_size=40), after=st.text(max_size=40))
def test_the_wording_diff_keeps_both_wordings_whole(before, after):
    old_pieces, new_pieces = wording_diff(before, after)

    assert "".join(p.text for p in old_pieces) == before
    assert "".join(p.text for p in new_pieces) == after


def test_a_span_over_a_paragraph_that_moved_away_is_never_anchored():
    old = (
        "The the.\n\nThe the the.\n\nThe the the the. The the the the. "
        "The the the the the the the the the. The the the."
    )
    new = (
        "The the the the. The the the the. The the the the the the the the the. "
        "The the the.\n\nThe the."
    )
    followed = align(old, new).follow(Span(0, len(old)))
    assert followed.outcome is not Outcome.ANCHORED
