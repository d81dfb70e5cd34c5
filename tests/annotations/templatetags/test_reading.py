"""The article page's text and claim list, as annotations/templatetags/reading.py writes them."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from annotations.selectors.claims import article_reading_view
from annotations.templatetags.reading import article_text, claim_list_items
from tests.factories import CitationFactory, ClaimFactory, TagFactory
from tests.factories_claims import article_with_text, fast_password_hashing  # noqa: F401

pytestmark = pytest.mark.django_db

TEXT = "Fares rose <by 5%> & more.\n\nThe ferry ran late."


@pytest.fixture
def article():
    return article_with_text(TEXT)


def text_of(article) -> str:
    return str(article_text(article_reading_view(article=article)))


def items_of(article) -> BeautifulSoup:
    html = claim_list_items(article_reading_view(article=article))
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
