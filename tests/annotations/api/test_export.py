"""`GET /api/v1/export/claims/` and `/api/v1/claims/<pk>.jsonld`: formats, filters, paging,
permissions and HTTP caching."""

import csv
import io
from datetime import timedelta

import orjson
import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from annotations.models import ExportChange
from annotations.roles import Role
from tests.factories import (
    CitationFactory,
    OwnArticleClaimFactory,
    PasswordlessUserFactory,
    SourceFactory,
    TagFactory,
    VerifiedClaimFactory,
    distinct_article,
)

pytestmark = pytest.mark.django_db

EXPORT = reverse("api-export-claims")


@pytest.fixture
def service_account():
    """A consumer's account: no role at all."""
    return PasswordlessUserFactory(username="newsroom_cms")


@pytest.fixture
def token_header(service_account):
    token = Token.objects.create(user=service_account)
    return {"HTTP_AUTHORIZATION": f"Token {token.key}"}


def _get(client, headers, **params):
    return client.get(EXPORT, params, **headers)


def _streamed_text(response) -> str:
    return b"".join(response.streaming_content).decode()


# Access ---------------------------------------------------------------------------------------


def test_service_account_without_a_role_reads_the_export(client, token_header):
    VerifiedClaimFactory()
    response = _get(client, token_header)
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_a_signed_in_user_reads_the_export_with_the_browser_session(reader_client):
    VerifiedClaimFactory()
    assert reader_client.get(EXPORT).status_code == 200


def test_anonymous_requests_are_refused(client):
    response = client.get(EXPORT)
    assert response.status_code in {401, 403}
    assert response["Content-Type"] == "application/problem+json"


def test_only_verified_claims_are_exported(client, token_header):
    verified = VerifiedClaimFactory()
    OwnArticleClaimFactory(status="draft")
    OwnArticleClaimFactory(status="rejected")
    results = _get(client, token_header).json()["results"]
    assert [claim["id"] for claim in results] == [verified.pk]


# The JSON shape -----------------------------------------------------------------------------


def test_json_claim_carries_article_verdict_citations_reviewer_and_permalink(client, token_header):
    reviewer = PasswordlessUserFactory(
        first_name="Ines", last_name="Okafor", roles=(Role.REVIEWER,)
    )
    article = distinct_article(title="Port figures", url="https://news.example.org/port")
    claim = VerifiedClaimFactory(
        article=article,
        start=4,
        end=20,
        text="Cargo volumes rose by 12 percent.",
        verdict="mostly_true",
        verdict_note="Transfers inflate the figure a little.",
        verified_by=reviewer,
        tags=[TagFactory(name="economy")],
    )
    source = SourceFactory(name="Port Statistics", domain="ports.example.gov", reliability="high")
    CitationFactory(claim=claim, source=source, stance="conflicts", quote="Up 9 percent.")

    item = _get(client, token_header).json()["results"][0]

    assert item["text"] == "Cargo volumes rose by 12 percent."
    assert item["quote"]["exact"] == claim.exact
    assert item["selectors"] == [
        {"type": "TextQuoteSelector", "exact": claim.exact, "prefix": claim.prefix,
         "suffix": claim.suffix},
        {"type": "TextPositionSelector", "start": 4, "end": 20},
    ]  # fmt: skip
    assert item["article"]["title"] == "Port figures"
    assert item["article"]["url"] == "https://news.example.org/port"
    assert item["article"]["publisher"] == "Coastal Ledger"
    assert item["tags"] == ["economy"]
    assert item["verdict"] == {
        "value": "mostly_true",
        "label": "Mostly true",
        "definition": "Accurate, but needs clarification or added context.",
        "rating_value": 4,
    }
    assert item["verdict_note"] == "Transfers inflate the figure a little."
    citation = item["citations"][0]
    assert citation["stance"] == "conflicts"
    assert citation["quote"] == "Up 9 percent."
    assert citation["url"] == "https://ports.example.gov/report"
    assert citation["source"] == {
        "name": "Port Statistics",
        "domain": "ports.example.gov",
        "kind": "government_agency",
        "reliability": "high",
    }
    assert item["reviewer"] == {"username": reviewer.username, "display_name": "Ines Okafor"}
    assert item["verified_at"].endswith("Z")
    assert item["permalink"] == f"http://testserver/factchecks/{claim.pk}/"


def test_a_citation_of_another_article_links_to_its_page_in_the_app(client, token_header):
    claim = VerifiedClaimFactory()
    other = distinct_article()
    CitationFactory(
        claim=claim,
        source=None,
        url="",
        cited_revision=other.current_revision,
        cited_start=0,
        cited_end=10,
        cited_exact=other.current_revision.text[:10],
    )
    citation = _get(client, token_header).json()["results"][0]["citations"][0]
    assert citation["url"] is None
    assert citation["article"]["id"] == other.pk
    assert citation["article"]["url"] == f"http://testserver/articles/{other.pk}/"
    assert citation["article"]["selectors"][1] == {
        "type": "TextPositionSelector",
        "start": 0,
        "end": 10,
    }


# Filters --------------------------------------------------------------------------------------


def test_filters_by_article(client, token_header):
    wanted = VerifiedClaimFactory()
    VerifiedClaimFactory()
    results = _get(client, token_header, article=wanted.article_id).json()["results"]
    assert [claim["id"] for claim in results] == [wanted.pk]


def test_filters_by_tag_name_in_any_case_or_by_tag_id(client, token_header):
    tag = TagFactory(name="Health")
    wanted = VerifiedClaimFactory(tags=[tag])
    VerifiedClaimFactory(tags=[TagFactory(name="sport")])
    by_name = _get(client, token_header, tag="health").json()["results"]
    by_id = _get(client, token_header, tag=str(tag.pk)).json()["results"]
    assert [claim["id"] for claim in by_name] == [claim["id"] for claim in by_id] == [wanted.pk]


def test_filters_by_verdict(client, token_header):
    wanted = VerifiedClaimFactory(verdict="false")
    VerifiedClaimFactory(verdict="true")
    results = _get(client, token_header, verdict="false").json()["results"]
    assert [claim["id"] for claim in results] == [wanted.pk]


def test_filters_by_reviewer_username_or_id(client, token_header):
    reviewer = PasswordlessUserFactory(username="rev_ana", roles=(Role.REVIEWER,))
    wanted = VerifiedClaimFactory(verified_by=reviewer)
    VerifiedClaimFactory()
    by_name = _get(client, token_header, reviewer="rev_ana").json()["results"]
    by_id = _get(client, token_header, reviewer=str(reviewer.pk)).json()["results"]
    assert [claim["id"] for claim in by_name] == [claim["id"] for claim in by_id] == [wanted.pk]


def test_filters_by_updated_since(client, token_header):
    old = VerifiedClaimFactory()
    recent = VerifiedClaimFactory()
    cutoff = timezone.now() - timedelta(hours=1)
    ExportChange.objects.filter(claim_id=old.pk).update(changed_at=cutoff - timedelta(days=1))
    results = _get(client, token_header, updated_since=cutoff.isoformat()).json()["results"]
    assert [claim["id"] for claim in results] == [recent.pk]


def test_an_unparsable_updated_since_is_a_400_problem_that_says_how_to_write_it(
    client, token_header
):
    response = _get(client, token_header, updated_since="last tuesday")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert "updated_since" in problem["detail"]
    assert "ISO 8601" in problem["detail"]
    assert "updated_since" in problem["errors"]


@pytest.mark.parametrize(
    ("name", "value"),
    [("verdict", "probably"), ("article", "first"), ("page_size", "0"), ("page_size", "1001")],
)
def test_bad_parameters_are_400_problems(client, token_header, name, value):
    response = _get(client, token_header, **{name: value})
    assert response.status_code == 400
    assert name in response.json()["detail"]


def test_a_forged_cursor_is_a_400_problem(client, token_header):
    response = _get(client, token_header, cursor="not-a-cursor")
    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


# Paging ---------------------------------------------------------------------------------------


def test_a_first_sync_follows_the_next_link_and_link_header_to_every_claim(client, token_header):
    claims = [VerifiedClaimFactory() for _ in range(5)]
    seen, url, pages = [], None, 0
    response = _get(client, token_header, page_size=2)
    while True:
        pages += 1
        body = response.json()
        seen += [claim["id"] for claim in body["results"]]
        url = body["next"]
        if url is None:
            assert 'rel="next"' not in response["Link"]
            break
        assert f'<{url}>; rel="next"' in response["Link"]
        response = client.get(url, **token_header)
    assert pages == 3
    assert seen == [claim.pk for claim in claims]
    assert body["count"] == 5


def test_a_page_costs_a_constant_number_of_queries(
    client, token_header, unthrottled, django_assert_max_num_queries
):
    article, tag = distinct_article(), TagFactory(name="economy")
    reviewer = PasswordlessUserFactory(roles=(Role.REVIEWER,))
    for start in range(30):
        claim = VerifiedClaimFactory(
            article=article, start=start, end=start + 5, verified_by=reviewer, tags=[tag]
        )
        CitationFactory(claim=claim)
    with django_assert_max_num_queries(12):
        response = _get(client, token_header, page_size=25)
    assert len(response.json()["results"]) == 25


# Formats and negotiation -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/x-ndjson", "application/x-ndjson"),
        ("text/csv", "text/csv; charset=utf-8; header=present"),
        ("application/ld+json", 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'),
        (
            'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
            'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
        ),
        ("application/json", "application/json"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "application/json"),
    ],
)
def test_the_accept_header_chooses_the_format(client, token_header, accept, content_type):
    VerifiedClaimFactory()
    response = client.get(EXPORT, HTTP_ACCEPT=accept, **token_header)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type


def test_the_format_parameter_overrides_the_accept_header(client, token_header):
    response = client.get(EXPORT, {"format": "csv"}, HTTP_ACCEPT="application/json", **token_header)
    assert response["Content-Type"].startswith("text/csv")


def test_an_unknown_format_is_a_406_problem(client, token_header):
    response = _get(client, token_header, format="xml")
    assert response.status_code == 406
    assert response["Content-Type"] == "application/problem+json"
    assert "claimreview" in response.json()["detail"]


def test_an_unacceptable_accept_header_is_a_406_problem(client, token_header):
    response = client.get(EXPORT, HTTP_ACCEPT="image/png", **token_header)
    assert response.status_code == 406
    assert "text/csv" in response.json()["detail"]


def test_ndjson_streams_one_claim_per_line(client, token_header):
    claims = [VerifiedClaimFactory() for _ in range(3)]
    response = _get(client, token_header, format="ndjson")
    assert isinstance(response, StreamingHttpResponse)
    lines = [orjson.loads(line) for line in _streamed_text(response).splitlines()]
    assert [line["id"] for line in lines] == [claim.pk for claim in claims]
    assert {line["type"] for line in lines} == {"claim"}


def test_csv_streams_a_header_and_one_row_per_claim(client, token_header):
    claim = VerifiedClaimFactory(verdict="false")
    CitationFactory(claim=claim, stance="conflicts")
    CitationFactory(claim=claim, stance="conflicts")
    CitationFactory(claim=claim, stance="context")
    response = _get(client, token_header, format="csv")
    assert isinstance(response, StreamingHttpResponse)
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(_streamed_text(response))))
    assert len(rows) == 1
    row = rows[0]
    assert row["record"] == "claim"
    assert row["claim_id"] == str(claim.pk)
    assert row["verdict_label"] == "False"
    assert (row["citations_corroborates"], row["citations_conflicts"]) == ("0", "2")
    assert row["citations_context"] == "1"
    assert row["citation_urls"].count("; ") == 2


def test_streamed_formats_refuse_paging_parameters(client, token_header):
    response = _get(client, token_header, format="ndjson", page_size="10")
    assert response.status_code == 400
    assert "streamed" in response.json()["detail"]


def test_jsonld_first_page_is_a_collection_with_its_first_page_embedded(client, token_header):
    claims = [VerifiedClaimFactory() for _ in range(3)]
    body = _get(client, token_header, format="jsonld", page_size=2).json()
    assert body["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert body["type"] == "AnnotationCollection"
    assert body["total"] == 3
    first = body["first"]
    assert first["type"] == "AnnotationPage"
    assert first["partOf"] == body["id"]
    assert first["startIndex"] == 0
    assert [item["id"] for item in first["items"]] == [
        f"http://testserver/annotations/{claim.pk}" for claim in claims[:2]
    ]

    assert body["last"] == first["next"]

    later = client.get(first["next"], **token_header).json()
    assert later["type"] == "AnnotationPage"
    assert later["id"] == body["last"]
    assert later["startIndex"] == 2
    assert later["partOf"]["id"] == body["id"]
    assert later["partOf"]["total"] == 3
    assert (later["partOf"]["first"], later["partOf"]["last"]) == (first["id"], body["last"])
    assert later["prev"] == first["id"]
    assert "next" not in later
    assert [item["id"] for item in later["items"]] == [
        f"http://testserver/annotations/{claims[2].pk}"
    ]


def test_claimreview_format_is_an_array_of_claimreviews(client, token_header):
    VerifiedClaimFactory()
    response = _get(client, token_header, format="claimreview")
    assert response["Content-Type"] == "application/ld+json"
    reviews = response.json()
    assert [review["@type"] for review in reviews] == ["ClaimReview"]


# HTTP caching ---------------------------------------------------------------------------------


def test_the_export_answers_304_while_nothing_changed(client, token_header):
    VerifiedClaimFactory()
    first = _get(client, token_header)
    etag = first["ETag"]
    assert etag.startswith('W/"')
    again = client.get(EXPORT, HTTP_IF_NONE_MATCH=etag, **token_header)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again.content == b""


def test_the_etag_changes_when_a_claim_is_verified(client, token_header):
    VerifiedClaimFactory()
    etag = _get(client, token_header)["ETag"]
    VerifiedClaimFactory()
    assert client.get(EXPORT, HTTP_IF_NONE_MATCH=etag, **token_header).status_code == 200


def test_the_etag_changes_when_a_claim_is_withdrawn(client, token_header):
    claim = VerifiedClaimFactory()
    etag = _get(client, token_header)["ETag"]
    claim.delete()
    assert client.get(EXPORT, HTTP_IF_NONE_MATCH=etag, **token_header).status_code == 200


def test_each_format_and_filter_has_its_own_etag(client, token_header):
    VerifiedClaimFactory(verdict="true")
    etags = {
        _get(client, token_header)["ETag"],
        _get(client, token_header, format="jsonld")["ETag"],
        _get(client, token_header, verdict="true")["ETag"],
    }
    assert len(etags) == 3


# One claim as JSON-LD -----------------------------------------------------------------------


def test_a_verified_claim_is_served_alone_as_a_web_annotation(client, token_header):
    claim = VerifiedClaimFactory()
    url = reverse("api-claim-jsonld", args=[claim.pk])
    response = client.get(url, **token_header)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    )
    annotation = response.json()
    assert annotation["id"] == f"http://testserver/annotations/{claim.pk}"
    assert annotation["type"] == "Annotation"


def test_a_claim_that_is_not_verified_has_no_annotation(client, token_header):
    claim = OwnArticleClaimFactory(status="submitted", submitted_at=timezone.now())
    response = client.get(reverse("api-claim-jsonld", args=[claim.pk]), **token_header)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_the_single_annotation_answers_304_while_unchanged(client, token_header):
    claim = VerifiedClaimFactory()
    url = reverse("api-claim-jsonld", args=[claim.pk])
    etag = client.get(url, **token_header)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag, **token_header).status_code == 304
