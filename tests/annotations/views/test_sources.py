import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from annotations.workflow import ClaimStatus
from sources.models import Source
from tests.factories import ArticleFactory, CitationFactory, ClaimFactory, SourceFactory, claim_in

pytestmark = pytest.mark.django_db


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def names(response) -> list[str]:
    return [row.a.text for row in html(response).select(".source-table tbody th")]


# The list -------------------------------------------------------------------------------------


def test_the_list_shows_sources_by_name_with_citation_counts(reader_client):
    cited = SourceFactory(name="Beta Bulletin")
    SourceFactory(name="Alpha Almanac")
    CitationFactory(source=cited)
    response = reader_client.get(reverse("source-list"))
    assert names(response) == ["Alpha Almanac", "Beta Bulletin"]
    counts = [cell.text for cell in html(response).select(".source-table__number")[1:]]
    assert counts == ["0", "1"]


def test_the_list_filters_by_kind(reader_client):
    SourceFactory(name="Ministry", kind="government_agency")
    SourceFactory(name="Gazette", kind="news_outlet")
    response = reader_client.get(reverse("source-list"), {"kind": "news_outlet"})
    assert names(response) == ["Gazette"]


def test_the_list_filters_by_reliability(reader_client):
    SourceFactory(name="Solid", reliability="high")
    SourceFactory(name="Shaky", reliability="low")
    response = reader_client.get(reverse("source-list"), {"reliability": "low"})
    assert names(response) == ["Shaky"]


def test_the_list_searches_name_and_domain(reader_client):
    SourceFactory(name="Harbour Gazette", domain="gazette.example")
    SourceFactory(name="Statistics Office", domain="harbour-stats.example")
    SourceFactory(name="Weather Desk", domain="weather.example")
    response = reader_client.get(reverse("source-list"), {"q": "harbour"})
    assert names(response) == ["Harbour Gazette", "Statistics Office"]


def test_an_unknown_filter_value_is_ignored(reader_client):
    SourceFactory(name="Any")
    response = reader_client.get(reverse("source-list"), {"kind": "bogus"})
    assert response.status_code == 200
    assert names(response) == ["Any"]


def test_the_list_is_paginated(reader_client):
    for number in range(27):
        SourceFactory(name=f"Source {number:02}")
    first = reader_client.get(reverse("source-list"))
    second = reader_client.get(reverse("source-list"), {"page": 2})
    assert len(names(first)) == 25
    assert names(second) == ["Source 25", "Source 26"]
    assert "Page 2 of 2" in html(second).select_one(".pagination").text


def test_htmx_filtering_returns_only_the_results(reader_client):
    SourceFactory(name="Gazette")
    response = reader_client.get(reverse("source-list"), {"q": "Gaz"}, HTTP_HX_REQUEST="true")
    assert html(response).select_one("#source-results")
    assert not html(response).select_one("h1")


def test_an_empty_list_says_so(reader_client):
    response = reader_client.get(reverse("source-list"))
    assert "No sources yet" in html(response).text


def test_no_match_says_so(reader_client):
    SourceFactory(name="Gazette")
    response = reader_client.get(reverse("source-list"), {"q": "nothing-like-it"})
    assert "No sources match" in html(response).text


def test_the_list_takes_constant_queries(reader_client, django_assert_max_num_queries):
    claim = ClaimFactory()
    for number in range(12):
        source = SourceFactory()
        if number % 3 == 0:
            CitationFactory(source=source, claim=claim)
    with django_assert_max_num_queries(6):
        response = reader_client.get(reverse("source-list"))
    assert len(names(response)) == 12


def test_readers_are_not_offered_to_add_sources(reader_client):
    response = reader_client.get(reverse("source-list"))
    assert not html(response).find("a", string="Add source")


def test_editors_are_offered_to_add_sources(editor_client):
    response = editor_client.get(reverse("source-list"))
    assert html(response).find("a", string="Add source")


# The detail page ------------------------------------------------------------------------------


def test_the_detail_page_lists_every_citation_with_its_claim_and_verdict(reader_client):
    source = SourceFactory(name="Port Statistics", reliability_reason="Official figures.")
    verified = claim_in(ClaimStatus.VERIFIED, citations=0)
    CitationFactory(source=source, claim=verified, stance="conflicts")
    response = reader_client.get(reverse("source-detail", args=[source.pk]))
    page = html(response)
    row = page.select_one(".source-citations tbody tr")
    assert "Conflicts" in row.text
    assert "Verified: True" in " ".join(row.text.split())
    assert row.find("a", href=reverse("claim-detail", args=[verified.pk]))
    assert "Official figures." in page.select_one(".source-facts").text


def test_the_detail_page_is_paginated_with_constant_queries(
    reader_client, django_assert_max_num_queries
):
    source = SourceFactory()
    article = ArticleFactory()
    for _ in range(22):
        CitationFactory(source=source, claim=ClaimFactory(article=article))
    with django_assert_max_num_queries(7):
        response = reader_client.get(reverse("source-detail", args=[source.pk]))
    assert len(html(response).select(".source-citations tbody tr")) == 20
    second = reader_client.get(reverse("source-detail", args=[source.pk]), {"page": 2})
    assert len(html(second).select(".source-citations tbody tr")) == 2


def test_a_missing_source_is_404(reader_client):
    assert reader_client.get(reverse("source-detail", args=[999_999])).status_code == 404


def test_admins_get_a_link_to_edit_the_source_in_the_admin(admin_client_role):
    source = SourceFactory()
    response = admin_client_role.get(reverse("source-detail", args=[source.pk]))
    link = reverse("admin:sources_source_change", args=[source.pk])
    assert html(response).find("a", href=link)


def test_editors_get_no_admin_link(editor_client):
    source = SourceFactory()
    response = editor_client.get(reverse("source-detail", args=[source.pk]))
    assert not html(response).find("a", string="Edit in admin")


# Adding a source ------------------------------------------------------------------------------


def test_an_editor_adds_a_source(editor_client):
    response = editor_client.post(
        reverse("source-create"),
        {"name": "Port News", "kind": "news_outlet", "homepage": "https://www.port.example/"},
    )
    source = Source.objects.get()
    assert response["Location"] == reverse("source-detail", args=[source.pk])
    assert (source.domain, source.reliability) == ("port.example", "unknown")


def test_the_editors_form_has_no_reliability_fields(editor_client):
    response = editor_client.get(reverse("source-create"))
    assert not html(response).select_one("[name=reliability]")


def test_an_editor_cannot_slip_a_rating_in(editor_client):
    editor_client.post(
        reverse("source-create"),
        {"name": "Port", "kind": "other", "domain": "port.example", "reliability": "high"},
    )
    assert Source.objects.get().reliability == "unknown"


def test_an_admin_adds_a_rated_source(admin_client_role):
    admin_client_role.post(
        reverse("source-create"),
        {
            "name": "Port",
            "kind": "other",
            "domain": "port.example",
            "reliability": "low",
            "reliability_reason": "Invented figures.",
        },
    )
    assert Source.objects.get().reliability == "low"


def test_a_duplicate_domain_is_refused_on_the_form(editor_client):
    SourceFactory(name="Port News", domain="port.example")
    response = editor_client.post(
        reverse("source-create"), {"name": "Port Daily", "kind": "other", "domain": "port.example"}
    )
    assert response.status_code == 409
    assert "already has the domain port.example" in html(response).text


def test_a_reader_may_not_add_sources(reader_client):
    assert reader_client.get(reverse("source-create")).status_code == 403
    response = reader_client.post(reverse("source-create"), {"name": "X", "domain": "x.example"})
    assert response.status_code == 403
    assert not Source.objects.exists()
