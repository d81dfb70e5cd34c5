"""W3C Web Annotation JSON-LD: one `Annotation` per verified claim, with the motivation
`assessing`, targeting the quoted span of the article.

Bodies: the verdict (a TextualBody with the purpose `assessing`, by the reviewer), the reviewer's
note (`commenting`), one TextualBody per tag (`tagging`) and one SpecificResource per citation
(`linking`, its `label` the stance: Corroborates, Conflicts or Context). A citation of another
Corroborate article points at that article's page with the cited span's selectors.

Pages follow the paging model of the W3C Web Annotation Protocol (section 4): the collection
names its `total`, its `first` page (embedded in the answer without a cursor) and its `last`;
every page names the collection it is `partOf`, its `startIndex` (the number of annotations
before it) and its `next` and `prev` pages where there are any. Tombstones are not part of this
format: the JSON and NDJSON formats carry them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import orjson

from annotations.presenters.base import ANNOTATION_CONTEXT, Site, buffered, timestamp
from annotations.presenters.json import selectors_json
from annotations.selectors.export.rows import ExportCitation, ExportClaim, ExportPerson

COLLECTION_LABEL = "Verified claims"


def _person(person: ExportPerson) -> dict[str, str]:
    return {"type": "Person", "name": person.display_name, "nickname": person.username}


def _citation_body(citation: ExportCitation, site: Site) -> dict[str, object]:
    body: dict[str, object] = {
        "type": "SpecificResource",
        "purpose": "linking",
        "label": citation.stance.label,
    }
    span = citation.cited_span
    if span is None:
        body["source"] = citation.url
    else:
        body["source"] = site.article_url(span.article_id)
        body["selector"] = selectors_json(exact=span.exact, start=span.start, end=span.end)
    return body


def claim_to_annotation(claim: ExportClaim, site: Site) -> dict[str, object]:
    """The claim as a self-contained Annotation (its own `@context`, even inside a page)."""
    bodies: list[dict[str, object]] = [
        {
            "type": "TextualBody",
            "purpose": "assessing",
            "value": claim.verdict.label,
            "format": "text/plain",
            "creator": _person(claim.reviewer),
            "created": timestamp(claim.verified_at, precise=False),
        }
    ]
    if claim.verdict_note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": claim.verdict_note,
                "format": "text/plain",
                "creator": _person(claim.reviewer),
            }
        )
    bodies.extend({"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in claim.tags)
    bodies.extend(_citation_body(citation, site) for citation in claim.citations)
    article = claim.article
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": site.annotation_url(claim.id),
        "type": "Annotation",
        "motivation": "assessing",
        "created": timestamp(claim.created_at, precise=False),
        "modified": timestamp(claim.updated_at, precise=False),
        "creator": _person(claim.creator),
        "body": bodies,
        "target": {
            "source": article.url or site.article_url(article.id),
            "selector": selectors_json(
                exact=claim.exact,
                prefix=claim.prefix,
                suffix=claim.suffix,
                start=claim.start,
                end=claim.end,
            ),
        },
    }


def _page(
    annotations: list[dict[str, object]],
    *,
    page_id: str,
    part_of: object,
    start_index: int,
    next_url: str | None,
    prev_url: str | None,
) -> dict[str, object]:
    page: dict[str, object] = {
        "id": page_id,
        "type": "AnnotationPage",
        "partOf": part_of,
        "startIndex": start_index,
    }
    if next_url:
        page["next"] = next_url
    if prev_url:
        page["prev"] = prev_url
    page["items"] = annotations
    return page


def _collection(collection_id: str, *, total: int) -> dict[str, object]:
    return {
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": COLLECTION_LABEL,
        "total": total,
    }


def collection_with_first_page(
    annotations: list[dict[str, object]],
    *,
    collection_id: str,
    first_url: str,
    last_url: str,
    next_url: str | None,
    total: int,
) -> dict[str, object]:
    """The collection, with its first page embedded (`startIndex` 0) and its last page named."""
    first = _page(
        annotations,
        page_id=first_url,
        part_of=collection_id,
        start_index=0,
        next_url=next_url,
        prev_url=None,
    )
    collection = _collection(collection_id, total=total)
    return {"@context": ANNOTATION_CONTEXT, **collection, "first": first, "last": last_url}


def page_of_collection(
    annotations: list[dict[str, object]],
    *,
    collection_id: str,
    page_url: str,
    first_url: str,
    last_url: str,
    next_url: str | None,
    prev_url: str | None,
    start_index: int,
    total: int,
) -> dict[str, object]:
    """A page, naming the collection it is part of (with its first and last pages)."""
    part_of = {
        **_collection(collection_id, total=total),
        "first": first_url,
        "last": last_url,
    }
    page = _page(
        annotations,
        page_id=page_url,
        part_of=part_of,
        start_index=start_index,
        next_url=next_url,
        prev_url=prev_url,
    )
    return {"@context": ANNOTATION_CONTEXT, **page}


def collection_stream(
    claims: Iterable[ExportClaim], *, site: Site, collection_id: str, total: int
) -> Iterator[bytes]:
    """A whole collection in one file, its single page written one annotation at a time."""

    def pieces() -> Iterator[bytes]:
        only_page = f"{collection_id}#page-1"
        head = collection_with_first_page(
            [],
            collection_id=collection_id,
            first_url=only_page,
            last_url=only_page,
            next_url=None,
            total=total,
        )
        # Everything up to the empty items list, then the items, then the closing brackets.
        encoded = orjson.dumps(head)
        opening, closing = encoded.split(b'"items":[]', 1)
        yield opening + b'"items":['
        separator = b""
        for claim in claims:
            yield separator + orjson.dumps(claim_to_annotation(claim, site))
            separator = b","
        yield b"]" + closing + b"\n"

    return buffered(pieces())
