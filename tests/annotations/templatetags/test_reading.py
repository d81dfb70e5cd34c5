"""The article page's text and claim list, as annotations/templatetags/reading.py writes them.

Any valid span survives the whole trip: selectors → stored claim → highlighted page."""

import dataclasses

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotations.anchoring import Span, build_selectors
from annotations.canonical import BLOCK_SEPARATOR, canonicalize_plain_text
from annotations.selectors.claims import article_reading_view
from annotations.services.claims import claim_create
from annotations.templatetags import reading
from annotations.templatetags.reading import article_text, claim_list
from tests.factories import CitationFactory, ClaimFactory, TagFactory, article_with_text

pytestmark = pytest.mark.django_db


TEXT = "Fares rose <by 5%> & more.\n\nThe ferry ran late."


@pytest.fixture
def article():
    return article_with_text(TEXT)


def text_of(article) -> str:
    return str(article_text(article_reading_view(article=article)))


def items_of(article) -> BeautifulSoup:
    html = claim_list(article_reading_view(article=article), can_annotate=False)
    return BeautifulSoup(html, "html.parser")


# The text -----------------------------------------------------------------------------------


def test_unclaimed_text_is_one_span_per_block_holding_its_escaped_text(article):
    assert text_of(article) == (
        '<p class="block block--paragraph" data-offset="0">'
        '<span data-offset="0">Fares rose &lt;by 5%&gt; &amp; more.</span></p>'
        '<p class="block block--paragraph" data-offset="28">'
        '<span data-offset="28">The ferry ran late.</span></p>'
    )


def test_a_claimed_stretch_is_a_mark_with_its_claims_status_and_depth(article):
    claim = ClaimFactory(article=article, start=0, end=10, status="submitted")
    assert text_of(article).startswith(
        '<p class="block block--paragraph" data-offset="0">'
        f'<mark class="hl hl--submitted hl--depth-1" data-claims="{claim.pk}" data-offset="0">'
        'Fares rose</mark><span data-offset="10"> &lt;by 5%&gt; &amp; more.</span></p>'
    )


# The claim list -----------------------------------------------------------------------------


def test_a_claim_row_holds_its_escaped_text_in_the_jump_button(article):
    claim = ClaimFactory(article=article, text="Fares <rose> & fell")
    button = items_of(article).select_one(f"#claim-{claim.pk} button[data-jump='{claim.pk}']")
    assert button.get_text() == "Fares <rose> & fell"


def test_a_claim_row_shows_its_status_and_tags_in_name_order(article):
    ClaimFactory(article=article, tags=[TagFactory(name="rail"), TagFactory(name="<ferry>")])
    row = items_of(article).select_one("li.claim-item")
    assert row.select_one(".status.status--draft").get_text() == "Draft"
    assert [chip.get_text() for chip in row.select(".chip")] == ["<ferry>", "rail"]


def test_a_claim_without_citations_says_so(article):
    ClaimFactory(article=article)
    assert items_of(article).select_one(".claim-item__citations").get_text() == "0 citations"


def test_a_claim_with_citations_shows_its_evidence_summary(article):
    claim = ClaimFactory(article=article)
    CitationFactory(claim=claim, stance="conflicts")
    summary = items_of(article).select_one(f"#claim-{claim.pk} .evidence-summary")
    assert "1 conflicting" in summary.get_text()


def test_the_open_link_goes_to_the_claim_page_and_names_the_claim_to_screen_readers(article):
    claim = ClaimFactory(article=article)
    link = items_of(article).select_one(f"#claim-{claim.pk} a.claim-item__open")
    assert link["href"] == reverse("claim-detail", args=[claim.pk])
    assert link.select_one(".visually-hidden").get_text() == f" claim {claim.pk}"


# Characters that stress offsets and escaping: astral emoji (two UTF-16 units), a ZWJ
# sequence, combining marks, markup characters, quotes and line breaks.
PIECES = [*"abc XYZ<>&\"'", "é", "x\u0301", "🚢", "👩\u200d👩\u200d👧", "\n", "\n\n", "  "]


@st.composite
def text_and_span(draw):
    raw = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60)))
    document = canonicalize_plain_text(raw)
    assume(document.blocks)
    blocks = document.blocks
    first = draw(st.integers(0, len(blocks) - 1))
    last = draw(st.integers(first, len(blocks) - 1))
    start = draw(st.integers(blocks[first].start, blocks[first].end - 1))
    end = draw(st.integers(max(start + 1, blocks[last].start + 1), blocks[last].end))
    assume(document.text[start:end].strip())
    return document, Span(start, end)


def highlighted_text(html: str, claim_id: int) -> str:
    """The text of the claim's highlights in page order, with the blank line between blocks
    (which the page does not render) put back where the highlight crosses one."""
    marks = [
        mark
        for mark in BeautifulSoup(html, "html.parser").select("#article-text mark[data-claims]")
        if str(claim_id) in mark["data-claims"].split()
    ]
    text, expected_offset = "", None
    for mark in marks:
        offset, content = int(mark["data-offset"]), mark.get_text()
        if expected_offset is not None and offset != expected_offset:
            assert offset - expected_offset == len(BLOCK_SEPARATOR)
            text += BLOCK_SEPARATOR
        text += content
        expected_offset = offset + len(content)
    return text


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=text_and_span())
def test_any_valid_span_round_trips_to_its_highlight(editor, case):
    document, span = case
    article = article_with_text(
        document.text, [dataclasses.asdict(block) for block in document.blocks]
    )
    position, quote = build_selectors(document.text, span)
    claim = claim_create(user=editor, article=article, position=position, quote=quote)
    assert (claim.start, claim.end, claim.exact) == (span.start, span.end, quote.exact)

    client = Client()
    client.force_login(editor)
    response = client.get(reverse("article-detail", args=[article.pk]))
    assert highlighted_text(response.content.decode(), claim.pk) == claim.exact


# Remembered markup ----------------------------------------------------------------------------


def both_of(article) -> tuple[str, str]:
    reading = article_reading_view(article=article)
    return str(article_text(reading)), str(claim_list(reading, can_annotate=True))


def written_afresh(article) -> tuple[str, str]:
    reading._READERS.clear()
    return both_of(article)


def test_an_unchanged_article_is_written_once_and_then_remembered(article, monkeypatch):
    ClaimFactory(article=article, start=0, end=10)
    written, make = [], reading._claim_list_html

    def counted(claims):
        written.append(1)
        return make(claims)

    monkeypatch.setattr(reading, "_claim_list_html", counted)
    first = both_of(article)
    assert both_of(article) == first
    assert len(written) == 1


def test_remembered_markup_is_what_writing_it_afresh_gives(article):
    ClaimFactory(article=article, start=0, end=10, tags=[TagFactory(name="fares")])
    CitationFactory(claim=ClaimFactory(article=article, start=5, end=20), stance="conflicts")
    remembered = both_of(article)
    assert written_afresh(article) == remembered


def _change_status(claim):
    type(claim).objects.filter(pk=claim.pk).update(status="submitted")


def _change_text(claim):
    type(claim).objects.filter(pk=claim.pk).update(text="Fares rose by five per cent.")


def _add_tag(claim):
    claim.tags.add(TagFactory(name="transport"))


def _rename_tag(claim):
    type(claim.tags.first()).objects.filter(pk=claim.tags.first().pk).update(name="renamed")


def _cite(claim):
    CitationFactory(claim=claim, stance="context")


def _change_source_reliability(claim):
    source = claim.citations.first().source
    type(source).objects.filter(pk=source.pk).update(reliability="low")


def _move_span(claim):
    type(claim).objects.filter(pk=claim.pk).update(start=2, end=12)


def _add_claim(claim):
    ClaimFactory(article=claim.article, start=11, end=18)


def _delete_claim(claim):
    ClaimFactory(article=claim.article, start=11, end=18).delete()
    claim.delete()


@pytest.mark.parametrize(
    "change",
    [
        _change_status,
        _change_text,
        _add_tag,
        _rename_tag,
        _cite,
        _change_source_reliability,
        _move_span,
        _add_claim,
        _delete_claim,
    ],
)
def test_after_a_change_the_page_shows_it_never_what_it_remembered(article, change):
    claim = ClaimFactory(article=article, start=0, end=10, status="draft", text="Fares rose.")
    claim.tags.add(TagFactory(name="fares"))
    CitationFactory(claim=claim, source__reliability="high")
    before = both_of(article)
    change(claim)
    after = both_of(article)
    assert after != before
    assert after == written_afresh(article)


def test_the_article_page_is_written_in_ascii_and_reads_back_as_its_text(editor_client):
    euro = article_with_text("Fares rose to €5 – “a record”, said Zoë.")
    claim = ClaimFactory(article=euro, start=10, end=16, text="Fares are €5 now.")
    CitationFactory(claim=claim, stance="corroborates")
    response = editor_client.get(reverse("article-detail", args=[euro.pk]))
    assert response.content.isascii()
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("#article-text").get_text() == euro.current_revision.text
    assert page.select_one(f"#claim-{claim.pk} .claim-item__jump").get_text() == claim.text
    assert "✓" in page.select_one(f"#claim-{claim.pk} .evidence-summary").get_text()
