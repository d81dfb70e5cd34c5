"""The check every API answer of the suite goes through (tests/openapi_contract.py) refuses what
the schema does not say: it would otherwise pass answers that contradict it."""

from __future__ import annotations

import pytest
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse

from project.errors import PROBLEM_CONTENT_TYPE, problem
from tests.openapi_contract import Contract, ContractBroken, openapi_document

CLAIM = "/api/v1/claims/7/"


@pytest.fixture(scope="module")
def contract() -> Contract:
    return Contract(openapi_document())


def _problem(status: int, **extra) -> JsonResponse:
    body = problem(status, "Conflict", "Not now.", **extra)
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)


def test_a_documented_refusal_with_its_extra_fields_passes(contract):
    contract.check("PATCH", CLAIM, _problem(409, allowed=["submit"], current="draft"))


def test_a_status_the_operation_does_not_document_is_refused(contract):
    with pytest.raises(ContractBroken, match="status 410 is not documented"):
        contract.check("GET", CLAIM, _problem(410))


def test_a_problem_field_the_schema_does_not_describe_is_refused(contract):
    with pytest.raises(ContractBroken, match="does not match"):
        contract.check("PATCH", CLAIM, _problem(409, allowed=["submit"], hint="try later"))


def test_a_problem_sent_as_plain_json_is_refused(contract):
    response = JsonResponse(problem(404, "Not found", "No claim 7."), status=404)
    with pytest.raises(ContractBroken, match="Content-Type 'application/json'"):
        contract.check("GET", CLAIM, response)


def test_a_header_that_is_not_documented_is_refused(contract):
    response = _problem(404)
    response["ETag"] = '"3"'
    with pytest.raises(ContractBroken, match="header ETag is sent but not documented"):
        contract.check("GET", CLAIM, response)


def test_a_documented_required_header_that_is_missing_is_refused(contract):
    response = _problem(429)
    with pytest.raises(ContractBroken, match="documented header Retry-After is missing"):
        contract.check("GET", CLAIM, response)


def test_a_body_without_a_required_field_is_refused(contract):
    response = JsonResponse({"username": "ed"})
    with pytest.raises(ContractBroken, match="roles"):
        contract.check("GET", "/api/v1/me/", response)


def test_an_api_path_the_schema_does_not_describe_may_only_be_a_404(contract):
    contract.check("GET", "/api/v1/nowhere/", _problem(404))
    with pytest.raises(ContractBroken, match="is not in the schema"):
        contract.check("GET", "/api/v1/nowhere/", JsonResponse({}, status=200))


def test_a_method_the_schema_does_not_describe_may_only_be_a_405_with_allow(contract):
    refused = _problem(405)
    refused["Allow"] = "GET, HEAD, OPTIONS"
    contract.check("POST", "/api/v1/me/", refused)
    with pytest.raises(ContractBroken, match="without Allow"):
        contract.check("POST", "/api/v1/me/", _problem(405))


def test_a_streamed_record_that_breaks_the_schema_fails_when_it_is_read(contract):
    response = StreamingHttpResponse(
        iter([b'{"type": "tombstone", "id": 3}\n']), content_type="application/x-ndjson"
    )
    response["ETag"] = 'W/"abc"'
    contract.check("GET", "/api/v1/export/claims/", response)
    with pytest.raises(ContractBroken, match="not valid under any of the schemas"):
        b"".join(response.streaming_content)


def test_pages_and_files_outside_the_api_are_not_checked(contract):
    contract.check("GET", "/articles/", HttpResponse(status=418))


def test_a_csv_whose_columns_are_not_the_documented_ones_fails_when_it_is_read(contract):
    response = StreamingHttpResponse(
        iter([b"record,claim_id\r\n", b"claim,3\r\n"]), content_type="text/csv; charset=utf-8"
    )
    response["ETag"] = 'W/"abc"'
    contract.check("GET", "/api/v1/export/claims/", response)
    with pytest.raises(ContractBroken, match="does not match"):
        b"".join(response.streaming_content)
