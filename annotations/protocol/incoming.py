"""A W3C Web Annotation sent by a client (POST or PUT), read into what a claim is made of.

What is read:
- `target`: one target, `{"source": <IRI of the article>, "selector": <TextQuoteSelector
  and/or TextPositionSelector>}` (the selectors as the claims API reads them).
- `body` (one or a list) and `bodyValue`: TextualBodies by purpose. `tagging` bodies become
  tags, one `describing` body the claim's text (its restatement as a checkable sentence), one
  `commenting` body the editor's note. A body without a purpose takes the annotation's
  motivation when that is one of these three, and is otherwise a comment.
- `canonical` and `via`, kept as they are; an `id` sent on creation becomes `via`.

What is not: `linking` bodies are the claim's evidence, changed through the citations API, and
are ignored here (so a document read from the server can be sent back as it is); an
`assessing` body would be a verdict, which only a review gives; the server sets `creator`,
`created`, `modified` and `motivation` itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from rest_framework.exceptions import UnsupportedMediaType

from annotations import anchoring
from annotations.models.claim import ANNOTATION_IRI_MAX_LENGTH
from annotations.presenters.base import ANNOTATION_CONTEXT
from project.errors import Conflict, InvalidInput

TEXT_PURPOSES: Final = ("tagging", "describing", "commenting")
SERVER_MANAGED_PURPOSES: Final = ("linking",)
_IRI: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")


@dataclass(frozen=True)
class AnnotationInput:
    """An incoming annotation, as a claim: where it points and what it says."""

    target_source: str
    position: anchoring.TextPositionSelector | None
    quote: anchoring.TextQuoteSelector | None
    text: str
    note: str
    tags: tuple[str, ...]
    canonical: str
    via: str
    document_id: str  # the `id` the client sent, or ""


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(f"{field}: {message}", errors={field: [message]})


def _json_type(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true or false"}.get(
        type(value), "a number" if isinstance(value, int | float) else "null"
    )


def _listed(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def _check_context_and_type(document: dict[str, object]) -> None:
    """The protocol's answer to a body that is not a W3C annotation is 415 (section 6.1)."""
    context = document.get("@context", ANNOTATION_CONTEXT)
    if ANNOTATION_CONTEXT not in _listed(context):
        raise UnsupportedMediaType(
            document.get("@context"),
            detail=f"@context: annotations are read in the W3C annotation context "
            f"({ANNOTATION_CONTEXT}); this document does not use it.",
        )
    if "Annotation" not in _listed(document.get("type")):
        raise UnsupportedMediaType(
            document.get("type"),
            detail='type: this is not a W3C annotation; its "type" must be "Annotation".',
        )


def _iri(document: dict[str, object], field: str) -> str:
    value = document.get(field)
    if value is None:
        return ""
    if not isinstance(value, str) or not _IRI.fullmatch(value):
        raise _invalid(field, f"must be an IRI such as urn:uuid:… or https://…, not {value!r:.80}")
    if len(value) > ANNOTATION_IRI_MAX_LENGTH:
        raise _invalid(field, f"is longer than {ANNOTATION_IRI_MAX_LENGTH} characters")
    return value


def _target(document: dict[str, object]) -> tuple[str, object]:
    targets = _listed(document.get("target"))
    if targets == [None]:
        raise _invalid("target", "an annotation needs a target: the span of an article it marks")
    if len(targets) != 1:
        raise _invalid("target", f"a claim marks one span of one article; {len(targets)} targets")
    target = targets[0]
    if isinstance(target, str):
        raise _invalid(
            "target",
            "the target is a whole resource; a claim marks a span of an article: send "
            '{"source": <the article\'s URL>, "selector": <a TextQuoteSelector and/or a '
            "TextPositionSelector>}",
        )
    if not isinstance(target, dict):
        raise _invalid("target", f"must be an object, not {_json_type(target)}")
    source = target.get("source")
    if not isinstance(source, str) or not source.strip():
        raise _invalid("target", "the target has no source: the URL of the article")
    if "selector" not in target:
        raise _invalid(
            "target",
            "the target has no selector: say which words of the article it marks with a "
            "TextQuoteSelector and/or a TextPositionSelector",
        )
    return source.strip(), target["selector"]


def _body_purpose(body: dict[str, object], motivation: object) -> str:
    purpose = body.get("purpose")
    if purpose is None:
        return motivation if motivation in TEXT_PURPOSES else "commenting"
    if not isinstance(purpose, str):
        raise _invalid("body", f"a body's purpose must be one word, not {_json_type(purpose)}")
    return purpose


def _text_value(body: dict[str, object], purpose: str) -> str:
    if body.get("type", "TextualBody") != "TextualBody":
        raise _invalid("body", f"a {purpose} body must be a TextualBody")
    if body.get("format", "text/plain") != "text/plain":
        raise _invalid("body", f"a {purpose} body must be plain text (format text/plain)")
    value = body.get("value")
    if not isinstance(value, str):
        raise _invalid("body", f"a {purpose} body's value must be text, not {_json_type(value)}")
    return value


def _bodies(document: dict[str, object]) -> dict[str, list[str]]:
    """The text of each body by purpose (`tagging`, `describing`, `commenting`)."""
    motivation = document.get("motivation")
    bodies = [] if document.get("body") is None else _listed(document["body"])
    if "bodyValue" in document:
        bodies.append({"type": "TextualBody", "value": document["bodyValue"]})
    by_purpose: dict[str, list[str]] = {purpose: [] for purpose in TEXT_PURPOSES}
    for body in bodies:
        if isinstance(body, str):
            raise _invalid("body", "a body given as an IRI is not understood; send a TextualBody")
        if not isinstance(body, dict):
            raise _invalid("body", f"a body must be an object, not {_json_type(body)}")
        purpose = _body_purpose(body, motivation)
        if purpose in SERVER_MANAGED_PURPOSES:
            continue
        if purpose == "assessing":
            raise Conflict(
                "body: a verdict (an assessing body) is given by a reviewer through the review "
                "workflow, not written into an annotation.",
                allowed=list(TEXT_PURPOSES),
            )
        if purpose not in TEXT_PURPOSES:
            accepted = ", ".join(TEXT_PURPOSES)
            raise _invalid("body", f"the purpose {purpose!r:.40} is not one of: {accepted}")
        by_purpose[purpose].append(_text_value(body, purpose))
    for purpose, what in (("describing", "the claim's text"), ("commenting", "its note")):
        if len(by_purpose[purpose]) > 1:
            raise _invalid("body", f"send at most one {purpose} body ({what})")
    return by_purpose


def annotation_from_json(document: object) -> AnnotationInput:
    """Read a decoded JSON document; raise 415 for one that is not a W3C annotation, 400
    naming the field for one that is but cannot be a claim."""
    if not isinstance(document, dict):
        raise UnsupportedMediaType(
            None,
            detail=f"The body must be a W3C annotation (an object), not {_json_type(document)}.",
        )
    _check_context_and_type(document)
    source, selector = _target(document)
    try:
        position, quote = anchoring.parse_selectors(selector)
    except anchoring.AnchorError as error:
        raise _invalid("selector", str(error)) from error
    bodies = _bodies(document)
    return AnnotationInput(
        target_source=source,
        position=position,
        quote=quote,
        text=next(iter(bodies["describing"]), ""),
        note=next(iter(bodies["commenting"]), ""),
        tags=tuple(bodies["tagging"]),
        canonical=_iri(document, "canonical"),
        via=_iri(document, "via"),
        document_id=_iri(document, "id"),
    )
