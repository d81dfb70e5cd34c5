import pytest
from django.db import connection

from annotations.models import Claim, ClaimLink
from annotations.people import display_name
from annotations.selectors.similarity import (
    Agreement,
    claim_links,
    similar_claims,
    similar_to_claim,
)
from annotations.workflow import ClaimStatus
from tests.factories import article_with_text, claim_saying, editor_factory

pytestmark = pytest.mark.django_db

ORIGINAL = "Unemployment in Scotland fell to 4.1% in the three months to March."


def features(text: str, quote: str = "") -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT match_text, match_numbers, match_entities, match_negated "
            "FROM annotations_match_features(%s, %s)",
            [text, quote or text],
        )
        match_text, numbers, names, negated = cursor.fetchone()
    return {
        "text": match_text,
        "numbers": sorted(numbers),
        "names": sorted(names),
        "negated": negated,
    }


# What the database extracts -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "figure"),
    [
        ("4.1%", "4.1%"),
        ("4.1 per cent", "4.1%"),
        ("4.1 percent", "4.1%"),
        ("4.1pc", "4.1%"),
        ("4.10 %", "4.1%"),
        ("182,400", "182400"),
        ("£1.2m", "1200000"),
        ("1.2 million", "1200000"),
        ("$3bn", "3000000000"),
        ("48k", "48000"),
        ("seven", "7"),
    ],
)
def test_figures_written_differently_are_read_as_the_same_figure(written, figure):
    assert features(f"The figure was {written} last year.")["numbers"] == [figure]


def test_names_are_capitalised_words_that_do_not_start_a_sentence():
    found = features("The rate in Scotland fell. Officials in Glasgow said so on Monday in March.")
    # "The" and "Officials" start sentences; Monday dates the report; names are stems.
    assert found["names"] == ["glasgow", "march", "scotland"]


@pytest.mark.parametrize(
    ("sentence", "negated"),
    [
        ("Unemployment did not fall.", True),
        ("Unemployment didn't fall.", True),
        ("Unemployment never fell.", True),
        ("Unemployment fell.", False),
        ("The knot was tied.", False),
    ],
)
def test_a_negation_is_noticed_as_a_word(sentence, negated):
    assert features(sentence)["negated"] is negated


def test_the_trigger_stores_the_features_and_follows_a_change_of_text():
    claim = claim_saying(ORIGINAL)
    claim.refresh_from_db()
    assert (claim.match_numbers, claim.match_negated) == (["3", "4.1%"], False)
    assert "scotland" in claim.match_entities
    Claim.objects.filter(pk=claim.pk).update(text="Unemployment did not fall to 5.3 per cent.")
    claim.refresh_from_db()
    # The restated text and the quote both count: the quote still says 4.1% in three months.
    assert (claim.match_numbers, claim.match_negated) == (["3", "4.1%", "5.3%"], True)
    assert claim.match_text == "unemployment did not fall to 5.3%."


def test_the_stored_features_cannot_be_written_past_the_trigger():
    claim = claim_saying(ORIGINAL)
    Claim.objects.filter(pk=claim.pk).update(match_numbers=["99%"], match_text="forged")
    claim.refresh_from_db()
    assert (claim.match_numbers, claim.match_text) == (["3", "4.1%"], features(ORIGINAL)["text"])


# Ranking ------------------------------------------------------------------------------------


def test_the_same_claim_in_other_words_is_found_and_offered_as_the_same():
    original = claim_saying(ORIGINAL)
    (found,) = similar_claims(
        text="The jobless rate in Scotland dropped to 4.1 per cent in the quarter to March."
    )
    assert found.pk == original.pk
    assert (found.figures, found.names, found.negation_differs) == (
        Agreement.PARTLY,  # "three months" gave a 3 the other wording has not
        Agreement.SAME,
        False,
    )


def test_a_claim_with_the_same_figures_ranks_above_one_with_other_figures():
    other_figure = claim_saying(
        "Unemployment in Scotland fell to 5.3% in the three months to March."
    )
    same_figure = claim_saying(
        "In the 3 months to March, Scottish unemployment was down to 4.1 per cent, in Scotland."
    )
    ranked = similar_claims(text=ORIGINAL)
    assert [item.pk for item in ranked][:2] == [same_figure.pk, other_figure.pk]
    assert ranked[1].figures is Agreement.DIFFERENT
    assert not ranked[1].likely_same


def test_a_negated_claim_is_never_offered_as_the_same_claim():
    claim_saying("Unemployment in Scotland did not fall to 4.1% in the three months to March.")
    (found,) = similar_claims(text=ORIGINAL)
    assert found.negation_differs
    assert not found.likely_same


def test_a_claim_about_another_place_is_not_offered_as_the_same_claim():
    claim_saying("Unemployment in Wales fell to 4.1% in the three months to March.")
    (found,) = similar_claims(text=ORIGINAL)
    assert found.names is Agreement.DIFFERENT
    assert not found.likely_same


def test_claims_of_the_claims_own_article_are_left_out():
    june = ORIGINAL.replace("March", "June")
    article = article_with_text(f"{ORIGINAL}\n\n{june}")
    claim = claim_saying(ORIGINAL, article=article)
    claim_saying(june, article=article)
    elsewhere = claim_saying(ORIGINAL)
    assert [item.pk for item in similar_to_claim(claim=claim)] == [elsewhere.pk]


def test_unrelated_claims_are_not_shown():
    claim_saying("The pier reopened on Saturday after a winter of repairs.")
    assert similar_claims(text=ORIGINAL) == []


def test_nothing_to_compare_finds_nothing_without_asking_the_database(
    django_assert_num_queries,
):
    with django_assert_num_queries(0):
        assert similar_claims(text="  ", quote="") == []


def test_similar_claims_take_one_query_and_mark_the_linked_ones(django_assert_num_queries):
    claim = claim_saying(ORIGINAL)
    linked = claim_saying(ORIGINAL.replace("4.1%", "4.1 per cent"))
    claim_saying(ORIGINAL.replace("4.1%", "4.1 percent"))
    ClaimLink.objects.create(claim=linked, same_as=claim, created_by=editor_factory())
    with django_assert_num_queries(1):
        found = similar_to_claim(claim=claim)
    assert [(item.pk == linked.pk, item.linked) for item in found] == [(True, True), (False, False)]
    assert {item.status_label for item in found} == {"Draft"}


def test_the_query_is_planned_once_per_connection_whatever_its_arguments():
    """It is a PL/pgSQL function (which keeps each statement's plan for the connection's life)
    that uses the one generic plan rather than planning again for each argument."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql'), proconfig"
            " FROM pg_proc WHERE proname = 'annotations_similar_claims'"
        )
        assert cursor.fetchall() == [(True, ["plan_cache_mode=force_generic_plan"])]


def test_a_verified_claim_shows_its_verdict():
    claim_saying(ORIGINAL, ClaimStatus.VERIFIED, citations=1)
    (found,) = similar_claims(text=ORIGINAL)
    assert (found.status_label, found.verdict_label) == ("Verified", "True")


# Links --------------------------------------------------------------------------------------


def test_a_claims_links_list_the_other_claim_whichever_side_linked(django_assert_num_queries):
    claim = claim_saying(ORIGINAL)
    earlier = claim_saying(ORIGINAL, ClaimStatus.VERIFIED, citations=2)
    later = claim_saying(ORIGINAL)
    editor = editor_factory(first_name="Ada", last_name="Quill")
    ClaimLink.objects.create(claim=claim, same_as=earlier, created_by=editor)
    ClaimLink.objects.create(claim=later, same_as=claim, created_by=editor)
    with django_assert_num_queries(2):
        links = claim_links(claim=claim, with_evidence=True)
        assert [item.claim.pk for item in links] == [earlier.pk, later.pk]
        assert len(links[0].claim.citations.all()) == 2
    assert display_name(links[0].created_by) == "Ada Quill"
