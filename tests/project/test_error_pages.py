"""Errors outside a view's own handling answer in the site's layout (pages), as the refusal
alone (htmx) or as problem details (under /api/), with DEBUG on as well as off."""

import pytest
from django.test import Client, RequestFactory

from annotations.workflow import ClaimStatus
from project.errors import server_error
from tests.factories import claim_in

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def assert_site_page(response, status: int, text: str) -> None:
    body = response.content.decode()
    assert response.status_code == status
    assert '<header class="site-header">' in body
    assert text in body
    assert 'href="/"' in body  # the way back


def test_a_signed_in_user_without_the_admin_role_gets_a_403_page_from_the_admin(
    editor_client, debug
):
    response = editor_client.get("/admin/")
    assert_site_page(response, 403, "admin role")


def test_the_admin_still_opens_for_an_admin(admin_client_role):
    assert admin_client_role.get("/admin/").status_code == 200


def test_a_reviewer_opening_the_upload_page_gets_a_403_page(reviewer_client, debug):
    assert_site_page(reviewer_client.get("/articles/new/"), 403, "Not allowed")


def test_the_factcheck_page_of_an_unverified_claim_is_a_404_page_not_the_url_list(debug):
    claim = claim_in(ClaimStatus.SUBMITTED)
    response = Client().get(f"/factchecks/{claim.pk}/")
    assert_site_page(response, 404, "Not found")
    assert "URLconf" not in response.content.decode()


def test_an_unknown_page_is_a_404_page_when_debug_is_off(reader_client, settings):
    settings.DEBUG = False
    assert_site_page(reader_client.get("/no/such/page/"), 404, "Not found")


def test_an_htmx_request_gets_the_refusal_alone(reviewer_client, debug):
    response = reviewer_client.get("/articles/new/", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "<html" not in body
    assert 'class="form-errors refusal"' in body


def test_a_paste_over_the_size_limit_is_a_413_page(editor_client, settings, debug):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = editor_client.post("/articles/new/", {"text": "word " * 1000})
    assert_site_page(response, 413, "Too large")


def test_a_form_without_its_csrf_token_gets_an_explaining_page(editor, debug):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post("/logout/")
    assert_site_page(response, 403, "Reload the page")


@pytest.mark.parametrize("path", ["/api/v1/no-such-endpoint/", "/api/nothing"])
def test_an_unknown_api_address_is_a_problem_details_404(reader_client, debug, path):
    response = reader_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["detail"] == f"There is no API endpoint at {path}."


def test_an_api_address_without_its_trailing_slash_is_named_in_the_404(reader_client):
    response = reader_client.get("/api/v1/claims")
    assert response.status_code == 404
    assert "Did you mean /api/v1/claims/" in response.json()["detail"]


def test_an_oversized_api_form_body_is_a_problem_details_413(editor_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = editor_client.post("/api/v1/articles/", {"text": "word " * 1000})
    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM


def test_a_server_error_under_the_api_is_problem_details():
    response = server_error(RequestFactory().get("/api/v1/claims/"))
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM


def test_a_server_error_page_is_in_the_site_layout_without_touching_the_database(
    django_assert_num_queries,
):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/claims/1/"))
    assert_site_page(response, 500, "Nothing was changed")
