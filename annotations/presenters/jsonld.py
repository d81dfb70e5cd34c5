"""W3C Web Annotation JSON-LD: one `Annotation` per claim, with the motivation `assessing`,
targeting the quoted span of the article. The export and the annotation containers
(`annotations/protocol/`) both present claims through `claim_to_annotation`, so a claim is the
same document in both.

Bodies: the claim restated as a checkable sentence (a TextualBody with the purpose
`describing`, by its editor); once verified, the verdict (`assessing`, by the reviewer) and the
reviewer's note (`commenting`), before that the editor's working note (`commenting`); one
TextualBody per tag (`tagging`) and one SpecificResource per citation (`linking`, its `label`
the stance: Corroborates, Conflicts or Context). A citation of another Corroborate article
points at that article's page with the cited span's selectors. `canonical` and `via` are the
IRIs a client sent when it created the annotation.

Pages follow the W3C collection model: an `AnnotationCollection` with `total` and its `first`
page (embedded or linked); `AnnotationPage`s `partOf` it, with `startIndex`, `prev` and `next`.
Tombstones are not part of this format: the JSON and NDJSON formats carry them.
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


def _textual_body(purpose: str, value: str, creator: ExportPerson) -> dict[str, object]:
    return {
        "type": "TextualBody",
        "purpose": purpose,
        "value": value,
        "format": "text/plain",
        "creator": _person(creator),
    }


def claim_to_annotation(claim: ExportClaim, site: Site) -> dict[str, object]:
    """The claim as a self-contained Annotation (its own `@context`, even inside a page).

    The same document whether it comes from the export or from the annotation containers. A
    claim not yet verified has no verdict; its editor's working note is a `commenting` body
    until then (once verified, the published record carries the reviewer's note instead).
    """
    bodies: list[dict[str, object]] = [_textual_body("describing", claim.text, claim.creator)]
    if claim.verdict is None:
        if claim.note:
            bodies.append(_textual_body("commenting", claim.note, claim.creator))
    else:
        verdict = _textual_body("assessing", claim.verdict.label, claim.reviewer)
        verdict["created"] = timestamp(claim.verified_at, precise=False)
        bodies.append(verdict)
        if claim.verdict_note:
            bodies.append(_textual_body("commenting", claim.verdict_note, claim.reviewer))
    bodies.extend({"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in claim.tags)
    bodies.extend(_citation_body(citation, site) for citation in claim.citations)
    article = claim.article
    annotation: dict[str, object] = {
        "@context": ANNOTATION_CONTEXT,
        "id": site.annotation_url(claim.id, claim.slug),
        "type": "Annotation",
    }
    if claim.canonical:
        annotation["canonical"] = claim.canonical
    if claim.via:
        annotation["via"] = claim.via
    annotation |= {
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
    return annotation


# Collections and pages (W3C Web Annotation Protocol, section 4.2, on ActivityStreams paging)


def annotation_page(
    items: list[object],
    *,
    page_id: str,
    part_of: object,
    start_index: int | None = None,
    next_url: str | None = None,
    prev_url: str | None = None,
) -> dict[str, object]:
    """An AnnotationPage: `items` (annotations, or their IRIs), the collection it is `partOf`
    (its IRI or its description), its place in it, and the pages before and after."""
    page: dict[str, object] = {"id": page_id, "type": "AnnotationPage", "partOf": part_of}
    if start_index is not None:
        page["startIndex"] = start_index
    if prev_url:
        page["prev"] = prev_url
    if next_url:
        page["next"] = next_url
    page["items"] = items
    return page


def annotation_collection(
    *,
    collection_id: str,
    total: int,
    label: str = COLLECTION_LABEL,
    first: object = None,
    last: str | None = None,
    types: tuple[str, ...] = ("AnnotationCollection",),
) -> dict[str, object]:
    """An AnnotationCollection (without `@context`): its `total`, and its `first` page (an IRI
    or the page itself) and `last` page when given."""
    collection: dict[str, object] = {
        "id": collection_id,
        "type": types[0] if len(types) == 1 else list(types),
        "label": label,
        "total": total,
    }
    if first is not None:
        collection["first"] = first
    if last:
        collection["last"] = last
    return collection


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
    first = annotation_page(
        annotations, page_id=first_url, next_url=next_url, part_of=collection_id, start_index=0
    )
    collection = annotation_collection(
        collection_id=collection_id, total=total, first=first, last=last_url
    )
    return {"@context": ANNOTATION_CONTEXT, **collection}


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
    """A page, naming the collection it is part of (with its first and last pages), its
    `startIndex` and its neighbours."""
    part_of = annotation_collection(
        collection_id=collection_id, total=total, first=first_url, last=last_url
    )
    page = annotation_page(
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
