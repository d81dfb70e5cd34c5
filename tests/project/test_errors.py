import pytest
from django.http import Http404
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.test import APIRequestFactory, force_authenticate

from project.errors import Conflict, InvalidInput, NotFound, PreconditionFailed, check_version
from project.http import found_or_404
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


# The version check --------------------------------------------------------------------------


def test_the_version_check_passes_when_the_client_saw_the_current_version_or_named_none():
    check_version(what="claim", expected=3, current=3)
    check_version(what="claim", expected=None, current=3)


def test_a_stale_version_is_refused_saying_what_changed_and_what_to_do():
    with pytest.raises(PreconditionFailed) as refused:
        check_version(what="source", expected=2, current=3)
    assert refused.value.message == (
        "The source was changed by someone else since you opened it (you had version 2, it is "
        "now version 3); reload it and try again."
    )


def test_the_version_check_can_name_the_state_the_object_is_in_now():
    with pytest.raises(PreconditionFailed, match=r"it is now version 5, in review\)"):
        check_version(what="claim", expected=4, current=5, state="in review")


# A selector's NotFound on a page --------------------------------------------------------------


def test_a_page_turns_a_selectors_not_found_into_a_404_with_its_message():
    def missing(*, pk):
        raise NotFound(f"There is no claim {pk}.")

    with pytest.raises(Http404, match="There is no claim 7."):
        found_or_404(missing, pk=7)
    assert found_or_404(lambda *, pk: pk * 2, pk=7) == 14
