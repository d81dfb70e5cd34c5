"""`/api/v1/export/claims/` and `/api/v1/claims/<pk>.jsonld`: verified claims for consumers.

Any signed-in user or token may read them, a service account with no role included. The view
parses its parameters with one serializer, chooses the format from `format=` or the Accept header
(Django's own negotiation), reads through the export selectors and hands the rows to the
format's presenter from the registry; DRF renders only its errors, as problem details.
"""

from __future__ import annotations

import hashlib

import orjson
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.views import APIView

from annotations.api.export_parameters import ExportParameters, ExportQuery
from annotations.api.export_schema import (
    ANNOTATION_HEADERS,
    ANNOTATION_RESPONSES,
    EXPORT_HEADERS,
    EXPORT_RESPONSES,
)
from annotations.presenters import jsonld
from annotations.presenters.base import Site
from annotations.presenters.formats import (
    FORMATS,
    NEGOTIABLE_MEDIA_TYPES,
    ExportFormat,
    ExportFormatSpec,
    PageContext,
    Paging,
    StreamContext,
    streamed_export,
)
from annotations.selectors.export.cursor import ExportCursor
from annotations.selectors.export.feed import (
    export_claims_page,
    export_collection_page,
)
from annotations.selectors.export.freshness import export_state
from annotations.selectors.export.queries import export_claim


class FormatChosenByView(BaseContentNegotiation):
    """Leave `format=` and Accept to the view (DRF would answer an unknown format with 404)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def negotiated_format(request: Request) -> ExportFormat:
    """The format the Accept header prefers (JSON when it says nothing); media type parameters
    such as a JSON-LD `profile` do not stand in the way of a match."""
    preferred = request._request.get_preferred_type(list(NEGOTIABLE_MEDIA_TYPES))
    if preferred is None:
        offered = ", ".join(NEGOTIABLE_MEDIA_TYPES)
        raise NotAcceptable(
            "None of the media types in the Accept header is offered; ask for one of: "
            f"{offered}, or use format=claimreview."
        )
    return NEGOTIABLE_MEDIA_TYPES[preferred].format


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


def _streamed(
    spec: ExportFormatSpec, query: ExportQuery, context: StreamContext
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        streamed_export(spec, query.filters, context), content_type=spec.content_type
    )
    if spec.filename:
        response["Content-Disposition"] = f'attachment; filename="{spec.filename}"'
    return response


def _page_link(request: Request, spec: ExportFormatSpec, cursor: ExportCursor | None) -> str:
    return _link(request, spec.format, cursor=None if cursor is None else cursor.encode())


def _paged(
    request: Request, spec: ExportFormatSpec, query: ExportQuery, site: Site, total: int
) -> HttpResponse:
    """A page of the feed (json) or of the collection (jsonld, claimreview), with its links in
    the body where the format has a place for them and in the Link header (RFC 8288)."""
    if spec.paging is Paging.FEED:
        page = export_claims_page(
            filters=query.filters, cursor=query.cursor, page_size=query.page_size
        )
        links = {
            "next": _page_link(request, spec, page.cursor) if page.has_more else None,
            "prev": None,
            "first": _page_link(request, spec, None),
            "last": None,
        }
        page_url = _page_link(request, spec, page.start)
    else:
        after = query.cursor.walk if query.cursor is not None else 0
        page = export_collection_page(
            filters=query.filters, after=after or 0, page_size=query.page_size, total=total
        )
        first = _page_link(request, spec, ExportCursor(walk=0))
        links = {
            "next": None
            if page.next_after is None
            else _page_link(request, spec, ExportCursor(walk=page.next_after)),
            "prev": None
            if page.prev_after is None
            else _page_link(request, spec, ExportCursor(walk=page.prev_after)),
            "first": first,
            "last": _page_link(request, spec, ExportCursor(walk=page.last_after)),
        }
        page_url = _page_link(request, spec, ExportCursor(walk=page.after))
    context = PageContext(
        page=page,
        site=site,
        total=total,
        collection_url=_page_link(request, spec, None),
        page_url=page_url,
        first_url=links["first"],
        last_url=links["last"] or links["first"],
        next_url=links["next"],
        prev_url=links["prev"],
        first_page=query.cursor is None,
    )
    response = HttpResponse(orjson.dumps(spec.page(context)), content_type=spec.content_type)
    header = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)
    if header:
        response["Link"] = header
    return response


class ClaimExportView(APIView):
    content_negotiation_class = FormatChosenByView
    throttle_scope = "export"

    @extend_schema(parameters=[ExportParameters, *EXPORT_HEADERS], responses=EXPORT_RESPONSES)
    def get(self, request: Request) -> HttpResponseBase:
        """Verified claims: an incremental feed (json), a paged collection (jsonld,
        claimreview) or the whole export streamed (ndjson, csv).

        json pages follow the feed in the order changes committed, with the claims withdrawn
        since; keep the last page's `cursor` and pass it back later to receive what changed.
        """
        parameters = ExportParameters(
            data=request.query_params.dict(),
            context={"negotiate": lambda: negotiated_format(request)},
        )
        parameters.is_valid(raise_exception=True)
        query = parameters.export_query()
        spec = FORMATS[query.format]
        state = export_state(filters=query.filters)
        site = Site.at(request.build_absolute_uri("/"))
        etag = state.etag(query, spec.format, site)
        not_modified = _not_modified(request, etag)
        if not_modified is not None:
            return not_modified

        if spec.paged:
            response: HttpResponseBase = _paged(request, spec, query, site, state.count)
        else:
            context = StreamContext(
                site=site,
                collection_url=_link(request, spec.format, cursor=None, page_size=None),
                total=state.count,
            )
            response = _streamed(spec, query, context)
        response["ETag"] = etag
        _cache_headers(response)
        return response


class ClaimAnnotationView(APIView):
    content_negotiation_class = FormatChosenByView

    @extend_schema(
        operation_id="api_v1_claims_jsonld_retrieve",
        parameters=ANNOTATION_HEADERS,
        responses=ANNOTATION_RESPONSES,
    )
    def get(self, request: Request, pk: int) -> HttpResponseBase:
        """One verified claim as a W3C Web Annotation (404 for a claim that is not verified)."""
        claim = export_claim(claim_id=pk)
        site = Site.at(request.build_absolute_uri("/"))
        body = orjson.dumps(jsonld.claim_to_annotation(claim, site))
        etag = f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'
        not_modified = _not_modified(request, etag)
        if not_modified is not None:
            return not_modified
        response = HttpResponse(body, content_type=FORMATS[ExportFormat.JSONLD].content_type)
        response["ETag"] = etag
        _cache_headers(response)
        return response
