import pytest
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.test import APIRequestFactory, force_authenticate

from project.errors import Conflict, InvalidInput, PreconditionFailed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _call(view_body, user=None):
    @api_view(["POST"])
    def view(request):
        return view_body()

    request = APIRequestFactory().post("/", {}, format="json")
    force_authenticate(request, user=user or UserFactory())
    response = view(request)
    response.render()
    return response


def test_domain_error_becomes_problem_details_with_its_status():
    def body():
        raise InvalidInput("The title is empty.", errors={"title": ["Give the article a title."]})

    response = _call(body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.data == {
        "type": "about:blank",
        "title": "Invalid input",
        "status": 400,
        "detail": "The title is empty.",
        "errors": {"title": ["Give the article a title."]},
    }


def test_conflict_names_the_allowed_actions_and_current_state():
    def body():
        raise Conflict("A draft cannot be verified.", allowed=["submit"], current="draft")

    response = _call(body)
    assert response.status_code == 409
    assert response.data["allowed"] == ["submit"]
    assert response.data["current"] == "draft"


def test_precondition_failed_is_412():
    def body():
        raise PreconditionFailed("The claim changed since version 3.")

    assert _call(body).status_code == 412


def test_serializer_validation_errors_name_the_field_in_the_detail():
    class TitleSerializer(serializers.Serializer):
        title = serializers.CharField()

    def body():
        TitleSerializer(data={}).is_valid(raise_exception=True)

    response = _call(body)
    assert response.status_code == 400
    assert response.data["detail"] == "title: This field is required."
    assert response.data["errors"] == {"title": ["This field is required."]}


def test_unauthenticated_api_request_is_a_401_problem(client):
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["title"] == "Not authenticated"
