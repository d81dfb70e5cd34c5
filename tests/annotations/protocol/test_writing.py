"""Creating, replacing and deleting annotations: the W3C Web Annotation Protocol's section 6
(every MUST and SHOULD, one test each), its error conditions, and the claims API's rules, which
hold here unchanged (editors only, drafts and changes-requested only)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from annotations.models import Claim, ExportChange, RetiredAnnotationName
from annotations.workflow import ClaimStatus
from tests.annotations.protocol.conftest import (
    ANNOTATION_TYPE,
    CONTAINER,
    QUOTE,
    new_annotation,
    send,
)
from tests.factories import ArticleFactory, ClaimFactory, TagFactory, VerifiedClaimFactory
from tests.w3c import assert_conforms

pytestmark = pytest.mark.django_db

CONSTRAINTS_LINK = "http://testserver/annotation-protocol/constraints/"


def _snapshot() -> list[tuple]:
    return list(Claim.objects.order_by("id").values_list("id", "version", "text", "note", "slug"))


# Section 6.1: Create a New Annotation ------------------------------------------------------


def test_creating_an_annotation_answers_201_with_location_and_etag(editor_client, article):
    response = send(editor_client, "post", CONTAINER, new_annotation(article))
    assert response.status_code == 201
    claim = Claim.objects.get()
    assert response["Location"] == f"http://testserver/annotations/{claim.pk}"
    assert response["ETag"].startswith('"')
    assert response["Content-Type"] == ANNOTATION_TYPE


def test_the_new_annotation_id_is_the_container_iri_plus_one_segment(editor_client, article):
    annotation = send(editor_client, "post", CONTAINER, new_annotation(article)).json()
    container = "http://testserver/annotations/"
    assert annotation["id"].startswith(container)
    assert "/" not in annotation["id"].removeprefix(container)


def test_the_location_is_the_id_of_the_new_annotation(editor_client, article):
    response = send(editor_client, "post", CONTAINER, new_annotation(article))
    assert response["Location"] == response.json()["id"]


def test_the_answer_is_the_annotation_as_stored(editor_client, article):
    response = send(editor_client, "post", CONTAINER, new_annotation(article))
    assert response.json() == editor_client.get(response["Location"]).json()
    assert response["ETag"] == editor_client.get(response["Location"])["ETag"]


def test_a_client_id_is_replaced_and_kept_as_via(editor_client, article):
    sent = new_annotation(article, id="https://annotator.example/anno/7")
    annotation = send(editor_client, "post", CONTAINER, sent).json()
    assert annotation["id"].startswith("http://testserver/annotations/")
    assert annotation["via"] == "https://annotator.example/anno/7"


def test_canonical_is_kept_unchanged(editor_client, article):
    sent = new_annotation(article, canonical="urn:uuid:1f0c7f34-3b1b-4b5e-9d1c-5d6b3a6f1e2a")
    annotation = send(editor_client, "post", CONTAINER, sent).json()
    assert annotation["canonical"] == "urn:uuid:1f0c7f34-3b1b-4b5e-9d1c-5d6b3a6f1e2a"


def test_two_annotations_may_share_a_canonical_iri(editor_client, article):
    sent = new_annotation(article, canonical="urn:uuid:shared")
    first = send(editor_client, "post", CONTAINER, sent)
    sent["target"]["selector"] = {"type": "TextPositionSelector", "start": 4, "end": 20}
    second = send(editor_client, "post", CONTAINER, sent)
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["canonical"] == second.json()["canonical"] == "urn:uuid:shared"


def test_bodies_become_the_claims_text_tags_and_note(editor_client, article):
    sent = new_annotation(
        article,
        body=[
            {"type": "TextualBody", "purpose": "describing", "value": "Cargo rose 12%."},
            {"type": "TextualBody", "purpose": "tagging", "value": "shipping"},
            {"type": "TextualBody", "purpose": "tagging", "value": "economy"},
            {"type": "TextualBody", "purpose": "commenting", "value": "Ask the port."},
        ],
    )
    send(editor_client, "post", CONTAINER, sent)
    claim = Claim.objects.get()
    assert (claim.text, claim.note, claim.exact) == ("Cargo rose 12%.", "Ask the port.", QUOTE)
    assert sorted(tag.name for tag in claim.tags.all()) == ["economy", "shipping"]
    assert claim.status == ClaimStatus.DRAFT.value


def test_a_body_without_purpose_takes_the_motivation_or_is_a_comment(editor_client, article):
    tagging = new_annotation(
        article, motivation="tagging", body={"type": "TextualBody", "value": "ports"}
    )
    send(editor_client, "post", CONTAINER, tagging)
    comment = new_annotation(article, body=None, bodyValue="I like this page!")
    comment["target"]["selector"] = {"type": "TextPositionSelector", "start": 4, "end": 20}
    send(editor_client, "post", CONTAINER, comment)
    first, second = Claim.objects.order_by("id")
    assert [tag.name for tag in first.tags.all()] == ["ports"]
    assert second.note == "I like this page!"
    assert second.text == second.exact  # no describing body: the quote is the claim


def test_an_existing_tag_is_reused_in_any_case(editor_client, article):
    tag = TagFactory(name="Shipping")
    send(editor_client, "post", CONTAINER, new_annotation(article))
    assert list(Claim.objects.get().tags.all()) == [tag]


@pytest.mark.parametrize(
    "source",
    [
        "http://testserver/articles/{pk}/",
        "http://testserver/api/v1/articles/{pk}/",
        "/articles/{pk}/",
    ],
)
def test_the_target_may_be_the_articles_page_or_api_url(editor_client, article, source):
    sent = new_annotation(article)
    sent["target"]["source"] = source.format(pk=article.pk)
    assert send(editor_client, "post", CONTAINER, sent).status_code == 201


def test_the_target_may_be_the_unique_original_url(editor_client, article):
    sent = new_annotation(article)
    sent["target"]["source"] = article.url
    assert send(editor_client, "post", CONTAINER, sent).status_code == 201
    assert Claim.objects.get().article == article


def test_an_original_url_that_two_articles_share_is_400(editor_client, article):
    ArticleFactory(url=article.url, text="Another text of the same page. " + QUOTE)
    sent = new_annotation(article)
    sent["target"]["source"] = article.url
    response = send(editor_client, "post", CONTAINER, sent)
    assert response.status_code == 400
    assert "2 articles" in response.json()["detail"]
    assert not Claim.objects.exists()


def test_a_position_and_quote_selector_pair_is_read(editor_client, article):
    sent = new_annotation(article)
    sent["target"]["selector"] = [
        {"type": "TextPositionSelector", "start": 42, "end": 74},
        {"type": "TextQuoteSelector", "exact": QUOTE},
    ]
    assert send(editor_client, "post", CONTAINER, sent).status_code == 201
    assert (Claim.objects.get().start, Claim.objects.get().end) == (42, 74)


def test_a_created_annotation_passes_the_w3c_model_assertions(editor_client, article):
    assert_conforms(send(editor_client, "post", CONTAINER, new_annotation(article)).json())


def test_the_slug_names_the_annotation(editor_client, article):
    response = send(
        editor_client, "post", CONTAINER, new_annotation(article), HTTP_SLUG='"Port volumes 2024!"'
    )
    assert response["Location"] == "http://testserver/annotations/port-volumes-2024"
    assert editor_client.get("/annotations/port-volumes-2024").json()["id"] == response["Location"]
    claim = Claim.objects.get()
    assert editor_client.get(f"/annotations/{claim.pk}").json()["id"] == response["Location"]


@pytest.mark.parametrize("slug", ["12345", "verified", "!!!", ""])
def test_a_slug_that_could_be_misread_is_ignored(editor_client, article, slug):
    response = send(editor_client, "post", CONTAINER, new_annotation(article), HTTP_SLUG=slug)
    assert response["Location"] == f"http://testserver/annotations/{Claim.objects.get().pk}"


def test_a_taken_slug_is_ignored(editor_client, article):
    send(editor_client, "post", CONTAINER, new_annotation(article), HTTP_SLUG="port")
    second = new_annotation(article)
    second["target"]["selector"] = {"type": "TextPositionSelector", "start": 4, "end": 20}
    response = send(editor_client, "post", CONTAINER, second, HTTP_SLUG="port")
    assert response.status_code == 201
    assert response["Location"] == f"http://testserver/annotations/{Claim.objects.latest('id').pk}"


def test_the_name_of_a_deleted_annotation_is_never_given_again(editor_client, article):
    first = send(editor_client, "post", CONTAINER, new_annotation(article), HTTP_SLUG="port")
    assert editor_client.delete(first["Location"]).status_code == 204
    again = send(editor_client, "post", CONTAINER, new_annotation(article), HTTP_SLUG="port")
    assert again.status_code == 201
    assert again["Location"] != first["Location"]
    assert RetiredAnnotationName.objects.filter(slug="port").exists()


def test_a_deleted_annotation_that_had_a_name_is_410_gone(editor_client, article):
    created = send(editor_client, "post", CONTAINER, new_annotation(article), HTTP_SLUG="port")
    editor_client.delete(created["Location"])
    response = editor_client.get(created["Location"])
    assert response.status_code == 410
    assert response["Content-Type"] == "application/problem+json"


def test_a_deleted_claim_that_was_once_exported_is_410_gone(editor_client):
    pk = VerifiedClaimFactory().pk
    Claim.objects.filter(pk=pk).delete()
    assert editor_client.get(f"/annotations/{pk}").status_code == 410
    assert editor_client.delete(f"/annotations/{pk}").status_code == 410


def test_the_creation_answer_carries_the_containers_links(editor_client, article):
    response = send(editor_client, "post", CONTAINER, new_annotation(article))
    assert '<http://www.w3.org/ns/ldp#BasicContainer>; rel="type"' in response["Link"]
    assert CONSTRAINTS_LINK in response["Link"]


# Section 6.3: Update an Existing Annotation ------------------------------------------------


@pytest.fixture
def created(editor_client, article):
    response = send(editor_client, "post", CONTAINER, new_annotation(article, canonical="urn:x:1"))
    return response


def test_put_replaces_the_annotation_and_answers_200_with_its_new_state(editor_client, created):
    document = created.json()
    document["body"] = [
        {"type": "TextualBody", "purpose": "describing", "value": "Volumes grew by 12%."},
        {"type": "TextualBody", "purpose": "tagging", "value": "trade"},
    ]
    response = send(
        editor_client, "put", created["Location"], document, HTTP_IF_MATCH=created["ETag"]
    )
    assert response.status_code == 200
    assert response.json() == editor_client.get(created["Location"]).json()
    claim = Claim.objects.get()
    assert claim.text == "Volumes grew by 12%."
    assert [tag.name for tag in claim.tags.all()] == ["trade"]
    assert claim.note == ""
    assert response["ETag"] != created["ETag"]


def test_put_moves_the_span_within_the_article(editor_client, created):
    document = created.json()
    document["target"]["selector"] = {"type": "TextPositionSelector", "start": 4, "end": 20}
    response = send(editor_client, "put", created["Location"], document)
    assert response.status_code == 200
    assert (Claim.objects.get().start, Claim.objects.get().end) == (4, 20)


def test_sending_back_what_was_read_changes_nothing(editor_client, created):
    before = _snapshot()
    response = send(
        editor_client, "put", created["Location"], created.json(), HTTP_IF_MATCH=created["ETag"]
    )
    assert response.status_code == 200
    assert response.json() == created.json()
    assert _snapshot() == before


def test_put_with_a_stale_if_match_is_412_and_changes_nothing(editor_client, created):
    document = created.json()
    send(editor_client, "put", created["Location"], document | {"bodyValue": "A first change."})
    before = _snapshot()
    response = send(
        editor_client,
        "put",
        created["Location"],
        document | {"bodyValue": "A second change."},
        HTTP_IF_MATCH=created["ETag"],
    )
    assert response.status_code == 412
    assert response["Content-Type"] == "application/problem+json"
    assert _snapshot() == before


def test_a_weak_if_match_never_matches(editor_client, created):
    response = send(
        editor_client,
        "put",
        created["Location"],
        created.json(),
        HTTP_IF_MATCH=f"W/{created['ETag']}",
    )
    assert response.status_code == 412


def test_changing_canonical_is_409_and_changes_nothing(editor_client, created):
    before = _snapshot()
    document = created.json() | {"canonical": "urn:x:2"}
    response = send(editor_client, "put", created["Location"], document)
    assert response.status_code == 409
    assert "canonical" in response.json()["detail"]
    assert _snapshot() == before


def test_via_may_be_set_once_then_stays(editor_client, created):
    document = created.json() | {"via": "https://annotator.example/anno/1"}
    assert send(editor_client, "put", created["Location"], document).status_code == 200
    assert Claim.objects.get().via == "https://annotator.example/anno/1"
    changed = document | {"via": "https://annotator.example/anno/2"}
    assert send(editor_client, "put", created["Location"], changed).status_code == 409


def test_moving_an_annotation_to_another_article_is_409(editor_client, created):
    other = ArticleFactory(text="Another article that also says " + QUOTE + ".")
    document = created.json()
    document["target"]["source"] = f"http://testserver/articles/{other.pk}/"
    before = _snapshot()
    response = send(editor_client, "put", created["Location"], document)
    assert response.status_code == 409
    assert _snapshot() == before


def test_a_body_id_other_than_the_annotations_iri_is_400(editor_client, created):
    document = created.json() | {"id": "http://testserver/annotations/999999"}
    assert send(editor_client, "put", created["Location"], document).status_code == 400


def test_a_verified_claim_cannot_be_replaced_409_with_the_allowed_states(editor_client):
    claim = VerifiedClaimFactory()
    document = editor_client.get(f"/annotations/{claim.pk}").json()
    response = send(editor_client, "put", f"/annotations/{claim.pk}", document)
    assert response.status_code == 409
    assert response.json()["current"] == "verified"
    assert set(response.json()["allowed"]) == {"draft", "changes_requested"}


def test_a_claim_with_changes_requested_can_be_replaced(editor_client, editor, article):
    claim = ClaimFactory(
        article=article, created_by=editor, start=4, end=20, status="changes_requested"
    )
    document = editor_client.get(f"/annotations/{claim.pk}").json() | {"bodyValue": "Sourced now."}
    assert send(editor_client, "put", f"/annotations/{claim.pk}", document).status_code == 200


def test_an_assessing_body_is_409(editor_client, created):
    document = created.json()
    document["body"].append({"type": "TextualBody", "purpose": "assessing", "value": "True"})
    assert send(editor_client, "put", created["Location"], document).status_code == 409


def test_linking_bodies_are_the_evidence_and_are_left_alone(editor_client, created):
    document = created.json()
    document["body"].append(
        {"type": "SpecificResource", "purpose": "linking", "source": "https://x.example/"}
    )
    assert send(editor_client, "put", created["Location"], document).status_code == 200
    assert not Claim.objects.get().citations.exists()


# Section 6.4: Delete an Existing Annotation ------------------------------------------------


def test_delete_answers_204_and_removes_it_from_the_container(editor_client, created):
    response = editor_client.delete(created["Location"], HTTP_IF_MATCH=created["ETag"])
    assert response.status_code == 204
    assert response.content == b""
    assert editor_client.get(created["Location"]).status_code == 404
    assert editor_client.get(CONTAINER).json()["total"] == 0


def test_delete_with_a_stale_if_match_is_412(editor_client, created):
    send(editor_client, "put", created["Location"], created.json() | {"bodyValue": "Changed."})
    response = editor_client.delete(created["Location"], HTTP_IF_MATCH=created["ETag"])
    assert response.status_code == 412
    assert Claim.objects.exists()


def test_a_submitted_claim_cannot_be_deleted_409(editor_client, editor, article):
    claim = ClaimFactory(
        article=article, created_by=editor, status="submitted", submitted_at=timezone.now()
    )
    response = editor_client.delete(f"/annotations/{claim.pk}")
    assert response.status_code == 409
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert not ExportChange.objects.exists()


# Who may write ---------------------------------------------------------------------------


def test_readers_and_reviewers_may_not_create_403(reader_client, reviewer_client, article):
    for client in (reader_client, reviewer_client):
        response = send(client, "post", CONTAINER, new_annotation(article))
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"
    assert not Claim.objects.exists()


def test_anonymous_clients_may_not_create_401(client, article):
    assert send(client, "post", CONTAINER, new_annotation(article)).status_code == 401
    assert not Claim.objects.exists()


def test_readers_may_not_replace_or_delete_403(reader_client, editor_client, created):
    before = _snapshot()
    assert send(reader_client, "put", created["Location"], created.json()).status_code == 403
    assert reader_client.delete(created["Location"]).status_code == 403
    assert _snapshot() == before


def test_an_editor_writes_with_a_token(client, editor_token, article):
    response = send(client, "post", CONTAINER, new_annotation(article), **editor_token)
    assert response.status_code == 201
    assert client.delete(response["Location"], **editor_token).status_code == 204


# Refusals: 400 and 415 with problem details, nothing stored ---------------------------------


BAD_TARGETS = {
    "another site": "https://elsewhere.example/story",
    "not an article page": "http://testserver/review/",
    "no such article": "http://testserver/articles/999999/",
}


@pytest.mark.parametrize("source", BAD_TARGETS.values(), ids=BAD_TARGETS.keys())
def test_a_target_that_is_not_an_article_is_400(editor_client, article, source):
    sent = new_annotation(article)
    sent["target"]["source"] = source
    response = send(editor_client, "post", CONTAINER, sent)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "target" in response.json()["errors"]
    assert CONSTRAINTS_LINK in response["Link"]
    assert not Claim.objects.exists()


BAD_SELECTORS = {
    "quote not in the text": {"type": "TextQuoteSelector", "exact": "passenger numbers fell"},
    "position past the end": {"type": "TextPositionSelector", "start": 10, "end": 99999},
    "disagreeing pair": [
        {"type": "TextPositionSelector", "start": 0, "end": 5},
        {"type": "TextQuoteSelector", "exact": QUOTE},
    ],
    "unknown selector": {"type": "CssSelector", "value": "p"},
}


@pytest.mark.parametrize("selector", BAD_SELECTORS.values(), ids=BAD_SELECTORS.keys())
def test_a_selector_that_does_not_anchor_is_400(editor_client, article, selector):
    sent = new_annotation(article)
    sent["target"]["selector"] = selector
    response = send(editor_client, "post", CONTAINER, sent)
    assert response.status_code == 400
    assert response.json()["errors"].keys() == {"selector"}
    assert not Claim.objects.exists()


BAD_DOCUMENTS = {
    "no target": {"target": None},
    "a whole page as target": {"target": "http://testserver/articles/1/"},
    "two targets": {"target": [{"source": "a"}, {"source": "b"}]},
    "two describing bodies": {
        "body": [
            {"type": "TextualBody", "purpose": "describing", "value": "a"},
            {"type": "TextualBody", "purpose": "describing", "value": "b"},
        ]
    },
    "an html body": {
        "body": {
            "type": "TextualBody",
            "purpose": "commenting",
            "value": "<b>x</b>",
            "format": "text/html",
        }
    },
    "an unknown purpose": {"body": {"type": "TextualBody", "purpose": "bookmarking", "value": "x"}},
    "a canonical that is no IRI": {"canonical": "not an iri"},
}


@pytest.mark.parametrize("change", BAD_DOCUMENTS.values(), ids=BAD_DOCUMENTS.keys())
def test_an_annotation_that_cannot_be_a_claim_is_400(editor_client, article, change):
    response = send(editor_client, "post", CONTAINER, new_annotation(article) | change)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert not Claim.objects.exists()


def test_a_body_that_is_not_json_is_400(editor_client):
    response = send(editor_client, "post", CONTAINER, "{not json")
    assert response.status_code == 400
    assert "not JSON" in response.json()["detail"]


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "text/turtle"]
)
def test_an_unsupported_body_type_is_415(editor_client, article, content_type):
    response = send(
        editor_client, "post", CONTAINER, new_annotation(article), content_type=content_type
    )
    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    "change",
    [{"type": "Note"}, {"@context": "https://www.w3.org/ns/activitystreams"}],
    ids=["not an Annotation", "another context"],
)
def test_a_document_that_is_not_a_w3c_annotation_is_415(editor_client, article, change):
    response = send(editor_client, "post", CONTAINER, new_annotation(article) | change)
    assert response.status_code == 415
    assert not Claim.objects.exists()


def test_plain_json_is_accepted_and_answered(editor_client, article):
    response = send(
        editor_client,
        "post",
        CONTAINER,
        new_annotation(article),
        content_type="application/json",
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 201
    assert response["Content-Type"] == "application/json"


def test_an_unacceptable_accept_on_post_is_406_and_stores_nothing(editor_client, article):
    response = send(
        editor_client, "post", CONTAINER, new_annotation(article), HTTP_ACCEPT="text/html"
    )
    assert response.status_code == 406
    assert not Claim.objects.exists()
