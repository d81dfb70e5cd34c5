"""An annotation created through the container is one claim everywhere: the claims API, the
article's page, and, once reviewed through the review services, the export's JSON-LD and the
verified container, as the very same document."""

from __future__ import annotations

import pytest

from annotations.models import Claim
from annotations.services.citations import citation_create
from annotations.services.review import claim_submit, claim_take, claim_verify
from tests.annotations.protocol.conftest import CONTAINER, QUOTE, VERIFIED, new_annotation, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def created(client, editor_token, article):
    document = new_annotation(article, canonical="urn:uuid:round-trip")
    document["body"].append(
        {"type": "TextualBody", "purpose": "commenting", "value": "Port figures, table 3."}
    )
    response = send(client, "post", CONTAINER, document, HTTP_SLUG="round-trip", **editor_token)
    assert response.status_code == 201
    return response


def test_the_claims_api_shows_the_annotation_as_a_draft_claim(editor_client, created, article):
    claim = Claim.objects.get()
    api = editor_client.get(f"/api/v1/claims/{claim.pk}/").json()
    assert api["article"] == article.pk
    assert api["status"] == "draft"
    assert api["text"] == "Cargo rose 12% in 2024."
    assert api["note"] == "Port figures, table 3."
    assert api["tags"] == ["shipping"]
    assert api["annotation_url"] == created["Location"]
    quote = next(s for s in api["selector"] if s["type"] == "TextQuoteSelector")
    assert quote["exact"] == QUOTE


def test_a_change_through_the_claims_api_shows_in_the_annotation(editor_client, created):
    claim = Claim.objects.get()
    editor_client.patch(
        f"/api/v1/claims/{claim.pk}/", {"note": "Table 4."}, content_type="application/json"
    )
    bodies = editor_client.get(created["Location"]).json()["body"]
    assert {"commenting": "Table 4."}.items() <= {b["purpose"]: b["value"] for b in bodies}.items()
    assert editor_client.get(created["Location"])["ETag"] != created["ETag"]


def test_the_article_page_shows_the_claim(editor_client, created, article):
    claim = Claim.objects.get()
    page = editor_client.get(f"/articles/{article.pk}/").content.decode()
    assert "Cargo rose 12% in 2024." in page
    assert f"/claims/{claim.pk}/" in page


def test_the_article_page_names_the_annotation_container(editor_client, article):
    page = editor_client.get(f"/articles/{article.pk}/").content.decode()
    assert '<link rel="http://www.w3.org/ns/oa#annotationService" href="/annotations/">' in page


def test_after_review_the_export_holds_the_same_document(editor, reviewer, editor_client, created):
    claim = Claim.objects.get()
    citation_create(
        user=editor, claim=claim, stance="corroborates", url="https://port.example.org/stats"
    )
    claim_submit(user=editor, claim=Claim.objects.get())
    claim_take(user=reviewer, claim=Claim.objects.get())
    claim_verify(user=reviewer, claim=Claim.objects.get(), verdict="mostly_true", note="Close.")

    annotation = editor_client.get(created["Location"]).json()
    exported = editor_client.get("/api/v1/export/claims/", {"format": "jsonld"}).json()
    assert exported["first"]["items"] == [annotation]
    verified = editor_client.get(VERIFIED).json()["first"]["items"]
    assert verified == [annotation]
    assert annotation["id"] == "http://testserver/annotations/round-trip"
    assert annotation["canonical"] == "urn:uuid:round-trip"
    purposes = [body["purpose"] for body in annotation["body"]]
    assert purposes == ["describing", "assessing", "commenting", "tagging", "linking"]
    assert annotation["body"][2]["value"] == "Close."  # the reviewer's note, not the editor's
