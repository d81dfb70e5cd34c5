"""W3C Web Annotation JSON-LD: one `Annotation` per verified claim, with the motivation
`assessing`, targeting the quoted span of the article.

Bodies: the verdict (a TextualBody with the purpose `assessing`, by the reviewer), the reviewer's
note (`commenting`), one TextualBody per tag (`tagging`) and one SpecificResource per citation
(`linking`, its `label` the stance: Corroborates, Conflicts or Context). A citation of another
Corroborate article points at that article's page with the cited span's selectors.

Pages of the export follow the W3C collection model: the first page comes embedded in its
`AnnotationCollection` (with `total`); later pages are `AnnotationPage`s `partOf` it, each with
`next` while more follow. Tombstones are not part of this format: the JSON and NDJSON formats
carry them.
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
    next_url: str | None,
    part_of: object,
    start_index: int | None = None,
) -> dict[str, object]:
    page: dict[str, object] = {"id": page_id, "type": "AnnotationPage", "partOf": part_of}
    if start_index is not None:
        page["startIndex"] = start_index
    if next_url:
        page["next"] = next_url
    page["items"] = annotations
    return page


def _collection(collection_id: str, total: int) -> dict[str, object]:
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
    page_id: str,
    next_url: str | None,
    total: int,
) -> dict[str, object]:
    """The collection, with its first page embedded (`startIndex` 0)."""
    first = _page(
        annotations, page_id=page_id, next_url=next_url, part_of=collection_id, start_index=0
    )
    return {"@context": ANNOTATION_CONTEXT, **_collection(collection_id, total), "first": first}


def page_of_collection(
    annotations: list[dict[str, object]],
    *,
    collection_id: str,
    page_id: str,
    next_url: str | None,
    total: int,
) -> dict[str, object]:
    """A later page, naming the collection it is part of."""
    part_of = _collection(collection_id, total)
    page = _page(annotations, page_id=page_id, next_url=next_url, part_of=part_of)
    return {"@context": ANNOTATION_CONTEXT, **page}


def collection_stream(
    claims: Iterable[ExportClaim], *, site: Site, collection_id: str, total: int
) -> Iterator[bytes]:
    """A whole collection in one file, its single page written one annotation at a time."""

    def pieces() -> Iterator[bytes]:
        head = collection_with_first_page(
            [],
            collection_id=collection_id,
            page_id=f"{collection_id}#page-1",
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
