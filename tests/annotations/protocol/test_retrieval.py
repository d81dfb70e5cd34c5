"""Reading annotations and containers: every MUST and SHOULD of the W3C Web Annotation Protocol
sections 4 (Annotation Retrieval) and 5 (Annotation Containers), one test each, through the
whole Django stack (URLconf, middleware, authentication, views)."""

from __future__ import annotations

import re

import pytest

from tests.annotations.protocol.conftest import ANNOTATION_TYPE, CONTAINER, VERIFIED
from tests.factories import CitationFactory, ClaimFactory, TagFactory, VerifiedClaimFactory
from tests.w3c import assert_conforms

pytestmark = pytest.mark.django_db

LDP_RESOURCE_LINK = '<http://www.w3.org/ns/ldp#Resource>; rel="type"'
BASIC_CONTAINER_LINK = '<http://www.w3.org/ns/ldp#BasicContainer>; rel="type"'
PROTOCOL_CONSTRAINTS_LINK = (
    '<http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"'
)
MINIMAL = 'return=representation; include="http://www.w3.org/ns/ldp#PreferMinimalContainer"'
IRIS = 'return=representation; include="http://www.w3.org/ns/oa#PreferContainedIRIs"'
DESCRIPTIONS = (
    'return=representation; include="http://www.w3.org/ns/oa#PreferContainedDescriptions"'
)
STRONG_ETAG = re.compile(r'^"[^"]+"$')


def _methods(response) -> set[str]:
    return {method.strip() for method in response["Allow"].split(",")}


def _vary(response) -> set[str]:
    return {value.strip() for value in response["Vary"].split(",")}


def _links(response) -> list[str]:
    return [link.strip() for link in response["Link"].split(",")]


# Section 4: Annotation Retrieval ----------------------------------------------------------


def test_an_annotation_answers_get_head_and_options(editor_client, draft):
    path = f"/annotations/{draft.pk}"
    get = editor_client.get(path)
    head = editor_client.head(path)
    options = editor_client.options(path)
    assert (get.status_code, head.status_code, options.status_code) == (200, 200, 200)
    assert head.content == b""
    assert head["ETag"] == get["ETag"]


def test_an_annotation_is_profiled_json_ld_by_default(editor_client, draft):
    response = editor_client.get(f"/annotations/{draft.pk}")
    assert response["Content-Type"] == ANNOTATION_TYPE


def test_an_annotation_has_exactly_the_ldp_resource_type_link(editor_client, draft):
    response = editor_client.get(f"/annotations/{draft.pk}")
    assert response["Link"] == LDP_RESOURCE_LINK


def test_an_annotation_has_a_strong_etag_that_changes_with_it(editor_client, draft):
    before = editor_client.get(f"/annotations/{draft.pk}")["ETag"]
    draft.text = "Cargo rose by an eighth."
    draft.version += 1
    draft.save()
    after = editor_client.get(f"/annotations/{draft.pk}")["ETag"]
    assert STRONG_ETAG.match(before)
    assert STRONG_ETAG.match(after)
    assert before != after


def test_an_annotation_etag_changes_when_its_article_address_changes(editor_client, draft):
    before = editor_client.get(f"/annotations/{draft.pk}")["ETag"]
    draft.article.url = "https://news.example.org/moved"
    draft.article.save()
    assert editor_client.get(f"/annotations/{draft.pk}")["ETag"] != before


def test_an_annotation_lists_its_methods_in_allow(editor_client, draft):
    response = editor_client.get(f"/annotations/{draft.pk}")
    assert _methods(response) == {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}


def test_an_annotation_varies_by_accept_only(editor_client, draft):
    vary = _vary(editor_client.get(f"/annotations/{draft.pk}"))
    assert "Accept" in vary
    assert "Prefer" not in vary


def test_an_annotation_names_its_iri_in_content_location(editor_client, draft):
    response = editor_client.get(f"/annotations/{draft.pk}")
    assert response["Content-Location"] == response.json()["id"]
    assert response.json()["id"] == f"http://testserver/annotations/{draft.pk}"


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/ld+json", ANNOTATION_TYPE),
        (ANNOTATION_TYPE, ANNOTATION_TYPE),
        ("application/json", "application/json"),
        ("text/html, application/json;q=0.5", "application/json"),
        ("*/*", ANNOTATION_TYPE),
    ],
)
def test_an_annotation_is_negotiated_by_accept(editor_client, draft, accept, content_type):
    response = editor_client.get(f"/annotations/{draft.pk}", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type


@pytest.mark.parametrize(
    "accept",
    ["text/html", "text/turtle", 'application/ld+json; profile="http://www.w3.org/ns/ldp.jsonld"'],
)
def test_an_unsupported_accept_is_406_with_problem_details(editor_client, draft, accept):
    response = editor_client.get(f"/annotations/{draft.pk}", HTTP_ACCEPT=accept)
    assert response.status_code == 406
    assert response["Content-Type"] == "application/problem+json"
    assert "application/ld+json" in response.json()["detail"]


def test_an_annotation_answers_if_none_match_with_304(editor_client, draft):
    etag = editor_client.get(f"/annotations/{draft.pk}")["ETag"]
    response = editor_client.get(f"/annotations/{draft.pk}", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag


def test_annotation_iris_are_https_when_the_request_is(editor_client, draft):
    response = editor_client.get(f"/annotations/{draft.pk}", secure=True)
    assert response.json()["id"].startswith("https://testserver/annotations/")


def test_an_annotation_iri_has_no_trailing_slash_and_no_redirect(editor_client, draft):
    assert editor_client.get(f"/annotations/{draft.pk}").status_code == 200
    with_slash = editor_client.get(f"/annotations/{draft.pk}/")
    assert with_slash.status_code == 404
    assert "Location" not in with_slash
    assert with_slash["Content-Type"] == "application/problem+json"


def test_an_unknown_annotation_is_404_with_problem_details(editor_client, draft):
    for path in (f"/annotations/{draft.pk + 1000}", "/annotations/no-such-name", "/annotations/é"):
        response = editor_client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/problem+json"


def test_a_draft_annotation_passes_the_w3c_model_assertions(editor_client, draft):
    draft.note = "Ask the port for the tonnage table."
    draft.save()
    assert_conforms(editor_client.get(f"/annotations/{draft.pk}").json())


def test_a_verified_annotation_passes_the_w3c_model_assertions(editor_client):
    claim = VerifiedClaimFactory(verdict_note="Transfers inflate it a little.")
    assert_conforms(editor_client.get(f"/annotations/{claim.pk}").json())


def test_a_draft_shows_its_text_and_working_note_but_no_verdict(editor_client, draft):
    draft.text, draft.note = "The authority spoke on Monday.", "Check the minutes."
    draft.save()
    bodies = editor_client.get(f"/annotations/{draft.pk}").json()["body"]
    assert {(body["purpose"], body["value"]) for body in bodies} == {
        ("describing", "The authority spoke on Monday."),
        ("commenting", "Check the minutes."),
    }


def test_anonymous_clients_get_401_and_readers_read(client, reader_client, draft):
    assert client.get(f"/annotations/{draft.pk}").status_code == 401
    assert client.get(CONTAINER).status_code == 401
    assert reader_client.get(f"/annotations/{draft.pk}").status_code == 200


def test_a_token_reads_annotations(client, editor_token, draft):
    assert client.get(f"/annotations/{draft.pk}", **editor_token).status_code == 200


# Section 5: Annotation Containers ----------------------------------------------------------


@pytest.mark.parametrize("path", [CONTAINER, VERIFIED])
def test_a_container_iri_ends_with_a_slash(editor_client, path):
    response = editor_client.get(path)
    assert response.json()["id"].endswith("/")


@pytest.mark.parametrize("path", [CONTAINER, VERIFIED])
def test_a_container_answers_get_head_and_options(editor_client, draft, path):
    get, head, options = (
        editor_client.get(path),
        editor_client.head(path),
        editor_client.options(path),
    )
    assert (get.status_code, head.status_code, options.status_code) == (200, 200, 200)
    assert head.content == b""


@pytest.mark.parametrize("path", [CONTAINER, VERIFIED])
def test_a_container_is_a_basic_container_and_an_annotation_collection(editor_client, path):
    body = editor_client.get(path).json()
    assert body["type"] == ["BasicContainer", "AnnotationCollection"]
    assert body["@context"] == [
        "http://www.w3.org/ns/anno.jsonld",
        "http://www.w3.org/ns/ldp.jsonld",
    ]


@pytest.mark.parametrize("path", [CONTAINER, VERIFIED])
def test_a_container_without_accept_is_profiled_json_ld(editor_client, path):
    response = editor_client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == ANNOTATION_TYPE


def test_a_container_refuses_an_accept_it_cannot_serve_with_406(editor_client):
    response = editor_client.get(CONTAINER, HTTP_ACCEPT="text/turtle")
    assert response.status_code == 406
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_a_container_advertises_its_methods_in_allow(editor_client, method):
    assert _methods(getattr(editor_client, method)(CONTAINER)) == {"GET", "HEAD", "OPTIONS", "POST"}
    assert _methods(getattr(editor_client, method)(VERIFIED)) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize("method", ["get", "head", "options"])
@pytest.mark.parametrize("path", [CONTAINER, VERIFIED])
def test_a_container_links_its_type_and_its_constraints(editor_client, method, path):
    links = _links(getattr(editor_client, method)(path))
    assert BASIC_CONTAINER_LINK in links
    assert PROTOCOL_CONSTRAINTS_LINK in links


def test_the_constraints_document_the_link_names_exists(client, editor_client):
    links = _links(editor_client.get(CONTAINER))
    ours = [link for link in links if "constrainedBy" in link and "//testserver/" in link]
    assert len(ours) == 1
    target = ours[0].split(">")[0].lstrip("<")
    response = client.get(target)
    assert response.status_code == 200
    assert b"TextQuoteSelector" in response.content


@pytest.mark.parametrize("method", ["get", "head", "options"])
@pytest.mark.parametrize("path", [CONTAINER, VERIFIED])
def test_every_container_answer_has_a_strong_etag(editor_client, draft, method, path):
    assert STRONG_ETAG.match(getattr(editor_client, method)(path)["ETag"])


def test_a_container_etag_changes_when_its_contents_change(editor_client, draft):
    before = editor_client.get(CONTAINER)["ETag"]
    ClaimFactory(article=draft.article, start=30, end=40)
    assert editor_client.get(CONTAINER)["ETag"] != before


def test_a_container_answers_if_none_match_with_304(editor_client, draft):
    etag = editor_client.get(CONTAINER)["ETag"]
    assert editor_client.get(CONTAINER, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize("path", [CONTAINER, VERIFIED])
def test_a_container_varies_by_accept_and_prefer(editor_client, path):
    assert {"Accept", "Prefer"} <= _vary(editor_client.get(path))


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_the_writable_container_announces_accept_post(editor_client, method):
    response = getattr(editor_client, method)(CONTAINER)
    assert ANNOTATION_TYPE in response["Accept-Post"]
    assert "Accept-Post" not in getattr(editor_client, method)(VERIFIED)


def test_a_container_names_its_iri_in_content_location(editor_client, draft):
    response = editor_client.get(CONTAINER)
    assert response["Content-Location"] == response.json()["id"] == "http://testserver/annotations/"


def test_a_container_of_iris_has_an_iri_of_its_own(editor_client, draft):
    descriptions = editor_client.get(CONTAINER)
    iris = editor_client.get(CONTAINER, HTTP_PREFER=IRIS)
    assert iris.json()["id"] == "http://testserver/annotations/?iris=1"
    assert iris["Content-Location"] == iris.json()["id"]
    assert descriptions.json()["id"] != iris.json()["id"]


def test_a_container_has_total_first_and_last(editor_client, settings, article):
    settings.ANNOTATION_PAGE_SIZE = 2
    for start in (4, 30, 50):
        ClaimFactory(article=article, start=start, end=start + 10)
    body = editor_client.get(CONTAINER).json()
    assert body["total"] == 3
    assert body["first"]["id"] == "http://testserver/annotations/?page=1"
    assert body["last"] == "http://testserver/annotations/?page=2"


def test_an_empty_container_has_total_zero_and_one_empty_page(editor_client):
    body = editor_client.get(VERIFIED).json()
    assert body["total"] == 0
    assert body["first"]["items"] == []
    assert body["last"] == "http://testserver/annotations/verified/?page=1"


def test_without_preference_the_first_page_holds_whole_annotations(editor_client, draft):
    response = editor_client.get(CONTAINER)
    items = response.json()["first"]["items"]
    assert items == [editor_client.get(f"/annotations/{draft.pk}").json()]
    assert "Preference-Applied" not in response


def test_prefer_contained_descriptions_embeds_whole_annotations(editor_client, draft):
    response = editor_client.get(CONTAINER, HTTP_PREFER=DESCRIPTIONS)
    first = response.json()["first"]
    assert first["type"] == "AnnotationPage"
    assert first["items"][0]["type"] == "Annotation"
    assert first["items"][0]["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert response["Preference-Applied"] == "return=representation"


def test_prefer_contained_iris_embeds_only_iris(editor_client, draft):
    first = editor_client.get(CONTAINER, HTTP_PREFER=IRIS).json()["first"]
    assert first["type"] == "AnnotationPage"
    assert first["items"] == [f"http://testserver/annotations/{draft.pk}"]


def test_the_ldp_spelling_of_contained_iris_is_read_too(editor_client, draft):
    prefer = 'return=representation; include="http://www.w3.org/ns/ldp#PreferContainedIRIs"'
    first = editor_client.get(CONTAINER, HTTP_PREFER=prefer).json()["first"]
    assert first["items"] == [f"http://testserver/annotations/{draft.pk}"]


def test_prefer_minimal_container_embeds_no_annotations(editor_client, draft):
    response = editor_client.get(CONTAINER, HTTP_PREFER=MINIMAL)
    body = response.json()
    assert "items" not in body
    assert "ldp:contains" not in body
    assert "contains" not in body
    assert body["first"] == "http://testserver/annotations/?page=1"
    assert body["last"] == "http://testserver/annotations/?page=1"
    assert body["total"] == 1
    assert "Prefer" not in response


def test_minimal_with_contained_iris_links_pages_of_iris(editor_client, draft):
    prefer = (
        'return=representation; include="http://www.w3.org/ns/ldp#PreferMinimalContainer '
        'http://www.w3.org/ns/oa#PreferContainedIRIs"'
    )
    body = editor_client.get(CONTAINER, HTTP_PREFER=prefer).json()
    assert body["first"] == "http://testserver/annotations/?iris=1&page=1"
    page = editor_client.get(body["first"]).json()
    assert page["items"] == [f"http://testserver/annotations/{draft.pk}"]


def test_linked_pages_follow_the_descriptions_preference(editor_client, draft):
    body = editor_client.get(CONTAINER, HTTP_PREFER=MINIMAL).json()
    items = editor_client.get(body["first"]).json()["items"]
    assert items[0]["id"] == f"http://testserver/annotations/{draft.pk}"
    assert "@context" in items[0]


def test_asking_for_iris_and_descriptions_at_once_is_400(editor_client):
    prefer = (
        'return=representation; include="http://www.w3.org/ns/oa#PreferContainedIRIs '
        'http://www.w3.org/ns/oa#PreferContainedDescriptions"'
    )
    response = editor_client.get(CONTAINER, HTTP_PREFER=prefer)
    assert response.status_code == 400
    assert "exclude each other" in response.json()["detail"]


def test_other_preferences_are_ignored(editor_client, draft):
    response = editor_client.get(CONTAINER, HTTP_PREFER="respond-async, wait=10")
    assert response.status_code == 200
    assert "Preference-Applied" not in response


# Pages -------------------------------------------------------------------------------------


@pytest.fixture
def five_claims(article, settings):
    settings.ANNOTATION_PAGE_SIZE = 2
    return [
        ClaimFactory(article=article, start=start, end=start + 8) for start in (0, 10, 20, 30, 40)
    ]


def test_pages_link_to_their_container_previous_and_next(editor_client, five_claims):
    first = editor_client.get(CONTAINER).json()["first"]
    assert first["partOf"] == "http://testserver/annotations/"
    assert "prev" not in first
    second = editor_client.get(first["next"]).json()
    assert second["partOf"]["id"] == "http://testserver/annotations/"
    assert second["partOf"]["total"] == 5
    assert second["prev"] == "http://testserver/annotations/?page=1"
    assert second["next"] == "http://testserver/annotations/?page=3"
    last = editor_client.get(second["next"]).json()
    assert last["prev"] == "http://testserver/annotations/?page=2"
    assert "next" not in last


def test_pages_give_their_start_index(editor_client, five_claims):
    indexes = [editor_client.get(f"{CONTAINER}?page={n}").json()["startIndex"] for n in (1, 2, 3)]
    assert indexes == [0, 2, 4]


def test_following_next_lists_every_annotation_once_in_order(editor_client, five_claims):
    seen, url = [], "http://testserver/annotations/?page=1"
    while url:
        page = editor_client.get(url).json()
        seen.extend(item["id"] for item in page["items"])
        url = page.get("next")
    assert seen == [f"http://testserver/annotations/{claim.pk}" for claim in five_claims]


def test_a_page_is_json_ld_with_an_etag_and_no_container_link(editor_client, five_claims):
    response = editor_client.get(f"{CONTAINER}?page=2")
    assert response["Content-Type"] == ANNOTATION_TYPE
    assert STRONG_ETAG.match(response["ETag"])
    assert response.json()["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert response.json()["type"] == "AnnotationPage"


@pytest.mark.parametrize(
    ("query", "status"), [("page=4", 404), ("page=0", 400), ("page=x", 400), ("iris=2", 400)]
)
def test_pages_out_of_range_or_malformed_are_refused(editor_client, five_claims, query, status):
    response = editor_client.get(f"{CONTAINER}?{query}")
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"


def test_posting_to_a_page_is_405_with_the_pages_methods(editor_client, five_claims, article):
    response = editor_client.post(f"{CONTAINER}?page=1", {}, content_type=ANNOTATION_TYPE)
    assert response.status_code == 405
    assert _methods(response) == {"GET", "HEAD", "OPTIONS"}


def test_a_container_page_costs_the_same_queries_for_one_claim_or_many(
    editor_client, article, django_assert_num_queries
):
    ClaimFactory(article=article, start=0, end=8)
    editor_client.get(CONTAINER)  # the session and user are loaded once, like any request
    with django_assert_num_queries(6) as one:
        editor_client.get(CONTAINER)
    for start in range(10, 200, 10):
        ClaimFactory(article=article, start=start, end=start + 8)
    with django_assert_num_queries(len(one.captured_queries)):
        editor_client.get(CONTAINER)


# The verified container --------------------------------------------------------------------


def test_the_verified_container_holds_only_verified_claims(editor_client, draft):
    verified = VerifiedClaimFactory()
    items = editor_client.get(VERIFIED).json()["first"]["items"]
    assert [item["id"] for item in items] == [f"http://testserver/annotations/{verified.pk}"]
    everything = editor_client.get(CONTAINER).json()["first"]["items"]
    assert len(everything) == 2


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_the_verified_container_is_read_only_405_with_allow(editor_client, method):
    response = getattr(editor_client, method)(VERIFIED, "{}", content_type=ANNOTATION_TYPE)
    assert response.status_code == 405
    assert _methods(response) == {"GET", "HEAD", "OPTIONS"}
    assert response["Content-Type"] == "application/problem+json"
    assert "read-only" in response.json()["detail"]
    assert BASIC_CONTAINER_LINK in _links(response)
    assert PROTOCOL_CONSTRAINTS_LINK in _links(response)


@pytest.mark.parametrize("method", ["post", "patch"])
def test_an_annotation_refuses_other_methods_with_405_and_allow(editor_client, draft, method):
    response = getattr(editor_client, method)(
        f"/annotations/{draft.pk}", "{}", content_type=ANNOTATION_TYPE
    )
    assert response.status_code == 405
    assert _methods(response) == {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}


def test_an_annotation_costs_the_same_queries_whatever_its_evidence(
    editor_client, draft, django_assert_num_queries
):
    editor_client.get(f"/annotations/{draft.pk}")
    with django_assert_num_queries(5) as bare:
        editor_client.get(f"/annotations/{draft.pk}")
    for index in range(5):
        CitationFactory(claim=draft, url=f"https://stats.example.gov/table-{index}")
        draft.tags.add(TagFactory())
    with django_assert_num_queries(len(bare.captured_queries)):
        response = editor_client.get(f"/annotations/{draft.pk}")
    assert len([b for b in response.json()["body"] if b["purpose"] == "linking"]) == 5
