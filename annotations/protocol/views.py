"""The annotation containers and the annotations in them (W3C Web Annotation Protocol).

`/annotations/` holds every claim (any signed-in user reads; editors create, replace and
delete drafts); `/annotations/verified/` holds the verified claims, read-only. Each is an LDP
Basic Container and an AnnotationCollection paged with `?page=N` (`&iris=1` for pages of IRIs);
an annotation is `/annotations/<id or slug>`. Views translate HTTP: the documents come from the
JSON-LD presenter, the reads from `selectors/annotations.py`, the writes from the claim services.
"""

from __future__ import annotations

import math
from typing import ClassVar

import orjson
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import MethodNotAllowed, NotFound, UnsupportedMediaType
from rest_framework.request import Request
from rest_framework.views import APIView

from annotations.api.export import FormatChosenByView
from annotations.models.claim import ANNOTATION_SLUG_MAX_LENGTH
from annotations.policies import check_claim_editable, check_mark_claims
from annotations.presenters.base import ANNOTATION_CONTEXT, Site
from annotations.presenters.jsonld import (
    annotation_collection,
    annotation_page,
    claim_to_annotation,
)
from annotations.protocol.http import (
    ACCEPT_POST,
    ACCEPTED_BODY_TYPES,
    CONSTRAINED_BY,
    LDP,
    LDP_CONTEXT,
    OFFERED_MEDIA_TYPES,
    PROTOCOL_CONSTRAINTS,
    ContainerPreference,
    Containment,
    check_if_match,
    container_preference,
    link_header,
    negotiate_media_type,
    representation_etag,
    slug_from_header,
)
from annotations.protocol.incoming import AnnotationInput, annotation_from_json
from annotations.selectors.annotations import (
    annotation_claim,
    annotation_count,
    annotation_names,
    annotation_row,
    annotation_rows,
    article_for_target,
)
from annotations.selectors.export.rows import ExportClaim
from annotations.services.annotations import annotation_create, annotation_replace
from annotations.services.claims import TAGS_PER_CLAIM_MAX, claim_delete
from project.errors import InvalidInput, TooLarge
from project.http import is_whole_number, versioned_etag

CONTAINER_TYPES = ("BasicContainer", "AnnotationCollection")
PAGE_METHODS = "GET, HEAD, OPTIONS"
NO_PREFERENCE = ContainerPreference()


def _site(request: HttpRequest) -> Site:
    return Site.at(request.build_absolute_uri("/"))


def _constraint_links(request: HttpRequest) -> tuple[tuple[str, str], ...]:
    """The protocol's constraints, then Corroborate's own (what a claim must be)."""
    ours = request.build_absolute_uri(reverse("annotation-constraints"))
    return ((PROTOCOL_CONSTRAINTS, CONSTRAINED_BY), (ours, CONSTRAINED_BY))


def _private(response: HttpResponseBase, *vary: str) -> None:
    # What a signed-in user reads, always revalidated: the strong ETag makes that cheap.
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, vary)


def _conditional(request: HttpRequest, etag: str, response: HttpResponse) -> HttpResponseBase:
    """304 for a matching If-None-Match (with the headers a 200 would have had), else `response`."""
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is None:
        return response
    for header in ("ETag", "Link", "Vary", "Cache-Control", "Content-Location"):
        if header in response:
            not_modified[header] = response[header]
    return not_modified


def _read_annotation(request: Request) -> AnnotationInput:
    """The request's body as an annotation: 415 unless it is JSON(-LD), 400 unless it parses."""
    content_type = request._request.content_type
    if content_type not in ACCEPTED_BODY_TYPES:
        raise UnsupportedMediaType(
            content_type,
            detail=f"Send the annotation as {' or '.join(ACCEPTED_BODY_TYPES)}, not "
            f"{content_type or 'a body without a Content-Type'}.",
        )
    try:
        body = request._request.body
    except RequestDataTooBig:
        raise TooLarge("The annotation is larger than the server accepts.") from None
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise InvalidInput(f"The body is not JSON: {error}.") from None
    return annotation_from_json(document)


class _ProtocolView(APIView):
    # The view chooses the media type itself (406 when none fits); DRF renders only errors.
    content_negotiation_class = FormatChosenByView
    parser_classes = ()

    def handle_exception(self, exc: Exception) -> HttpResponseBase:
        response = super().handle_exception(exc)
        # LDP 4.2.1.6: a refused request links to the constraints it may have broken.
        response["Link"] = link_header(*_constraint_links(self.request._request))
        return response


# Containers ---------------------------------------------------------------------------------


class _Container(_ProtocolView):
    verified_only: ClassVar[bool]
    creates: ClassVar[bool]  # whether annotations are created in it (POST)
    label: ClassVar[str]
    route_name: ClassVar[str]

    def _url(self, request: Request, *, iris: bool, page: int | None = None) -> str:
        params = [("iris", "1")] if iris else []
        if page is not None:
            params.append(("page", str(page)))
        query = "&".join(f"{name}={value}" for name, value in params)
        path = reverse(self.route_name)
        return request.build_absolute_uri(f"{path}?{query}" if query else path)

    def _page(
        self, request: Request, *, number: int, iris: bool, total: int, part_of: object
    ) -> dict[str, object]:
        size = settings.ANNOTATION_PAGE_SIZE
        last = max(1, math.ceil(total / size))
        if number > last:
            raise NotFound(f"This container has {last} page(s); there is no page {number}.")
        offset = (number - 1) * size
        site = _site(request._request)
        if iris:
            names = annotation_names(verified_only=self.verified_only, offset=offset, limit=size)
            items: list[object] = [site.annotation_url(pk, slug) for pk, slug in names]
        else:
            rows = annotation_rows(verified_only=self.verified_only, offset=offset, limit=size)
            items = [claim_to_annotation(row, site) for row in rows]
        return annotation_page(
            items,
            page_id=self._url(request, iris=iris, page=number),
            part_of=part_of,
            start_index=offset,
            prev_url=self._url(request, iris=iris, page=number - 1) if number > 1 else None,
            next_url=self._url(request, iris=iris, page=number + 1) if number < last else None,
        )

    def _collection(self, request: Request, *, iris: bool, total: int, first: object) -> dict:
        last = max(1, math.ceil(total / settings.ANNOTATION_PAGE_SIZE))
        return annotation_collection(
            collection_id=self._url(request, iris=iris),
            label=self.label,
            total=total,
            first=first,
            last=self._url(request, iris=iris, page=last),
            types=CONTAINER_TYPES,
        )

    @extend_schema(exclude=True)
    def get(self, request: Request) -> HttpResponseBase:
        media_type = negotiate_media_type(request._request)
        iris = _flag(request, "iris")
        if "page" in request.query_params:
            number = _page_number(request.query_params["page"])
            total = annotation_count(verified_only=self.verified_only)
            part_of = self._collection(
                request, iris=iris, total=total, first=self._url(request, iris=iris, page=1)
            )
            page = self._page(request, number=number, iris=iris, total=total, part_of=part_of)
            body = orjson.dumps({"@context": ANNOTATION_CONTEXT, **page})
            response = HttpResponse(body, content_type=media_type)
            response["ETag"] = representation_etag(body)
            _private(response, "Accept")
            return _conditional(request._request, response["ETag"], response)

        preference = container_preference(request.headers.get("Prefer"))
        if preference.containment is not None:
            iris = preference.containment is Containment.IRIS
        response = self._description(request, media_type, iris=iris, preference=preference)
        if preference.stated:
            response["Preference-Applied"] = "return=representation"
        return _conditional(request._request, response["ETag"], response)

    def _description(
        self,
        request: Request,
        media_type: str,
        *,
        iris: bool = False,
        preference: ContainerPreference = NO_PREFERENCE,
    ) -> HttpResponse:
        """The container described, with its first page embedded unless the client prefers
        the minimal container."""
        total = annotation_count(verified_only=self.verified_only)
        container_id = self._url(request, iris=iris)
        first: object = self._url(request, iris=iris, page=1)
        if not preference.minimal:
            first = self._page(request, number=1, iris=iris, total=total, part_of=container_id)
        collection = self._collection(request, iris=iris, total=total, first=first)
        body = orjson.dumps({"@context": [ANNOTATION_CONTEXT, LDP_CONTEXT], **collection})
        response = HttpResponse(body, content_type=media_type)
        response["ETag"] = representation_etag(body)
        self._describe(request, response)
        response["Content-Location"] = container_id
        _private(response, "Accept", "Prefer")
        return response

    def handle_exception(self, exc: Exception) -> HttpResponseBase:
        response = super().handle_exception(exc)
        self._describe(request=self.request, response=response)
        return response

    def _describe(self, request: Request, response: HttpResponseBase) -> None:
        """The headers every answer of the container carries (the protocol, section 4.1)."""
        container_type = (f"{LDP}BasicContainer", "type")
        response["Link"] = link_header(container_type, *_constraint_links(request._request))
        if self.creates:
            response["Accept-Post"] = ACCEPT_POST

    def options(self, request: Request, *args, **kwargs) -> HttpResponse:
        # Every answer of a container has an ETag: here, its default representation's.
        etag = self._description(request, OFFERED_MEDIA_TYPES[0])["ETag"]
        response = HttpResponse(status=200)
        response["ETag"] = etag
        self._describe(request, response)
        return response


def _flag(request: Request, name: str) -> bool:
    value = request.query_params.get(name, "0")
    if value not in ("0", "1"):
        raise InvalidInput(f"{name} must be 1 or 0, not {value[:20]!r}.", errors={name: ["1 or 0"]})
    return value == "1"


def _page_number(value: str) -> int:
    if not is_whole_number(value) or int(value) < 1:
        message = f"page must be a page number (1, 2, …), not {value[:20]!r}."
        raise InvalidInput(message, errors={"page": [message]})
    return int(value)


class AnnotationContainer(_Container):
    """Every claim, as annotations; editors create draft claims by POSTing annotations."""

    verified_only = False
    creates = True
    label = "Claims"
    route_name = "annotation-container"

    @extend_schema(exclude=True)
    def post(self, request: Request) -> HttpResponseBase:
        if "page" in request.query_params:
            # A page is not a container (the protocol, section 4.3): nothing is created in it.
            self.headers["Allow"] = PAGE_METHODS
            raise MethodNotAllowed("POST", detail="POST to the container, not to one of its pages.")
        # Who may create comes first: a refusal says why before the body is read.
        check_mark_claims(user=request.user)
        media_type = negotiate_media_type(request._request)
        annotation = _read_annotation(request)
        article = article_for_target(source=annotation.target_source, host=request.get_host())
        claim = annotation_create(
            user=request.user,
            article=article,
            annotation=annotation,
            slug=slug_from_header(request.headers.get("Slug")),
        )
        row = annotation_row(segment=claim.slug or str(claim.pk))
        response = _annotation_response(request, row, media_type, status=201)
        response["Location"] = response["Content-Location"]
        self._describe(request, response)  # a container's answer: its links (section 4.1)
        return response


class VerifiedAnnotationContainer(_Container):
    """Verified claims only, read-only: the published record."""

    verified_only = True
    creates = False
    label = "Verified claims"
    route_name = "annotation-container-verified"

    def http_method_not_allowed(self, request: Request, *args, **kwargs) -> HttpResponseBase:
        raise MethodNotAllowed(
            request.method,
            detail=f"The verified claims are read-only; create annotations in "
            f"{reverse('annotation-container')} and verify them through review.",
        )


# Annotations --------------------------------------------------------------------------------


def _annotation_response(
    request: Request, row: ExportClaim, media_type: str, *, status: int = 200
) -> HttpResponse:
    site = _site(request._request)
    document = claim_to_annotation(row, site)
    body = orjson.dumps(document)
    response = HttpResponse(body, status=status, content_type=media_type)
    response["ETag"] = versioned_etag(row.version, body)
    response["Link"] = link_header((f"{LDP}Resource", "type"))
    response["Content-Location"] = document["id"]
    _private(response, "Accept")
    return response


class AnnotationDetail(_ProtocolView):
    """One claim as an annotation: read it; editors replace (PUT) or delete a draft."""

    def _current(self, request: Request, segment: str) -> tuple[ExportClaim, str]:
        row = annotation_row(segment=segment)
        body = orjson.dumps(claim_to_annotation(row, _site(request._request)))
        return row, versioned_etag(row.version, body)

    @extend_schema(exclude=True)
    def get(self, request: Request, segment: str) -> HttpResponseBase:
        media_type = negotiate_media_type(request._request)
        response = _annotation_response(request, annotation_row(segment=segment), media_type)
        return _conditional(request._request, response["ETag"], response)

    @extend_schema(exclude=True)
    def put(self, request: Request, segment: str) -> HttpResponseBase:
        media_type = negotiate_media_type(request._request)
        claim = annotation_claim(segment=segment)
        # Who may change which claim comes first: a refusal says why before the body is read.
        check_claim_editable(user=request.user, claim=claim)
        row, etag = self._current(request, segment)
        expected_version = (
            row.version if check_if_match(request.headers.get("If-Match"), etag) else None
        )
        annotation = _read_annotation(request)
        iri = _site(request._request).annotation_url(row.id, row.slug)
        if annotation.document_id and annotation.document_id != iri:
            message = f"this annotation is {iri}; the body's id is {annotation.document_id[:200]}"
            raise InvalidInput(f"id: {message}", errors={"id": [message]})
        article = article_for_target(
            source=annotation.target_source,
            host=request.get_host(),
            current_article_id=claim.article_id,
        )
        annotation_replace(
            user=request.user,
            claim=claim,
            article=article,
            annotation=annotation,
            expected_version=expected_version,
        )
        return _annotation_response(request, annotation_row(segment=segment), media_type)

    @extend_schema(exclude=True)
    def delete(self, request: Request, segment: str) -> HttpResponse:
        claim = annotation_claim(segment=segment)
        check_claim_editable(user=request.user, claim=claim)
        row, etag = self._current(request, segment)
        expected_version = (
            row.version if check_if_match(request.headers.get("If-Match"), etag) else None
        )
        claim_delete(user=request.user, claim=claim, expected_version=expected_version)
        response = HttpResponse(status=204)
        del response["Content-Type"]
        return response

    def options(self, request: Request, *args, **kwargs) -> HttpResponse:
        response = HttpResponse(status=200)
        response["Link"] = link_header((f"{LDP}Resource", "type"))
        return response


# The constraints document -------------------------------------------------------------------


def constraints(request: HttpRequest) -> HttpResponse:
    """What Corroborate asks of an annotation beyond the protocol: the LDP constraints document
    that every container's `Link: <…>; rel="…#constrainedBy"` names."""
    context = {
        "container": reverse("annotation-container"),
        "verified_container": reverse("annotation-container-verified"),
        "tags_max": TAGS_PER_CLAIM_MAX,
        "slug_max": ANNOTATION_SLUG_MAX_LENGTH,
        "page_size": settings.ANNOTATION_PAGE_SIZE,
    }
    return render(request, "annotations/annotation_constraints.html", context)
