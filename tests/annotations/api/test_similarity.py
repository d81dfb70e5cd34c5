import pytest
from django.urls import reverse

from annotations.models import ClaimLink
from annotations.workflow import ClaimStatus
from tests.factories import claim_saying

pytestmark = pytest.mark.django_db

SENTENCE = "Unemployment in Scotland fell to 4.1% in the three months to March."
OTHER_WORDS = "Unemployment in Scotland fell to 4.1 per cent in the three months to March."
ANOTHER_FIGURE = "Unemployment in Scotland fell to 5.3% in the three months to March."


def similar_url(claim, **query) -> str:
    url = reverse("api-claim-similar", args=[claim.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def links_url(claim) -> str:
    return reverse("api-claim-links", args=[claim.pk])


def link_url(claim, other) -> str:
    return reverse("api-claim-link-detail", args=[claim.pk, other.pk])


def test_similar_lists_the_most_alike_claims_of_other_articles_best_first(reader_client):
    claim = claim_saying(SENTENCE)
    same = claim_saying(OTHER_WORDS, ClaimStatus.VERIFIED, citations=1)
    other_figure = claim_saying(ANOTHER_FIGURE)
    response = reader_client.get(similar_url(claim))
    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body] == [same.pk, other_figure.pk]
    first = body[0]
    assert (first["status"], first["verdict"], first["likely_same"], first["linked"]) == (
        "verified",
        "true",
        True,
        False,
    )
    assert (first["figures"], first["names"], first["negation_differs"]) == ("same", "same", False)
    assert first["article"] == {
        "id": same.article_id,
        "title": same.article.title,
        "publisher": same.article.publisher,
    }
    assert first["html_url"].endswith(reverse("claim-detail", args=[same.pk]))
    assert (body[1]["figures"], body[1]["likely_same"]) == ("different", False)


def test_similar_takes_a_limit(reader_client):
    claim = claim_saying(SENTENCE)
    claim_saying(OTHER_WORDS)
    claim_saying(ANOTHER_FIGURE)
    assert len(reader_client.get(similar_url(claim, limit=1)).json()) == 1


@pytest.mark.parametrize("limit", ["0", "21", "two", "-1"])
def test_a_limit_out_of_range_is_a_400_naming_it(reader_client, limit):
    response = reader_client.get(similar_url(claim_saying(SENTENCE), limit=limit))
    assert response.status_code == 400
    assert "limit" in response.json()["errors"]


def test_similar_of_a_missing_claim_is_a_404(reader_client):
    assert reader_client.get(reverse("api-claim-similar", args=[999999])).status_code == 404


def test_an_editor_links_a_claim_and_gets_its_links(editor_client, editor):
    claim = claim_saying(SENTENCE)
    earlier = claim_saying(OTHER_WORDS, ClaimStatus.VERIFIED, citations=1)
    response = editor_client.post(
        links_url(claim), {"same_as": earlier.pk}, content_type="application/json"
    )
    assert response.status_code == 201
    (link,) = response.json()
    assert (link["same_as"]["id"], link["same_as"]["verdict"]) == (earlier.pk, "true")
    assert link["created_by"] == editor.username
    assert editor_client.get(links_url(earlier)).json()[0]["same_as"]["id"] == claim.pk


def test_linking_to_a_claim_that_does_not_exist_is_a_400_and_links_nothing(editor_client):
    claim = claim_saying(SENTENCE)
    response = editor_client.post(
        links_url(claim), {"same_as": 999999}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "same_as" in response.json()["errors"]
    assert not ClaimLink.objects.exists()


def test_linking_twice_is_a_409(editor_client):
    claim = claim_saying(SENTENCE)
    earlier = claim_saying(OTHER_WORDS)
    body = {"same_as": earlier.pk}
    editor_client.post(links_url(claim), body, content_type="application/json")
    response = editor_client.post(links_url(claim), body, content_type="application/json")
    assert response.status_code == 409
    assert ClaimLink.objects.count() == 1


def test_a_reader_may_not_link_and_nothing_is_linked(reader_client):
    claim = claim_saying(SENTENCE)
    response = reader_client.post(
        links_url(claim), {"same_as": claim_saying(OTHER_WORDS).pk}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not ClaimLink.objects.exists()


def test_an_editor_undoes_a_link(editor_client, editor):
    claim = claim_saying(SENTENCE)
    earlier = claim_saying(OTHER_WORDS)
    ClaimLink.objects.create(claim=claim, same_as=earlier, created_by=editor)
    assert editor_client.delete(link_url(claim, earlier)).status_code == 204
    assert not ClaimLink.objects.exists()
    assert editor_client.delete(link_url(claim, earlier)).status_code == 404


def test_the_endpoints_are_in_the_openapi_schema(reader_client):
    paths = reader_client.get("/api/v1/schema/?format=json").json()["paths"]
    assert set(paths["/api/v1/claims/{id}/similar/"]) == {"get"}
    assert set(paths["/api/v1/claims/{id}/links/"]) == {"get", "post"}
    assert set(paths["/api/v1/claims/{id}/links/{same_as}/"]) == {"delete"}
