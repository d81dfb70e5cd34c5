"""Schemathesis generates requests for every operation of the OpenAPI schema (four examples
each, derandomised so that every run is the same) and sends them to the app in-process, as a
user holding every role: no answer may be a server error, and every answer must match the
schema's description of it."""

from __future__ import annotations

import json
import re

import pytest
import schemathesis
from django.core import signals
from django.core.serializers.json import DjangoJSONEncoder
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token

from annotations.roles import Role
from tests.factories import ArticleFactory, ClaimFactory, UserFactory

EXAMPLES_PER_OPERATION = 4
CHECKS = [schemathesis.checks.not_a_server_error, schemathesis.checks.response_schema_conformance]


def _schema() -> schemathesis.schemas.BaseSchema:
    # Generated in-process (reading /api/v1/schema/ would need a signed-in client at import).
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(json.dumps(document, cls=DjangoJSONEncoder)))
    loaded.app = get_wsgi_application()
    return loaded


schema = _schema()


@pytest.fixture
def token(db) -> str:
    """A token of a user who may do everything, and a little data for ids to find."""
    user = UserFactory(roles=(Role.EDITOR, Role.REVIEWER, Role.ADMIN), password=None)
    ClaimFactory(article=ArticleFactory(uploaded_by=user))
    return Token.objects.create(user=user).key


@pytest.fixture(autouse=True)
def connection_kept_between_requests():
    """The app runs in the test's thread and transaction: like Django's test client, keep the
    end of each request from closing the test's database connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # a failure is reported as found, unshrunk
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_without_error_and_as_documented(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


# Bodies that once reached a server error, sent to every operation that takes one ------------

NESTED_1500_DEEP = "[" * 1500 + "]" * 1500
_BODY_METHODS = ("post", "put", "patch")


def _operations_with_a_body() -> list[tuple[str, str]]:
    document = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method.upper(), re.sub(r"\{[^}]+\}", "1", path))
        for path, item in document["paths"].items()
        for method in _BODY_METHODS
        if "requestBody" in item.get(method, {})
    ]


@pytest.mark.parametrize(("method", "path"), _operations_with_a_body())
def test_json_nested_1500_deep_is_refused_as_problem_details(method, path, token):
    response = Client().generic(
        method,
        path,
        NESTED_1500_DEEP,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code < 500
    if response.status_code == 400:
        assert response["Content-Type"] == "application/problem+json"
        assert "nest more than" in response.json()["detail"]
