"""What the OpenAPI schema says about every operation, beyond what each view declares.

The refusals every API view can give come from the same few places (authentication, the
throttles, content negotiation, the parsers, the URL's ids, project/errors.py), so they are
documented here once, from what the view is, rather than restated by each view: a view declares
only what is its own (a 409 and what it means, its ETag). Every refusal is an RFC 9457 problem
details document, described once as the `Problem` component.

The test suite holds the schema to this: every API answer a test receives is checked against it
(tests/openapi_contract.py).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.permissions import AllowAny

from project.errors import PROBLEM_CONTENT_TYPE, STATUS_TITLES

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An RFC 9457 problem details document: what went wrong, for a person to read "
    "in `detail`, with the fields a program needs to act on it.",
    "properties": {
        "type": {"type": "string", "description": "Always `about:blank`."},
        "title": {"type": "string", "description": "The status's meaning, e.g. `Conflict`."},
        "status": {"type": "integer", "description": "The HTTP status code."},
        "detail": {"type": "string", "description": "What went wrong and what to do."},
        "errors": {
            "type": "object",
            "description": "Input that was refused: each field named (`non_field_errors` for the "
            "whole) with its messages.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        "allowed": {
            "type": "array",
            "items": {"type": "string"},
            "description": "409: what may be done from the current state (workflow actions).",
        },
        "current": {
            "type": "string",
            "description": "409: the claim's current status.",
        },
        "existing": {
            "type": "integer",
            "description": "409 on marking a claim: the id of the claim with this span and text.",
        },
        "article_id": {
            "type": "integer",
            "description": "409 on an upload: the article that already holds this text.",
        },
        "revision": {
            "type": "integer",
            "description": "409 on an upload: the revision number that holds this text.",
        },
        "article_url": {"type": "string", "description": "409 on an upload: that article."},
        "html_url": {"type": "string", "description": "409 on an upload: its page."},
    },
    "required": ["type", "title", "status", "detail"],
    "additionalProperties": False,
}

# Why each refusal happens, where the view does not say more.
REFUSALS: dict[int, str] = {
    400: "The input or a query parameter is invalid: `errors` names each field.",
    401: "No valid token or session.",
    403: "The user's roles do not allow this (the detail says which rule).",
    404: "Nothing with this id.",
    406: "None of the media types in the Accept header is offered.",
    409: "The resource's state does not allow this: `allowed` and `current` say what does.",
    412: "If-Match names a version that is no longer current.",
    413: "The body is larger than the server accepts.",
    415: "The body's Content-Type is not JSON.",
    429: "Too many requests: wait the number of seconds in Retry-After.",
    500: "The server failed; nothing was changed. Try again in a moment.",
}
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer"},
        "description": "Seconds to wait before asking again.",
        "required": True,
    }
}

# Declared by the views that send them -------------------------------------------------------


def response_header(
    name: str,
    *,
    statuses: list[int],
    description: str,
    kind: OpenApiTypes = OpenApiTypes.STR,
    pattern: str | None = None,
    required: bool = True,
) -> OpenApiParameter:
    """A header the answers with these statuses send (always, unless `required` is off)."""
    return OpenApiParameter(
        name,
        kind,
        location=OpenApiParameter.HEADER,
        response=statuses,
        required=required,
        pattern=pattern,
        description=description,
    )


ETAG = response_header(
    "ETag",
    statuses=[200, 201],
    pattern=r'^"[0-9]+-[0-9a-f]{16}"$',
    description='`"<version>-<digest>"`: the resource\'s version and a digest of this '
    "representation (it changes too when a name the resource shows changes elsewhere). Send it "
    "back in If-Match, which compares the version.",
)
LOCATION = response_header(
    "Location",
    statuses=[201],
    kind=OpenApiTypes.URI,
    description="The created resource in the API.",
)
UPLOAD_LOCATION = response_header(
    "Location",
    statuses=[201, 409],
    kind=OpenApiTypes.URI,
    description="201: the article created or revised. 409: the article that holds this text.",
)


def request_header(name: str, *, description: str) -> OpenApiParameter:
    """A header a client may send (none is required)."""
    return OpenApiParameter(
        name, OpenApiTypes.STR, location=OpenApiParameter.HEADER, description=description
    )


IF_NONE_MATCH_SCHEMA = {
    "in": "header",
    "name": "If-None-Match",
    "schema": {"type": "string"},
    "description": "The ETag you hold: 304, without a body, while it is still current.",
}
IF_MATCH = request_header(
    "If-Match",
    description='The ETag you read (`"<version>-<digest>"`, or just `"<version>"`): the change '
    "is refused with 412 if the resource's version changed since. Optional.",
)


class ApiSchema(AutoSchema):
    """drf-spectacular's AutoSchema, with each operation's refusals as problem details."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        problem = self._problem_component(registry)
        responses = operation["responses"]
        for status in sorted(self._refusals(operation) | self._declared_refusals(responses)):
            response = responses.setdefault(str(status), {"description": REFUSALS[status]})
            if response["description"] == "No response body":
                response["description"] = REFUSALS.get(status, STATUS_TITLES.get(status, ""))
            response["content"] = {PROBLEM_CONTENT_TYPE: {"schema": problem.ref}}
            if status == 429:
                response["headers"] = RETRY_AFTER
        self._add_not_modified(operation)
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _add_not_modified(self, operation: dict[str, Any]) -> None:
        """A GET whose answer sends an ETag answers 304 to an If-None-Match that names it
        (project.middleware.ConditionalGetMiddleware, or the view itself)."""
        etag = operation["responses"].get("200", {}).get("headers", {}).get("ETag")
        if self.method != "GET" or etag is None:
            return
        operation["responses"].setdefault(
            "304",
            {"description": "Not modified: the ETag is still the one in If-None-Match."},
        )["headers"] = {"ETag": etag}
        parameters = operation.setdefault("parameters", [])
        if not any(p["in"] == "header" and p["name"] == "If-None-Match" for p in parameters):
            parameters.append(IF_NONE_MATCH_SCHEMA)

    def _declared_refusals(self, responses: dict[str, Any]) -> set[int]:
        """Refusals the view names (with its own description) and leaves without a body."""
        return {
            int(status)
            for status, response in responses.items()
            if status.isdigit() and int(status) >= 400 and "content" not in response
        }

    def _refusals(self, operation: dict[str, Any]) -> set[int]:
        """The refusals that follow from what the view is."""
        # DRF negotiates every answer's media type; any request can meet a server failure (the
        # database gone, a bug), answered as problem details too (project/errors.py).
        refusals = {406, 500}
        if not any(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            refusals.add(401)
        if self.view.get_throttles():
            refusals.add(429)
        parameters = operation.get("parameters", [])
        if any(p["in"] == "path" for p in parameters):
            refusals.add(404)
        if "requestBody" in operation:
            refusals |= {400, 415}
        if any(p["in"] == "query" for p in parameters):
            refusals.add(400)
        if self.method in WRITE_METHODS:
            refusals.add(403)
        if any(p["in"] == "header" and p["name"] == "If-Match" for p in parameters):
            refusals |= {400, 412}
        return refusals

    def _problem_component(self, registry) -> ResolvedComponent:
        component = ResolvedComponent(
            name="Problem",
            type=ResolvedComponent.SCHEMA,
            object="Problem",
            schema=PROBLEM_SCHEMA,
        )
        registry.register_on_missing(component)
        return component


def postprocess_blank_urls(result: dict[str, Any], **kwargs) -> dict[str, Any]:
    """A URL field that may be blank is one string: an http(s) URL or empty.

    drf-spectacular writes it as `oneOf: [uri, maxLength 0]`, which an empty string matches
    twice for validators that accept "" as a URI reference: a `oneOf` that fails on valid data.
    """

    def rewrite(node: Any) -> Any:
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        if not isinstance(node, dict):
            return node
        branches = node.get("oneOf")
        if (
            isinstance(branches, list)
            and len(branches) == 2
            and branches[0].get("format") == "uri"
            and branches[1] == {"type": "string", "maxLength": 0}
        ):
            url = {key: value for key, value in branches[0].items() if key != "format"}
            rest = {key: value for key, value in node.items() if key != "oneOf"}
            return {
                **rest,
                **url,
                "pattern": "^(https?://.+)?$",
                "description": "An http(s) URL, or empty when there is none.",
            }
        return {key: rewrite(value) for key, value in node.items()}

    return rewrite(result)


def postprocess_nullable(result: dict[str, Any], **kwargs) -> dict[str, Any]:
    """OpenAPI 3.0's `nullable: true` (DRF's own pagination schema still writes it) in 3.1's
    terms, which have no such keyword: `null` becomes one of the types allowed."""

    def rewrite(node: Any) -> Any:
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: rewrite(value) for key, value in node.items()}
        if node.pop("nullable", False):
            kind = node.get("type")
            if isinstance(kind, str):
                node["type"] = [kind, "null"]
            else:
                node = {"oneOf": [node, {"type": "null"}]}
        return node

    return rewrite(result)
