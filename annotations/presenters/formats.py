"""The export formats, registered once: their media types and the presenters that write them.

The API and `manage.py export_claims` both choose a format here. Each format can write a whole
export as a stream of bytes (`stream`); the paged formats can also write one page (`page`), which
is how the API serves them. NDJSON and CSV have no pages: the API streams them whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from annotations.presenters import claimreview, jsonld
from annotations.presenters import csv as csv_presenter
from annotations.presenters import json as json_presenter
from annotations.presenters.base import ANNOTATION_CONTEXT, Site
from annotations.selectors.export.feed import CollectionPage, ExportPage
from annotations.selectors.export.rows import ExportClaim, ExportEvent


class ExportFormat(StrEnum):
    JSON = "json"
    NDJSON = "ndjson"
    CSV = "csv"
    JSONLD = "jsonld"
    CLAIMREVIEW = "claimreview"


@dataclass(frozen=True)
class StreamContext:
    """What a whole export needs besides its events."""

    site: Site
    collection_url: str  # the export's own URL in this format, without paging parameters
    total: int  # how many claims it holds


class Paging(StrEnum):
    FEED = "feed"  # the incremental sync: claims and tombstones in the order of change
    COLLECTION = "collection"  # the matching verified claims as one set, paged by id


@dataclass(frozen=True)
class PageContext:
    """What one page of a paged format needs besides its rows."""

    page: ExportPage | CollectionPage
    site: Site
    total: int
    collection_url: str  # the collection itself: no cursor
    page_url: str
    first_url: str
    last_url: str
    next_url: str | None
    prev_url: str | None
    first_page: bool  # asked for without a cursor


@dataclass(frozen=True)
class ExportFormatSpec:
    format: ExportFormat
    media_type: str
    content_type: str  # the media type with the parameters the response declares
    # What an Accept header must match to choose it (None: only `format=` chooses it). Django's
    # matching lets a bare media type in Accept match one offered with parameters.
    negotiated_as: str | None
    stream: Callable[[Iterator[ExportEvent], StreamContext], Iterator[bytes]]
    paging: Paging | None  # None: the API streams it whole
    page: Callable[[PageContext], object] | None  # the page's data, for the paged formats
    filename: str | None = None  # offered as a download under this name

    @property
    def paged(self) -> bool:
        return self.paging is not None


def _claims_only(events: Iterable[ExportEvent]) -> Iterator[ExportClaim]:
    return (event for event in events if isinstance(event, ExportClaim))


def _json_page(context: PageContext) -> object:
    return json_presenter.page_to_json(
        context.page, site=context.site, total=context.total, next_url=context.next_url
    )


def _jsonld_page(context: PageContext) -> object:
    annotations = [jsonld.claim_to_annotation(claim, context.site) for claim in context.page.claims]
    if context.first_page:
        return jsonld.collection_with_first_page(
            annotations,
            collection_id=context.collection_url,
            first_url=context.first_url,
            last_url=context.last_url,
            next_url=context.next_url,
            total=context.total,
        )
    return jsonld.page_of_collection(
        annotations,
        collection_id=context.collection_url,
        page_url=context.page_url,
        first_url=context.first_url,
        last_url=context.last_url,
        next_url=context.next_url,
        prev_url=context.prev_url,
        start_index=context.page.start_index,
        total=context.total,
    )


def _claimreview_page(context: PageContext) -> object:
    return [claimreview.claim_to_claimreview(claim, context.site) for claim in context.page.claims]


def _jsonld_stream(events: Iterator[ExportEvent], context: StreamContext) -> Iterator[bytes]:
    return jsonld.collection_stream(
        _claims_only(events),
        site=context.site,
        collection_id=context.collection_url,
        total=context.total,
    )


FORMATS: dict[ExportFormat, ExportFormatSpec] = {
    spec.format: spec
    for spec in (
        ExportFormatSpec(
            format=ExportFormat.JSON,
            media_type="application/json",
            negotiated_as="application/json",
            content_type="application/json",
            stream=lambda events, context: json_presenter.json_document_stream(
                events, context.site
            ),
            paging=Paging.FEED,
            page=_json_page,
        ),
        ExportFormatSpec(
            format=ExportFormat.NDJSON,
            media_type="application/x-ndjson",
            negotiated_as="application/x-ndjson",
            content_type="application/x-ndjson",
            stream=lambda events, context: json_presenter.ndjson_stream(events, context.site),
            paging=None,
            page=None,
        ),
        ExportFormatSpec(
            format=ExportFormat.CSV,
            media_type="text/csv",
            negotiated_as="text/csv",
            content_type="text/csv; charset=utf-8; header=present",
            stream=lambda events, context: csv_presenter.csv_stream(events, context.site),
            paging=None,
            page=None,
            filename="verified-claims.csv",
        ),
        ExportFormatSpec(
            format=ExportFormat.JSONLD,
            media_type="application/ld+json",
            content_type=f'application/ld+json; profile="{ANNOTATION_CONTEXT}"',
            negotiated_as=f'application/ld+json; profile="{ANNOTATION_CONTEXT}"',
            stream=_jsonld_stream,
            paging=Paging.COLLECTION,
            page=_jsonld_page,
        ),
        # ClaimReview shares JSON-LD's media type: only `format=claimreview` chooses it.
        ExportFormatSpec(
            format=ExportFormat.CLAIMREVIEW,
            media_type="application/ld+json",
            content_type="application/ld+json",
            negotiated_as=None,
            stream=lambda events, context: claimreview.claimreview_array_stream(
                _claims_only(events), context.site
            ),
            paging=Paging.COLLECTION,
            page=_claimreview_page,
        ),
    )
}
NEGOTIABLE_MEDIA_TYPES: dict[str, ExportFormatSpec] = {
    spec.negotiated_as: spec for spec in FORMATS.values() if spec.negotiated_as
}
