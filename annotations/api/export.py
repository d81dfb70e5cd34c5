"""`/api/v1/export/claims/` and `/api/v1/claims/<pk>.jsonld`: verified claims for consumers.

Any signed-in user or token may read them, a service account with no role included. The view
chooses the format itself (`format=` or the Accept header), reads through the export selector
and hands the rows to a presenter; DRF renders only its errors, as problem details.
"""

from __future__ import annotations

import hashlib

import orjson
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.request import MediaType
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.views import APIView

from annotations.presenters import claimreview, jsonld
from annotations.presenters import csv as csv_presenter
from annotations.presenters import json as json_presenter
from annotations.presenters.base import ExportFormat, Site
from annotations.selectors.export import (
    MAX_PAGE_SIZE,
    ExportCursor,
    ExportFilters,
    ExportPage,
    export_claim,
    export_claims_iter,
    export_claims_page,
    export_filters_from_params,
    export_page_size_from_params,
    export_state,
)
from annotations.workflow import Verdict
from project.errors import InvalidInput

# Formats an Accept header can ask for, most preferred first (ClaimReview shares JSON-LD's media
# type, so it is chosen with format=claimreview only).
NEGOTIABLE_FORMATS = (
    ExportFormat.JSON,
    ExportFormat.NDJSON,
    ExportFormat.CSV,
    ExportFormat.JSONLD,
)
_PAGING_PARAMETERS = ("cursor", "page_size")


class FormatChosenByView(BaseContentNegotiation):
    """Leave `format=` and Accept to the view (DRF would answer an unknown format with 404)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _covers(media_range: MediaType, media_type: str) -> bool:
    main_type, sub_type = media_type.split("/")
    return media_range.main_type in ("*", main_type) and media_range.sub_type in ("*", sub_type)


def negotiate_export_format(request: HttpRequest) -> ExportFormat:
    """`format=` wins; otherwise the Accept header's preferred format; JSON when either says
    nothing. Media type parameters (a JSON-LD `profile`) do not stand in the way of a match."""
    requested = request.GET.get("format", "").strip().lower()
    if requested:
        try:
            return ExportFormat(requested)
        except ValueError:
            options = ", ".join(fmt.value for fmt in ExportFormat)
            raise NotAcceptable(
                f"format: “{requested}” is not an export format; use one of: {options}."
            ) from None
    accept = request.headers.get("Accept", "").strip()
    if not accept:
        return ExportFormat.JSON
    media_ranges = [MediaType(token) for token in accept.split(",") if token.strip()]
    refused = {f"{r.main_type}/{r.sub_type}" for r in media_ranges if r.quality == 0}
    by_preference = sorted(
        (r for r in media_ranges if r.quality > 0),
        key=lambda r: (r.quality, r.specificity),
        reverse=True,
    )
    for media_range in by_preference:
        for fmt in NEGOTIABLE_FORMATS:
            if fmt.media_type not in refused and _covers(media_range, fmt.media_type):
                return fmt
    offered = ", ".join(fmt.media_type for fmt in NEGOTIABLE_FORMATS)
    raise NotAcceptable(
        f"None of the media types in the Accept header ({accept}) is offered; ask for one of: "
        f"{offered}, or use format=claimreview."
    )


def _not_modified(request: Request, etag: str) -> HttpResponseBase | None:
    response = get_conditional_response(request._request, etag=etag)
    if response is not None:
        response["ETag"] = etag
        _cache_headers(response)
    return response


def _cache_headers(response: HttpResponseBase) -> None:
    # Per user (a token or a session), and always revalidated: the ETag makes that cheap.
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])


def _link(request: Request, export_format: ExportFormat, **changes: str | None) -> str:
    """The request's URL with `format` made explicit and the given parameters set or removed."""
    params = request._request.GET.copy()
    params["format"] = export_format.value
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _refuse_paging(request: Request, export_format: ExportFormat) -> None:
    given = [name for name in _PAGING_PARAMETERS if request.query_params.get(name, "").strip()]
    if given:
        names = " and ".join(given)
        raise InvalidInput(
            f"{names}: {export_format.value} is streamed whole, not in pages; leave out {names} "
            "(updated_since limits it to what changed), or ask for json, jsonld or claimreview.",
            errors={name: ["Only the paged formats take this parameter."] for name in given},
        )


def _page_body(
    request: Request,
    export_format: ExportFormat,
    page: ExportPage,
    *,
    site: Site,
    total: int,
    next_url: str | None,
    first_page: bool,
) -> bytes:
    if export_format is ExportFormat.JSON:
        return orjson.dumps(
            json_presenter.page_to_json(page, site=site, total=total, next_url=next_url)
        )
    if export_format is ExportFormat.CLAIMREVIEW:
        return orjson.dumps(
            [claimreview.claim_to_claimreview(claim, site) for claim in page.claims]
        )
    annotations = [jsonld.claim_to_annotation(claim, site) for claim in page.claims]
    collection_id = _link(request, export_format, cursor=None, page_size=None)
    page_id = _link(request, export_format, cursor=page.start.encode())
    build = jsonld.collection_with_first_page if first_page else jsonld.page_of_collection
    return orjson.dumps(
        build(
            annotations,
            collection_id=collection_id,
            page_id=page_id,
            next_url=next_url,
            total=total,
        )
    )


def _streamed(
    export_format: ExportFormat, filters: ExportFilters, site: Site
) -> StreamingHttpResponse:
    events = export_claims_iter(filters=filters)
    if export_format is ExportFormat.CSV:
        response = StreamingHttpResponse(
            csv_presenter.csv_stream(events, site), content_type=export_format.content_type
        )
        response["Content-Disposition"] = 'attachment; filename="verified-claims.csv"'
        return response
    return StreamingHttpResponse(
        json_presenter.ndjson_stream(events, site), content_type=export_format.content_type
    )


_EXPORT_PARAMETERS = [
    OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        enum=[fmt.value for fmt in ExportFormat],
        description="Overrides the Accept header. ndjson and csv are streamed whole.",
    ),
    OpenApiParameter("article", OpenApiTypes.INT, description="Article id."),
    OpenApiParameter("tag", OpenApiTypes.STR, description="Tag name (any case) or id."),
    OpenApiParameter("verdict", OpenApiTypes.STR, enum=[verdict.value for verdict in Verdict]),
    OpenApiParameter("reviewer", OpenApiTypes.STR, description="Reviewer's username or id."),
    OpenApiParameter(
        "updated_since",
        OpenApiTypes.DATETIME,
        description="ISO 8601; claims changed and withdrawn at or after this moment.",
    ),
    OpenApiParameter(
        "cursor", OpenApiTypes.STR, description="From `cursor` or `next` of an earlier page."
    ),
    OpenApiParameter(
        "page_size", OpenApiTypes.INT, description=f"1 to {MAX_PAGE_SIZE}; 100 by default."
    ),
]


class ClaimExportView(APIView):
    content_negotiation_class = FormatChosenByView

    @extend_schema(
        parameters=_EXPORT_PARAMETERS,
        responses={
            (200, ExportFormat.JSON.media_type): OpenApiTypes.OBJECT,
            (200, ExportFormat.NDJSON.media_type): OpenApiTypes.STR,
            (200, ExportFormat.CSV.media_type): OpenApiTypes.STR,
            # A JSON-LD AnnotationCollection page (an object) or a ClaimReview list (an array).
            (200, ExportFormat.JSONLD.media_type): OpenApiTypes.ANY,
        },
    )
    def get(self, request: Request) -> HttpResponseBase:
        """Verified claims in the order they last changed, with the claims withdrawn since.

        Paged (json, jsonld, claimreview) with an opaque cursor, or streamed (ndjson, csv).
        """
        export_format = negotiate_export_format(request._request)
        params = request.query_params
        filters = export_filters_from_params(params)
        if export_format.is_streamed:
            _refuse_paging(request, export_format)
        token = params.get("cursor", "").strip()
        cursor = ExportCursor.decode(token) if token else None
        page_size = export_page_size_from_params(params)
        state = export_state(filters=filters)
        site = Site.at(request.build_absolute_uri("/"))
        etag = state.etag(export_format, filters, cursor, page_size, site)
        not_modified = _not_modified(request, etag)
        if not_modified is not None:
            return not_modified

        if export_format.is_streamed:
            response: HttpResponseBase = _streamed(export_format, filters, site)
        else:
            page = export_claims_page(filters=filters, cursor=cursor, page_size=page_size)
            next_url = None
            if page.has_more:
                next_url = _link(request, export_format, cursor=page.cursor.encode())
            body = _page_body(
                request,
                export_format,
                page,
                site=site,
                total=state.count,
                next_url=next_url,
                first_page=cursor is None,
            )
            response = HttpResponse(body, content_type=export_format.content_type)
            if next_url:
                response["Link"] = f'<{next_url}>; rel="next"'
        response["ETag"] = etag
        _cache_headers(response)
        return response


class ClaimAnnotationView(APIView):
    content_negotiation_class = FormatChosenByView

    @extend_schema(responses={(200, ExportFormat.JSONLD.content_type): OpenApiTypes.OBJECT})
    def get(self, request: Request, pk: int) -> HttpResponseBase:
        """One verified claim as a W3C Web Annotation (404 for a claim that is not verified)."""
        claim = export_claim(claim_id=pk)
        site = Site.at(request.build_absolute_uri("/"))
        body = orjson.dumps(jsonld.claim_to_annotation(claim, site))
        etag = f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'
        not_modified = _not_modified(request, etag)
        if not_modified is not None:
            return not_modified
        response = HttpResponse(body, content_type=ExportFormat.JSONLD.content_type)
        response["ETag"] = etag
        _cache_headers(response)
        return response
