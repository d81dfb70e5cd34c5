"""The export's own JSON: one object per claim with everything Corroborate knows about it, and
`{"type": "tombstone"}` objects for claims withdrawn since. NDJSON is the same objects, one a line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache, lru_cache

import orjson

from annotations.anchoring import position_selector_json, quote_selector_json
from annotations.presenters.base import Site, buffered, timestamp
from annotations.selectors.export.feed import ExportPage
from annotations.selectors.export.rows import (
    ExportArticle,
    ExportCitation,
    ExportClaim,
    ExportEvent,
    ExportPerson,
    ExportSource,
    ExportTombstone,
)
from annotations.workflow import Verdict


def selectors_json(
    *, exact: str, start: int, end: int, prefix: str = "", suffix: str = ""
) -> list[dict[str, object]]:
    """The W3C pair: TextQuoteSelector then TextPositionSelector (code point offsets)."""
    return [quote_selector_json(exact, prefix, suffix), position_selector_json(start, end)]


def _person(person: ExportPerson) -> dict[str, str]:
    return {"username": person.username, "display_name": person.display_name}


# Articles, sources and verdicts recur across thousands of claims: each is turned into JSON
# once. The cached dicts are shared by every claim that shows them; they are only serialized.


@lru_cache(maxsize=4096)
def _source(source: ExportSource) -> dict[str, object]:
    return {
        "name": source.name,
        "domain": source.domain,
        "kind": source.kind.value,
        "reliability": source.reliability.value,
    }


@lru_cache(maxsize=4096)
def _article(article: ExportArticle, site: Site) -> dict[str, object]:
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url or None,
        "publisher": article.publisher,
        "author": article.author,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "revision": article.revision_number,
        "app_url": site.article_url(article.id),
    }


@cache
def _verdict(verdict: Verdict) -> dict[str, object]:
    return {
        "value": verdict.value,
        "label": verdict.label,
        "definition": verdict.definition,
        "rating_value": verdict.rating_value,
    }


def _citation(citation: ExportCitation, site: Site) -> dict[str, object]:
    source = citation.source
    span = citation.cited_span
    return {
        "id": citation.id,
        "stance": citation.stance.value,
        "url": citation.url or None,
        "title": citation.title,
        "quote": citation.quote,
        "location": citation.location,
        "accessed_on": citation.accessed_on.isoformat() if citation.accessed_on else None,
        "archive_url": citation.archive_url or None,
        "source": None if source is None else _source(source),
        "article": None
        if span is None
        else {
            "id": span.article_id,
            "title": span.article_title,
            "url": site.article_url(span.article_id),
            "selectors": selectors_json(exact=span.exact, start=span.start, end=span.end),
        },
    }


def claim_to_json(claim: ExportClaim, site: Site) -> dict[str, object]:
    return {
        "type": "claim",
        "id": claim.id,
        "text": claim.text,
        "quote": {"exact": claim.exact, "prefix": claim.prefix, "suffix": claim.suffix},
        "selectors": selectors_json(
            exact=claim.exact,
            prefix=claim.prefix,
            suffix=claim.suffix,
            start=claim.start,
            end=claim.end,
        ),
        "article": _article(claim.article, site),
        "tags": list(claim.tags),
        "verdict": _verdict(claim.verdict),
        "verdict_note": claim.verdict_note,
        "citations": [_citation(citation, site) for citation in claim.citations],
        "editor": _person(claim.creator),
        "reviewer": _person(claim.reviewer),
        "verified_at": timestamp(claim.verified_at),
        "updated_at": timestamp(claim.updated_at),
        "permalink": site.factcheck_url(claim.id),
        "same_as": [
            {"id": other, "permalink": site.factcheck_url(other)} for other in claim.same_as
        ],
        "annotation_url": site.annotation_url(claim.id, claim.slug),
    }


def tombstone_to_json(tombstone: ExportTombstone) -> dict[str, object]:
    return {
        "type": "tombstone",
        "id": tombstone.claim_id,
        "reason": tombstone.reason.value,
        "withdrawn_at": timestamp(tombstone.withdrawn_at),
    }


def event_to_json(event: ExportEvent, site: Site) -> dict[str, object]:
    if isinstance(event, ExportTombstone):
        return tombstone_to_json(event)
    return claim_to_json(event, site)


def page_to_json(
    page: ExportPage, *, site: Site, total: int, next_url: str | None
) -> dict[str, object]:
    """A page of the feed. `withdrawn` covers the same stretch of time as `results`: apply it
    first. `cursor` is where the page ends; pass it back later to get what changed since."""
    return {
        "count": total,
        "next": next_url,
        "cursor": page.cursor.encode(),
        "results": [claim_to_json(claim, site) for claim in page.claims],
        "withdrawn": [tombstone_to_json(tombstone) for tombstone in page.tombstones],
    }


def ndjson_stream(events: Iterable[ExportEvent], site: Site) -> Iterator[bytes]:
    """One JSON object a line, claims and tombstones in time order."""
    return buffered(orjson.dumps(event_to_json(event, site)) + b"\n" for event in events)


def json_document_stream(events: Iterable[ExportEvent], site: Site) -> Iterator[bytes]:
    """`{"results": [claims…], "withdrawn": [tombstones…]}` written piece by piece (the few
    tombstones are held back to the end, the claims never held)."""

    def pieces() -> Iterator[bytes]:
        tombstones: list[dict[str, object]] = []
        separator = b""
        yield b'{"results":['
        for event in events:
            if isinstance(event, ExportTombstone):
                tombstones.append(tombstone_to_json(event))
                continue
            yield separator + orjson.dumps(claim_to_json(event, site))
            separator = b","
        yield b'],"withdrawn":' + orjson.dumps(tombstones) + b"}\n"

    return buffered(pieces())
