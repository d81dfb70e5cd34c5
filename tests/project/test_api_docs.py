import pytest
from django.core.management import call_command
from django.urls import reverse
from openapi_spec_validator import validate

from tests.openapi_contract import openapi_document


def test_openapi_schema_validates_without_warnings(tmp_path, db):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    assert "/api/v1/export/claims/" in (tmp_path / "s.yaml").read_text()


def test_openapi_schema_passes_openapi_spec_validator():
    validate(openapi_document())


@pytest.mark.django_db
def test_schema_is_served_to_signed_in_users(editor_client):
    response = editor_client.get(reverse("api-schema"))
    assert response.status_code == 200
    assert b"openapi: 3" in response.content


@pytest.mark.django_db
def test_swagger_ui_is_served_from_the_project_without_inline_script(editor_client):
    page = editor_client.get(reverse("api-docs")).content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "<script>" not in page
    assert "googleapis" not in page


@pytest.mark.django_db
def test_redoc_is_served_from_the_project(editor_client):
    response = editor_client.get(reverse("api-redoc"))
    assert response.status_code == 200
    assert b"/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in response.content
    assert b"googleapis" not in response.content
