import pytest
from django.urls import reverse

from annotations.workflow import ClaimStatus
from sources.models import Citation, Source
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    PassageCitationFactory,
    SourceFactory,
    claim_in,
    other_article,
)

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def citations_url(claim) -> str:
    return reverse("api-claim-citation-list", args=[claim.pk])


def citation_url(citation) -> str:
    return reverse("api-claim-citation-detail", args=[citation.claim_id, citation.pk])


# Sources --------------------------------------------------------------------------------------


def test_sources_are_listed_with_their_citation_counts(reader_client):
    source = SourceFactory(name="Port Statistics", domain="port-stats.example")
    CitationFactory(source=source)
    body = reader_client.get(reverse("api-source-list")).json()
    assert body["count"] == 1
    item = body["results"][0]
    assert (item["name"], item["domain"], item["citation_count"]) == (
        "Port Statistics",
        "port-stats.example",
        1,
    )


def test_sources_filter_by_kind_reliability_and_search(reader_client):
    SourceFactory(name="Gazette", kind="news_outlet", reliability="mixed")
    SourceFactory(name="Ministry", kind="government_agency", reliability="high")

    def listed(**params):
        response = reader_client.get(reverse("api-source-list"), params)
        return [source["name"] for source in response.json()["results"]]

    assert listed(kind="news_outlet") == ["Gazette"]
    assert listed(reliability="high") == ["Ministry"]
    assert listed(search="gaz") == ["Gazette"]


def test_an_unknown_kind_filter_is_a_400(reader_client):
    response = reader_client.get(reverse("api-source-list"), {"kind": "blog"})
    assert response.status_code == 400
    assert "use one of" in response.json()["detail"]


def test_an_editor_creates_a_source(editor_client):
    response = editor_client.post(
        reverse("api-source-list"),
        {"name": "Port News", "kind": "news_outlet", "domain": "WWW.Port.example"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["domain"] == "port.example"
    assert response["Location"].endswith(
        reverse("api-source-detail", args=[Source.objects.get().pk])
    )


def test_an_editor_creating_a_rated_source_gets_403(editor_client):
    response = editor_client.post(
        reverse("api-source-list"),
        {
            "name": "Port",
            "domain": "port.example",
            "reliability": "high",
            "reliability_reason": "x",
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert not Source.objects.exists()


def test_a_reader_creating_a_source_gets_403(reader_client):
    response = reader_client.post(
        reverse("api-source-list"),
        {"name": "Port", "domain": "port.example"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_an_editor_changing_reliability_gets_403(editor_client):
    source = SourceFactory(reliability="unknown")
    response = editor_client.patch(
        reverse("api-source-detail", args=[source.pk]),
        {"reliability": "high", "reliability_reason": "Looks good."},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "Only administrators" in response.json()["detail"]
    source.refresh_from_db()
    assert source.reliability == "unknown"


def test_an_admin_changes_reliability(admin_client_role):
    source = SourceFactory(reliability="unknown")
    response = admin_client_role.patch(
        reverse("api-source-detail", args=[source.pk]),
        {"reliability": "low", "reliability_reason": "Fabricated quotes."},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["reliability"], response["ETag"][:3]) == ("low", '"2-')


def test_deleting_a_cited_source_is_a_409(admin_client_role):
    citation = CitationFactory()
    response = admin_client_role.delete(reverse("api-source-detail", args=[citation.source_id]))
    assert response.status_code == 409
    assert "cited by 1 citation" in response.json()["detail"]


def test_deleting_an_uncited_source(admin_client_role):
    source = SourceFactory()
    response = admin_client_role.delete(reverse("api-source-detail", args=[source.pk]))
    assert response.status_code == 204
    assert not Source.objects.exists()


def test_the_source_list_takes_constant_queries(
    reader_client, unthrottled, django_assert_max_num_queries
):
    claim = ClaimFactory()
    for _ in range(8):
        CitationFactory(claim=claim, source=SourceFactory())
    with django_assert_max_num_queries(5):
        assert len(reader_client.get(reverse("api-source-list")).json()["results"]) == 8


# Citations ------------------------------------------------------------------------------------


def test_a_claims_citations_are_listed_with_their_source(reader_client):
    citation = CitationFactory(stance="conflicts")
    body = reader_client.get(citations_url(citation.claim)).json()
    item = body["results"][0]
    assert item["stance"] == "conflicts"
    assert item["url"] == citation.url
    assert item["source"] == {
        "id": citation.source_id,
        "name": citation.source.name,
        "domain": citation.source.domain,
        "reliability": citation.source.reliability,
    }
    assert item["cited_article"] is None
    assert item["version"] == 1


def test_a_cited_article_span_is_part_of_the_response(reader_client):
    citation = PassageCitationFactory()
    item = reader_client.get(citation_url(citation)).json()
    revision = citation.cited_revision
    assert item["cited_article"] == {
        "article": revision.article_id,
        "title": revision.article.title,
        "revision": revision.pk,
        "revision_number": 1,
        "start": 0,
        "end": 12,
        "exact": "Dock workers",
    }


def test_an_editor_adds_a_web_citation(editor_client, editor):
    claim = ClaimFactory()
    response = editor_client.post(
        citations_url(claim),
        {"stance": "corroborates", "url": "https://data.stats.example/x", "title": "Series"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["source"]["domain"] == "data.stats.example"
    assert response["ETag"].startswith('"1-')
    claim.refresh_from_db()
    assert claim.version == 2
    assert editor in claim.contributors.all()


def test_an_editor_adds_a_passage_of_another_article(editor_client):
    claim = ClaimFactory()
    revision = other_article().current_revision
    response = editor_client.post(
        citations_url(claim),
        {
            "stance": "context",
            "cited_revision": revision.pk,
            "cited_start": 0,
            "cited_end": 12,
            "cited_exact": "Dock workers",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["cited_article"]["exact"] == "Dock workers"


def test_a_mismatching_quote_is_a_400(editor_client):
    claim = ClaimFactory()
    revision = other_article().current_revision
    response = editor_client.post(
        citations_url(claim),
        {
            "stance": "context",
            "cited_revision": revision.pk,
            "cited_start": 0,
            "cited_end": 12,
            "cited_exact": "Crane driver",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "does not match" in response.json()["errors"]["cited_exact"][0]


def test_citing_the_claims_own_article_is_a_400(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(
        citations_url(claim),
        {
            "stance": "context",
            "cited_revision": claim.revision_id,
            "cited_start": 0,
            "cited_end": 5,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "cited_revision" in response.json()["errors"]


def test_an_unknown_revision_is_a_400(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(
        citations_url(claim),
        {"stance": "context", "cited_revision": 999_999, "cited_start": 0, "cited_end": 5},
        content_type="application/json",
    )
    assert response.status_code == 400


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:,x", "ftp://x.example/", "https://"])
def test_a_bad_url_is_a_400_problem(editor_client, url):
    claim = ClaimFactory()
    response = editor_client.post(
        citations_url(claim), {"stance": "context", "url": url}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response.json()["errors"]["url"]


@pytest.mark.parametrize("client_fixture", ["reader_client", "reviewer_client"])
def test_only_editors_add_citations(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    response = client.post(
        citations_url(ClaimFactory()),
        {"stance": "context", "url": "https://x.example/"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Citation.objects.exists()


def test_citing_on_a_verified_claim_is_a_409_saying_what_to_do(editor_client):
    claim = claim_in(ClaimStatus.VERIFIED, citations=0)
    response = editor_client.post(
        citations_url(claim),
        {"stance": "context", "url": "https://x.example/"},
        content_type="application/json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["current"] == "verified"
    assert body["allowed"] == ["changes_requested", "draft"]
    assert "Reopen the claim" in body["detail"]


def test_patching_a_citation_changes_only_what_is_sent(editor_client):
    citation = CitationFactory(title="Old", note="Keep me")
    response = editor_client.patch(
        citation_url(citation), {"title": "New"}, content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["note"], body["version"]) == ("New", "Keep me", 2)


def test_putting_a_citation_replaces_it(editor_client):
    citation = CitationFactory(title="Old", note="Dropped")
    response = editor_client.put(
        citation_url(citation),
        {"stance": "conflicts", "url": "https://other.example/page"},
        content_type="application/json",
    )
    body = response.json()
    assert (body["stance"], body["title"], body["note"]) == ("conflicts", "", "")
    assert body["source"]["domain"] == "other.example"


def test_a_stale_if_match_is_a_412(editor_client):
    citation = CitationFactory()
    response = editor_client.patch(
        citation_url(citation), {"note": "x"}, content_type="application/json", HTTP_IF_MATCH='"5"'
    )
    assert response.status_code == 412


def test_patching_a_citation_of_a_verified_claim_is_a_409(editor_client):
    citation = CitationFactory(claim=claim_in(ClaimStatus.VERIFIED, citations=0))
    response = editor_client.patch(
        citation_url(citation), {"note": "x"}, content_type="application/json"
    )
    assert response.status_code == 409


def test_deleting_a_citation(editor_client):
    citation = CitationFactory()
    assert editor_client.delete(citation_url(citation)).status_code == 204
    assert not Citation.objects.exists()


def test_a_reviewer_deleting_a_citation_gets_403(reviewer_client):
    citation = CitationFactory()
    assert reviewer_client.delete(citation_url(citation)).status_code == 403


def test_a_citation_of_another_claim_is_not_found(reader_client):
    citation = CitationFactory()
    other = ClaimFactory(article=citation.claim.article)
    url = reverse("api-claim-citation-detail", args=[other.pk, citation.pk])
    assert reader_client.get(url).status_code == 404


def test_citations_of_a_missing_claim_are_not_found(reader_client):
    assert reader_client.get(reverse("api-claim-citation-list", args=[999_999])).status_code == 404


def test_the_citation_list_takes_constant_queries(
    reader_client, unthrottled, django_assert_max_num_queries
):
    claim = ClaimFactory()
    for _ in range(5):
        CitationFactory(claim=claim, source=SourceFactory())
    PassageCitationFactory(claim=claim)
    with django_assert_max_num_queries(5):
        assert len(reader_client.get(citations_url(claim)).json()["results"]) == 6


def test_a_source_read_again_with_its_etag_answers_304(reader_client):
    source = SourceFactory()
    url = reverse("api-source-detail", args=[source.pk])
    etag = reader_client.get(url)["ETag"]
    response = reader_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, response["ETag"]) == (304, etag)
