import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from annotations.workflow import ClaimStatus
from sources.models import Citation
from tests.factories import (
    ArticleFactory,
    ArticleRevisionFactory,
    ClaimFactory,
    claim_in,
    other_article,
)

pytestmark = pytest.mark.django_db


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def picker(claim) -> str:
    return reverse("citation-article-picker", args=[claim.pk])


def test_the_picker_lists_other_articles_to_choose_from(editor_client):
    claim = ClaimFactory()
    cited = other_article(title="Dock report")
    titles = [a.text for a in html(editor_client.get(picker(claim))).select(".picker-article a")]
    assert titles == ["Dock report"]
    assert claim.article.title not in titles
    assert cited


def test_the_picker_searches_articles_by_title(editor_client):
    claim = ClaimFactory()
    other_article(title="Dock report")
    ArticleFactory(title="Weather outlook", text="Rain is expected on Friday.")
    response = editor_client.get(picker(claim), {"q": "weather"})
    assert [a.text for a in html(response).select(".picker-article a")] == ["Weather outlook"]


def test_a_search_without_results_says_so(editor_client):
    claim = ClaimFactory()
    response = editor_client.get(picker(claim), {"q": "nothing"})
    assert "No other article matches" in html(response).text


def test_the_chosen_article_is_shown_with_offset_anchors(editor_client):
    claim = ClaimFactory()
    cited = other_article()
    response = editor_client.get(picker(claim), {"article": cited.pk})
    blocks = html(response).select("[data-picker-text] [data-offset]")
    text = cited.current_revision.text
    assert [(int(b["data-offset"]), b.text) for b in blocks] == [
        (block["start"], text[block["start"] : block["end"]])
        for block in cited.current_revision.blocks
    ]
    form = html(response).select_one("form[data-cite-picker]")
    assert form.select_one("input[name=cited_revision]")["value"] == str(cited.current_revision_id)


def test_the_article_text_is_escaped(editor_client):
    claim = ClaimFactory()
    cited = ArticleFactory(text="A <script>alert(1)</script> tag stays text.")
    response = editor_client.get(picker(claim), {"article": cited.pk})
    assert b"<script>alert(1)" not in response.content
    assert "<script>alert(1)</script>" in html(response).select_one("[data-offset]").text


def test_the_claims_own_article_cannot_be_chosen(editor_client):
    claim = ClaimFactory()
    response = editor_client.get(picker(claim), {"article": claim.article_id})
    assert response.status_code == 404


def test_citing_a_selected_passage_adds_it_and_returns_to_the_claim(editor_client):
    claim = ClaimFactory()
    cited = other_article()
    response = editor_client.post(
        picker(claim),
        {
            "article": cited.pk,
            "cited_revision": cited.current_revision_id,
            "cited_start": 0,
            "cited_end": 12,
            "stance": "corroborates",
            "note": "Same event, other reporter.",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("claim-detail", args=[claim.pk]))
    citation = Citation.objects.get()
    assert (citation.cited_exact, citation.note) == ("Dock workers", "Same event, other reporter.")


def test_submitting_without_a_selection_asks_for_one(editor_client):
    claim = ClaimFactory()
    cited = other_article()
    response = editor_client.post(
        picker(claim),
        {"article": cited.pk, "cited_revision": cited.current_revision_id, "stance": "context"},
    )
    assert response.status_code == 400
    assert "Select the passage" in html(response).select_one(".form-errors").text
    assert html(response).select_one("[data-picker-text]")


def test_a_span_beyond_the_text_is_refused_with_the_reason(editor_client):
    claim = ClaimFactory()
    cited = other_article()
    response = editor_client.post(
        picker(claim),
        {
            "article": cited.pk,
            "cited_revision": cited.current_revision_id,
            "cited_start": 10,
            "cited_end": 99_999,
            "stance": "context",
        },
    )
    assert response.status_code == 400
    assert "beyond the end of the text" in html(response).text
    assert not Citation.objects.exists()


def test_an_older_revision_of_the_article_may_be_cited(editor_client):
    claim = ClaimFactory()
    cited = other_article()
    old = cited.current_revision
    ArticleRevisionFactory(article=cited, text="A later, corrected text of the dock report.")
    response = editor_client.post(
        picker(claim),
        {
            "article": cited.pk,
            "cited_revision": old.pk,
            "cited_start": 0,
            "cited_end": 4,
            "stance": "context",
        },
    )
    assert response.status_code == 302
    assert Citation.objects.get().cited_revision == old


def test_a_revision_of_another_article_is_refused(editor_client):
    claim = ClaimFactory()
    cited = other_article()
    unrelated = other_article()
    response = editor_client.post(
        picker(claim),
        {
            "article": cited.pk,
            "cited_revision": unrelated.current_revision_id,
            "cited_start": 0,
            "cited_end": 4,
            "stance": "context",
        },
    )
    assert response.status_code == 400
    assert not Citation.objects.exists()


def test_only_editors_may_use_the_picker(reviewer_client):
    claim = ClaimFactory()
    assert reviewer_client.get(picker(claim)).status_code == 403


def test_the_picker_of_a_verified_claim_is_refused(editor_client):
    claim = claim_in(ClaimStatus.VERIFIED, citations=0)
    response = editor_client.get(picker(claim))
    assert response.status_code == 409
    assert "evidence is frozen" in html(response).text


def test_the_picker_loads_its_scripts(editor_client):
    claim = ClaimFactory()
    cited = other_article()
    response = editor_client.get(picker(claim), {"article": cited.pk})
    sources = [script["src"] for script in html(response).select("script[src]")]
    assert any(src.endswith("js/selection.js") for src in sources)
    assert any(src.endswith("js/cite_picker.js") for src in sources)
