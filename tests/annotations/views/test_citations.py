"""The evidence section on the claim page, and its htmx add / edit / remove endpoints."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from annotations.workflow import ClaimStatus
from sources.models import Citation
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    PassageCitationFactory,
    SourceFactory,
    claim_in,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def web_evidence(**overrides):
    return {
        "stance": "corroborates",
        "url": "https://stats.example/annual",
        "title": "Annual statistics",
        "quote": "Cargo volumes rose by 12 percent.",
        "location": "Table 2",
        "accessed_on": "2024-05-02",
        "archive_url": "",
        "note": "",
        **overrides,
    }


# On the claim page ----------------------------------------------------------------------------


def test_the_claim_page_lists_the_evidence(editor_client):
    source = SourceFactory(name="Port Statistics", reliability="high")
    citation = CitationFactory(source=source, stance="conflicts", quote="Only 3 percent.")
    page = html(editor_client.get(reverse("claim-detail", args=[citation.claim_id])))
    item = page.select_one(f"#citation-{citation.pk}")
    assert "Conflicts" in item.select_one(".stance").text
    assert "✗" in item.select_one(".stance").text
    assert "Port Statistics" in item.text
    assert "High reliability" in item.select_one(".reliability").text
    assert "Only 3 percent." in item.select_one(".citation__quote").text


def test_cited_links_open_safely_in_a_new_tab(editor_client):
    citation = CitationFactory(archive_url="https://archive.example.org/x")
    page = html(editor_client.get(reverse("claim-detail", args=[citation.claim_id])))
    for link in page.select(f"#citation-{citation.pk} a[target=_blank]"):
        assert set(link["rel"]) == {"noopener", "noreferrer", "nofollow"}
    assert len(page.select(f"#citation-{citation.pk} a[target=_blank]")) == 2


def test_an_editor_sees_the_controls_on_a_draft(editor_client):
    citation = CitationFactory()
    page = html(editor_client.get(reverse("claim-detail", args=[citation.claim_id])))
    assert page.select_one(f"#evidence-add-{citation.claim_id}")
    assert page.select_one(f"#citation-{citation.pk} [hx-confirm]")


@pytest.mark.parametrize("client_fixture", ["reader_client", "reviewer_client"])
def test_users_who_may_not_write_see_no_controls(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    citation = CitationFactory()
    page = html(client.get(reverse("claim-detail", args=[citation.claim_id])))
    assert page.select_one(f"#citation-{citation.pk}")
    assert not page.select_one(".evidence__add")
    assert not page.select(".citation__actions")


def test_the_evidence_of_a_verified_claim_shows_as_frozen(editor_client):
    citation = CitationFactory(claim=claim_in(ClaimStatus.VERIFIED, citations=0))
    page = html(editor_client.get(reverse("claim-detail", args=[citation.claim_id])))
    assert not page.select(".citation__actions")
    assert "frozen" in page.select_one(".evidence__frozen").text


def test_the_claim_page_shows_the_evidence_summary(editor_client):
    claim = ClaimFactory()
    CitationFactory(claim=claim, stance="corroborates")
    CitationFactory(claim=claim, stance="context")
    page = html(editor_client.get(reverse("claim-detail", args=[claim.pk])))
    summary = " ".join(page.select_one(f"#evidence-{claim.pk} .evidence-summary").text.split())
    assert "1 corroborating" in summary and "1 context" in summary


def test_a_passage_of_another_article_links_to_it(editor_client):
    citation = PassageCitationFactory()
    cited = citation.cited_revision.article
    page = html(editor_client.get(reverse("claim-detail", args=[citation.claim_id])))
    title = page.select_one(f"#citation-{citation.pk} .citation__title")
    assert title.a["href"] == reverse("article-detail", args=[cited.pk])
    assert "Dock workers" in page.select_one(f"#citation-{citation.pk} .citation__quote").text


def test_the_evidence_section_takes_constant_queries(editor_client, django_assert_max_num_queries):
    claim = ClaimFactory()
    url = reverse("claim-evidence", args=[claim.pk])
    for _ in range(6):
        CitationFactory(claim=claim, source=SourceFactory())
    with django_assert_max_num_queries(8):
        response = editor_client.get(url, **HTMX)
    assert len(html(response).select(".citation")) == 6


# Adding ---------------------------------------------------------------------------------------


def test_add_evidence_brings_the_form_in_with_htmx(editor_client):
    claim = ClaimFactory()
    response = editor_client.get(reverse("citation-create", args=[claim.pk]), **HTMX)
    assert response.status_code == 200
    form = html(response).select_one("form.citation-form")
    assert form["hx-post"] == reverse("citation-create", args=[claim.pk])
    assert form.select_one("input[name=url]")
    assert not html(response).select_one("html")  # a fragment, not a page


def test_without_javascript_the_add_form_is_a_page(editor_client):
    claim = ClaimFactory()
    response = editor_client.get(reverse("citation-create", args=[claim.pk]))
    assert html(response).select_one("h1")
    assert html(response).select_one("form.citation-form")


def test_adding_evidence_with_htmx_returns_the_refreshed_section(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(
        reverse("citation-create", args=[claim.pk]), web_evidence(), **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#evidence-{claim.pk}"
    assert response["HX-Reswap"] == "outerHTML"
    section = html(response).select_one(f"#evidence-{claim.pk}")
    assert "Annual statistics" in section.text
    assert "1 corroborating" in " ".join(section.text.split())
    assert Citation.objects.get().claim == claim


def test_adding_evidence_without_javascript_redirects_to_the_claim(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(reverse("citation-create", args=[claim.pk]), web_evidence())
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('claim-detail', args=[claim.pk])}#evidence-{claim.pk}"


def test_a_refused_address_comes_back_in_the_form_with_400(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(
        reverse("citation-create", args=[claim.pk]),
        web_evidence(url="javascript:alert(1)"),
        **HTMX,
    )
    assert response.status_code == 400
    form = html(response).select_one("form.citation-form")
    assert "“javascript:” links are refused" in form.text
    assert form.select_one("input[name=url]")["aria-invalid"] == "true"
    assert not Citation.objects.exists()


def test_a_missing_stance_is_reported_on_the_form(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(
        reverse("citation-create", args=[claim.pk]), web_evidence(stance=""), **HTMX
    )
    assert response.status_code == 400
    assert "corroborates the claim, conflicts with it" in html(response).text


@pytest.mark.parametrize("client_fixture", ["reader_client", "reviewer_client"])
def test_only_editors_may_add_evidence(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    claim = ClaimFactory()
    response = client.post(reverse("citation-create", args=[claim.pk]), web_evidence(), **HTMX)
    assert response.status_code == 403
    assert not Citation.objects.exists()


def test_adding_evidence_to_a_verified_claim_is_a_conflict(editor_client):
    claim = claim_in(ClaimStatus.VERIFIED, citations=0)
    response = editor_client.post(
        reverse("citation-create", args=[claim.pk]), web_evidence(), **HTMX
    )
    assert response.status_code == 409
    assert "evidence is frozen" in html(response).text
    assert not Citation.objects.exists()


def test_the_add_form_of_a_verified_claim_is_refused(editor_client):
    claim = claim_in(ClaimStatus.VERIFIED, citations=0)
    response = editor_client.get(reverse("citation-create", args=[claim.pk]))
    assert response.status_code == 409
    assert "Reopen the claim" in html(response).text


# Editing --------------------------------------------------------------------------------------


def test_edit_brings_a_filled_form_in(editor_client):
    citation = CitationFactory(title="Old title")
    response = editor_client.get(reverse("citation-edit", args=[citation.pk]), **HTMX)
    form = html(response).select_one("form.citation-form")
    assert form.select_one("input[name=title]")["value"] == "Old title"
    assert form.select_one("input[name=version]")["value"] == "1"
    assert form.select_one(f"#citation-{citation.pk}-url")


def test_editing_evidence_with_htmx_returns_the_refreshed_section(editor_client):
    citation = CitationFactory()
    response = editor_client.post(
        reverse("citation-edit", args=[citation.pk]),
        web_evidence(stance="context", title="New title", version=1),
        **HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#evidence-{citation.claim_id}"
    assert "New title" in html(response).select_one(f"#citation-{citation.pk}").text
    citation.refresh_from_db()
    assert (citation.stance, citation.version) == ("context", 2)


def test_a_stale_edit_is_refused_with_412(editor_client):
    citation = CitationFactory(version=3)
    response = editor_client.post(
        reverse("citation-edit", args=[citation.pk]), web_evidence(version=2), **HTMX
    )
    assert response.status_code == 412
    assert "changed by someone else" in html(response).text


def test_a_passage_citation_edits_only_its_stance_and_note(editor_client):
    citation = PassageCitationFactory()
    form_page = html(editor_client.get(reverse("citation-edit", args=[citation.pk]), **HTMX))
    assert not form_page.select_one("input[name=url]")
    response = editor_client.post(
        reverse("citation-edit", args=[citation.pk]),
        {"stance": "conflicts", "note": "Contradicts the count.", "version": 1},
        **HTMX,
    )
    assert response.status_code == 200
    citation.refresh_from_db()
    assert (citation.stance, citation.note, citation.cited_exact) == (
        "conflicts",
        "Contradicts the count.",
        "Dock workers",
    )


def test_editing_evidence_of_a_verified_claim_is_a_conflict(editor_client):
    citation = CitationFactory(claim=claim_in(ClaimStatus.VERIFIED, citations=0))
    response = editor_client.post(
        reverse("citation-edit", args=[citation.pk]), web_evidence(), **HTMX
    )
    assert response.status_code == 409


def test_a_reader_may_not_edit_evidence(reader_client):
    citation = CitationFactory()
    response = reader_client.post(
        reverse("citation-edit", args=[citation.pk]), web_evidence(), **HTMX
    )
    assert response.status_code == 403


# Removing -------------------------------------------------------------------------------------


def test_removing_evidence_with_htmx_returns_the_refreshed_section(editor_client):
    citation = CitationFactory()
    response = editor_client.post(
        reverse("citation-delete", args=[citation.pk]), {"version": 1}, **HTMX
    )
    assert response.status_code == 200
    assert "No evidence yet" in html(response).select_one(f"#evidence-{citation.claim_id}").text
    assert not Citation.objects.exists()


def test_without_javascript_removing_asks_for_confirmation_first(editor_client):
    citation = CitationFactory(title="To be removed")
    response = editor_client.get(reverse("citation-delete", args=[citation.pk]))
    assert "Remove this evidence?" in html(response).text
    assert Citation.objects.exists()


def test_removing_evidence_of_a_verified_claim_is_a_conflict(editor_client):
    citation = CitationFactory(claim=claim_in(ClaimStatus.VERIFIED, citations=0))
    response = editor_client.post(reverse("citation-delete", args=[citation.pk]), **HTMX)
    assert response.status_code == 409
    assert Citation.objects.exists()


def test_a_reviewer_may_not_remove_evidence(reviewer_client):
    citation = CitationFactory()
    response = reviewer_client.post(reverse("citation-delete", args=[citation.pk]), **HTMX)
    assert response.status_code == 403
    assert Citation.objects.exists()


def test_cancel_brings_the_section_back(editor_client):
    claim = ClaimFactory()
    response = editor_client.get(reverse("claim-evidence", args=[claim.pk]), **HTMX)
    assert html(response).select_one(f"section#evidence-{claim.pk}")
