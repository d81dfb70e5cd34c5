import pytest
from django.urls import reverse

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_an_api_filter_is_a_400_problem(editor_client):
    response = editor_client.get("/api/v1/claims/?tag=a%00b")
    assert response.status_code == 400
    assert "NUL character" in response.json()["detail"]


def test_a_nul_byte_in_a_page_search_is_a_400(editor_client):
    response = editor_client.get("/sources/?q=a%00b")
    assert response.status_code == 400
    assert b"NUL character" in response.content


def test_a_nul_byte_in_a_posted_form_is_a_400(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(reverse("claim-delete", args=[claim.pk]), {"version": "1\x00"})
    assert response.status_code == 400


def test_a_superscript_digit_is_not_taken_for_an_article_id(editor_client):
    response = editor_client.get("/api/v1/claims/?article=%C2%B2")
    assert response.status_code == 400


def test_an_enormous_if_match_is_refused_with_a_400(editor_client):
    claim = ClaimFactory()
    response = editor_client.delete(
        f"/api/v1/claims/{claim.pk}/", HTTP_IF_MATCH='"' + "9" * 5000 + '"'
    )
    assert response.status_code == 400


def test_the_api_schema_needs_a_signed_in_user(client):
    assert client.get(reverse("api-schema")).status_code == 401
