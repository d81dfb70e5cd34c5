"""Any valid span survives the whole trip: selectors → stored claim → highlighted page."""

import dataclasses

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotations.anchoring import Span, build_selectors
from annotations.canonical import BLOCK_SEPARATOR, canonicalize_plain_text
from annotations.services.claims import claim_create
from tests.factories_claims import article_with_text, fast_password_hashing  # noqa: F401

pytestmark = pytest.mark.django_db

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
