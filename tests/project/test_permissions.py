"""The adapters from policy checks to pages and DRF decide nothing themselves: the check refuses,
and its message is what the visitor reads."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from annotations.policies import check_delete_articles
from annotations.roles import Role
from project.permissions import WRITE_METHODS, permission, requires
from tests.factories import user_factory

pytestmark = pytest.mark.django_db


def _page(request):
    return HttpResponse("the page")


def _get(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_a_guarded_page_opens_for_a_user_the_check_allows():
    guarded = requires(check_delete_articles)(_page)
    assert guarded(_get(user_factory(Role.ADMIN))).content == b"the page"


def test_a_guarded_page_refuses_with_the_checks_message():
    guarded = requires(check_delete_articles)(_page)
    with pytest.raises(PermissionDenied, match="Only admins may delete articles."):
        guarded(_get(user_factory(Role.EDITOR)))


class _Deletable(APIView):
    permission_classes = [permission(check_delete_articles, methods=WRITE_METHODS)]

    def get(self, request):
        return Response({"read": True})

    def delete(self, request):
        return Response(status=204)


def _call(method: str, user):
    request = getattr(APIRequestFactory(), method)("/")
    if user is not None:
        force_authenticate(request, user=user)
    response = _Deletable.as_view()(request)
    response.render()
    return response


def test_an_api_permission_lets_reads_through_and_checks_writes():
    editor = user_factory(Role.EDITOR)
    assert _call("get", editor).status_code == 200
    refused = _call("delete", editor)
    assert refused.status_code == 403
    assert refused.data["detail"] == "Only admins may delete articles."
    assert _call("delete", user_factory(Role.ADMIN)).status_code == 204


def test_an_anonymous_client_still_gets_a_401_not_the_policys_403():
    response = _call("delete", None)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
