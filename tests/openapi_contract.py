"""The OpenAPI schema as a contract that every API answer the test suite receives must keep.

`tests/conftest.py` passes each response of the test client for a path under /api/v1/ to
`Contract.check`: the operation must be in the schema, and the answer's status code, its
documented headers, its media type and its body must be what the schema says. The schema is
generated once per run, and each body schema is compiled once (a JSON Schema validator per
operation, status and media type), so checking costs well under a millisecond per answer.
"""

from __future__ import annotations

import csv
import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import jsonschema_rs
from django.core.serializers.json import DjangoJSONEncoder
from django.http.response import HttpResponseBase
from drf_spectacular.generators import SchemaGenerator

API_PREFIX = "/api/v1/"
# Served to people (the schema itself and its viewers): not operations of the API.
UNDESCRIBED_PATHS = ("/api/v1/schema/", "/api/v1/docs/", "/api/v1/redoc/")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Headers that carry meaning for a client: an answer may send one only where it is documented.
# (DRF sends `Allow` with every answer; it means something on a 405, checked there.)
MEANINGFUL_HEADERS = ("ETag", "Location", "Link", "Retry-After", "Content-Disposition")
JSON_MEDIA_TYPE = re.compile(r"^application/(?:[\w.+-]+\+)?json$|^application/ld\+json$")
NDJSON = "application/x-ndjson"
CSV = "text/csv"


class ContractBroken(AssertionError):
    """An answer that contradicts the schema."""


def openapi_document() -> dict[str, Any]:
    """The schema as /api/v1/schema/ serves it (generated in-process), as plain JSON."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(json.dumps(document, cls=DjangoJSONEncoder))


@dataclass(frozen=True)
class Operation:
    path: str  # the schema's path template, e.g. /api/v1/claims/{id}/
    method: str
    spec: dict[str, Any]


@dataclass
class Contract:
    document: dict[str, Any]
    responses_checked: Counter = field(default_factory=Counter)
    seconds: float = 0.0  # spent checking (streamed records: only those checked on the way)
    _routes: list[tuple[re.Pattern, str, dict]] = field(default_factory=list)
    # Compiled once: a JSON Schema validator per operation, status and media type, and per
    # header schema.
    _validators: dict[object, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._components = self.document.get("components", {})
        for template, item in self.document["paths"].items():
            pattern = re.escape(template)
            pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", pattern)
            self._routes.append((re.compile(f"^{pattern}$"), template, item))
        # A literal segment beats a parameter: fewer parameters first.
        self._routes.sort(key=lambda route: route[1].count("{"))

    # Finding what the schema says --------------------------------------------------------

    def operation(self, method: str, path: str) -> Operation | None:
        """The operation, if the schema describes it (HEAD is GET without the body)."""
        method = method.lower()
        for pattern, template, item in self._routes:
            if pattern.match(path):
                spec = item.get("get" if method == "head" else method)
                return Operation(template, method, spec) if spec else None
        return None

    def describes_path(self, path: str) -> bool:
        return any(pattern.match(path) for pattern, _, _ in self._routes)

    def _validator(self, template: str, method: str, status: str, media_type: str):
        key = (template, method, status, media_type)
        if key not in self._validators:
            content = self._response(template, method, status)["content"][media_type]
            schema = content.get("schema")
            self._validators[key] = self._compiled(schema) if schema else None
        return self._validators[key]

    def _compiled(self, schema: dict[str, Any]):
        key = json.dumps(schema, sort_keys=True)
        if key not in self._validators:
            # OpenAPI 3.1's schemas are JSON Schema 2020-12; refs point into the components.
            root = {**schema, "components": self._components}
            self._validators[key] = jsonschema_rs.Draft202012Validator(root, validate_formats=True)
        return self._validators[key]

    def _response(self, template: str, method: str, status: str) -> dict[str, Any]:
        documented = "get" if method == "head" else method
        responses = self.document["paths"][template][documented]["responses"]
        return responses.get(status) or responses.get(f"{status[0]}XX") or responses["default"]

    # Checking an answer ------------------------------------------------------------------

    def check(self, method: str, path: str, response: HttpResponseBase) -> None:
        if not path.startswith(API_PREFIX) or path.startswith(UNDESCRIBED_PATHS):
            return
        started = time.perf_counter()
        try:
            self._check(method, path, response)
        finally:
            self.seconds += time.perf_counter() - started

    def _check(self, method: str, path: str, response: HttpResponseBase) -> None:
        status = str(response.status_code)
        operation = self.operation(method, path)
        where = f"{method} {path} answered {status}"
        if operation is None:
            self._check_undescribed(method, path, response, where)
            return
        where = f"{where} ({method} {operation.path} in the schema)"
        responses = operation.spec["responses"]
        if not {status, f"{status[0]}XX", "default"} & set(responses):
            raise ContractBroken(f"{where}: status {status} is not documented")
        documented = self._response(operation.path, operation.method, status)
        broken = self._check_headers(response, documented)
        try:
            self._check_body(operation, status, documented, response, where)
        except ContractBroken as body:
            broken.append(str(body).removeprefix(f"{where}: "))
        if broken:
            raise ContractBroken(f"{where}: " + "; ".join(broken))
        self.responses_checked[(operation.method.upper(), operation.path, status)] += 1

    def _check_undescribed(self, method: str, path: str, response, where: str) -> None:
        """A path the schema does not describe may only be the API's 404; a method it does not
        describe on a described path, only a 405 naming the methods that are."""
        if self.describes_path(path):
            expected = 405
            if response.status_code == 405 and "Allow" not in response:
                raise ContractBroken(f"{where}: a 405 without Allow")
        else:
            expected = 404
        if response.status_code != expected:
            raise ContractBroken(f"{where}: {method} {path} is not in the schema")
        self._validate_problem(response, where)
        self.responses_checked[(method, "(not in the schema)", str(expected))] += 1

    def _check_headers(self, response, documented: dict[str, Any]) -> list[str]:
        broken = []
        headers = documented.get("headers", {})
        named = {name.lower() for name in headers}
        for name in MEANINGFUL_HEADERS:
            if name in response and name.lower() not in named:
                broken.append(f"header {name} is sent but not documented")
        for name, spec in headers.items():
            if name not in response:
                if spec.get("required"):
                    broken.append(f"documented header {name} is missing")
                continue
            schema = spec.get("schema")
            if schema and not self._compiled(schema).is_valid(
                _header_value(response[name], schema)
            ):
                broken.append(f"header {name}: {response[name]!r} is not {schema}")
        return broken

    def _check_body(
        self, operation: Operation, status: str, documented: dict, response, where: str
    ) -> None:
        content = documented.get("content")
        has_body = bool(response.streaming or response.content)
        if not content:
            if has_body:
                raise ContractBroken(f"{where}: a body is sent where none is documented")
            return
        if not has_body and operation.method == "head":
            return
        sent = response.get("Content-Type", "")
        media_type = _documented_media_type(sent, content)
        if media_type is None:
            raise ContractBroken(f"{where}: Content-Type {sent!r} is not one of {list(content)}")
        validator = self._validator(operation.path, operation.method, status, media_type)
        if validator is None:
            return
        bare = media_type.split(";")[0].strip()
        if response.streaming:
            response.streaming_content = _checked_stream(
                response.streaming_content, bare, validator, where
            )
        else:
            for record in _records(response.content, bare):
                _raise_errors(validator, record, where)

    def _validate_problem(self, response, where: str) -> None:
        sent = response.get("Content-Type", "")
        if sent.split(";")[0].strip() != "application/problem+json":
            raise ContractBroken(f"{where}: {sent!r} is not problem details")
        validator = self._compiled({"$ref": "#/components/schemas/Problem"})
        _raise_errors(validator, json.loads(response.content), where)


def _documented_media_type(sent: str, content: dict[str, Any]) -> str | None:
    """The key of `content` that the Content-Type sent is: the same with its parameters, else
    the same bare media type."""
    if sent in content:
        return sent
    bare = sent.split(";")[0].strip()
    for media_type in content:
        if media_type.split(";")[0].strip() == bare:
            return media_type
    return None


def _header_value(value: str, schema: dict) -> Any:
    if schema.get("type") == "integer" and value.isdigit():
        return int(value)
    return value


def _raise_errors(validator, instance: Any, where: str) -> None:
    errors = list(validator.iter_errors(instance))
    if errors:
        described = "; ".join(
            f"at /{'/'.join(str(part) for part in error.instance_path)}: {error.message[:300]}"
            for error in errors[:5]
        )
        raise ContractBroken(f"{where}: the body does not match the schema: {described}")


def _records(body: bytes, media_type: str) -> Iterator[Any]:
    """What the schema describes of a body: the JSON document, each NDJSON line, or a CSV
    file's header row (its column names, in order)."""
    if JSON_MEDIA_TYPE.match(media_type):
        yield json.loads(body)
    elif media_type == NDJSON:
        yield from (json.loads(line) for line in body.splitlines() if line.strip())
    elif media_type == CSV:
        yield next(csv.reader(body.decode().splitlines()), [])
    else:
        yield body.decode()


def _checked_stream(chunks, media_type: str, validator, where: str) -> Iterator[bytes]:
    """The stream passed on unchanged, checked as it goes by (so a test that reads it lazily,
    or counts its queries, sees it as it was): each NDJSON line as it is complete, a CSV's
    header row once it is, a JSON document at its end."""
    chunks = iter(chunks)
    pending = b""
    for chunk in chunks:
        yield chunk
        pending += chunk
        if media_type == NDJSON and b"\n" in pending:
            complete, _, pending = pending.rpartition(b"\n")
            for record in _records(complete, NDJSON):
                _raise_errors(validator, record, where)
        elif media_type == CSV and b"\n" in pending:
            _raise_errors(validator, next(_records(pending, CSV)), where)
            yield from chunks  # the rows after the header are not described
            return
    if pending.strip():
        for record in _records(pending, media_type):
            _raise_errors(validator, record, where)
