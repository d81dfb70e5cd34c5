"""What each export format sends, as OpenAPI: one documented response per media type.

`GET /api/v1/export/claims/` answers the same request in five formats; each has its own schema
here, named as a component so that generated clients get one type per record:

- `application/json`: `ExportPage` (claims as `ExportClaim`, withdrawn ones as `ExportTombstone`);
- `application/x-ndjson`: one `ExportClaim` or `ExportTombstone` a line (the schema describes a
  line; the body is those lines);
- `text/csv`: `ExportCsvHeader`, the header row's columns in order (then a row per record);
- `application/ld+json; profile=…anno.jsonld`: a W3C `AnnotationCollection` with its first page
  embedded, or a later `AnnotationPage`, of `WebAnnotation`s;
- `application/ld+json`: an array of schema.org `ClaimReview`s (asked for with
  `format=claimreview`).

The suite checks every export it receives against these (tests/openapi_contract.py), record by
record for the streamed formats.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse

from annotations.presenters.base import ANNOTATION_CONTEXT
from annotations.presenters.csv import COLUMNS
from annotations.selectors.export.rows import WithdrawalReason
from annotations.workflow import Verdict
from project.schema import response_header
from sources.vocabulary import Reliability, SourceKind, Stance

JSONLD_ANNOTATION_MEDIA_TYPE = f'application/ld+json; profile="{ANNOTATION_CONTEXT}"'


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Any], *, optional: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
    }


_STRING = {"type": "string"}
_NULLABLE_STRING = {"type": ["string", "null"]}
_INTEGER = {"type": "integer"}
_DATE_TIME = {"type": "string", "format": "date-time"}
_NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}


def _nullable(schema: dict[str, Any], description: str = "") -> dict[str, Any]:
    described = {"description": description} if description else {}
    return {"oneOf": [schema, {"type": "null"}], **described}


def _enum(values) -> dict[str, Any]:
    return {"type": "string", "enum": [member.value for member in values]}


# The export's own JSON (and NDJSON lines) ---------------------------------------------------

_QUOTE_SELECTOR = _object(
    {
        "type": {"type": "string", "enum": ["TextQuoteSelector"]},
        "exact": _STRING,
        "prefix": _STRING,
        "suffix": _STRING,
    },
    optional=("prefix", "suffix"),
)
_POSITION_SELECTOR = _object(
    {
        "type": {"type": "string", "enum": ["TextPositionSelector"]},
        "start": {"type": "integer", "minimum": 0},
        "end": {"type": "integer", "minimum": 0},
    }
)
_PERSON = _object({"username": _STRING, "display_name": _STRING})

COMPONENTS: dict[str, dict[str, Any]] = {
    "TextQuoteSelector": _QUOTE_SELECTOR,
    "TextPositionSelector": _POSITION_SELECTOR,
    "ExportClaim": {
        **_object(
            {
                "type": {"type": "string", "enum": ["claim"]},
                "id": _INTEGER,
                "text": _STRING,
                "quote": _object({"exact": _STRING, "prefix": _STRING, "suffix": _STRING}),
                "selectors": {
                    "type": "array",
                    "description": "The W3C pair: TextQuoteSelector, then TextPositionSelector "
                    "(code points of the article's canonical text).",
                    "items": {
                        "oneOf": [ref("TextQuoteSelector"), ref("TextPositionSelector")],
                    },
                },
                "article": _object(
                    {
                        "id": _INTEGER,
                        "title": _STRING,
                        "url": {**_NULLABLE_STRING, "description": "Its original URL, if any."},
                        "publisher": _STRING,
                        "author": _STRING,
                        "published_on": _NULLABLE_DATE,
                        "revision": {**_INTEGER, "description": "The revision the claim is on."},
                        "app_url": {**_STRING, "description": "Its page in Corroborate."},
                    }
                ),
                "tags": {"type": "array", "items": _STRING},
                "verdict": _object(
                    {
                        "value": _enum(Verdict),
                        "label": _STRING,
                        "definition": _STRING,
                        "rating_value": {
                            "type": ["integer", "null"],
                            "description": "ClaimReview ratingValue, 5 (true) to 1 (false); "
                            "null for unproven.",
                        },
                    }
                ),
                "verdict_note": _STRING,
                "citations": {"type": "array", "items": ref("ExportCitation")},
                "editor": _PERSON,
                "reviewer": _PERSON,
                "verified_at": _DATE_TIME,
                "updated_at": _DATE_TIME,
                "permalink": {**_STRING, "description": "The public fact-check page."},
                "same_as": {
                    "type": "array",
                    "description": "Verified claims of other articles linked as the same claim.",
                    "items": _object({"id": _INTEGER, "permalink": _STRING}),
                },
                "annotation_url": {**_STRING, "description": "The claim as a W3C annotation."},
            }
        ),
        "description": "A verified claim with everything Corroborate knows about it.",
    },
    "ExportCitation": _object(
        {
            "id": _INTEGER,
            "stance": _enum(Stance),
            "url": {**_NULLABLE_STRING, "description": "The web page cited; null for an article."},
            "title": _STRING,
            "quote": _STRING,
            "location": _STRING,
            "accessed_on": _NULLABLE_DATE,
            "archive_url": _NULLABLE_STRING,
            "source": _nullable(
                _object(
                    {
                        "name": _STRING,
                        "domain": _STRING,
                        "kind": _enum(SourceKind),
                        "reliability": _enum(Reliability),
                    }
                ),
                "The source of the cited web page's domain; null for an article.",
            ),
            "article": _nullable(
                _object(
                    {
                        "id": _INTEGER,
                        "title": _STRING,
                        "url": _STRING,
                        "selectors": {
                            "type": "array",
                            "items": {
                                "oneOf": [ref("TextQuoteSelector"), ref("TextPositionSelector")]
                            },
                        },
                    }
                ),
                "The passage of another article cited; null for a web page.",
            ),
        }
    ),
    "ExportTombstone": {
        **_object(
            {
                "type": {"type": "string", "enum": ["tombstone"]},
                "id": {**_INTEGER, "description": "The claim withdrawn."},
                "reason": {"type": "string", "enum": [reason.value for reason in WithdrawalReason]},
                "withdrawn_at": _DATE_TIME,
            }
        ),
        "description": "A claim withdrawn from the export: remove it from your copy.",
    },
    "ExportPage": {
        **_object(
            {
                "count": {**_INTEGER, "description": "Verified claims matching the filters."},
                "next": {
                    **_NULLABLE_STRING,
                    "description": "The next page, or null on the last one.",
                },
                "cursor": {
                    **_STRING,
                    "description": "Where this page ends: pass it back later for what changed.",
                },
                "results": {"type": "array", "items": ref("ExportClaim")},
                "withdrawn": {
                    "type": "array",
                    "items": ref("ExportTombstone"),
                    "description": "Claims withdrawn over the same stretch: apply them first.",
                },
            }
        ),
        "description": "A page of the incremental feed.",
    },
    "ExportRecord": {
        "description": "One NDJSON line: a claim or a tombstone, told apart by `type`.",
        "oneOf": [ref("ExportClaim"), ref("ExportTombstone")],
        "discriminator": {
            "propertyName": "type",
            "mapping": {
                "claim": "#/components/schemas/ExportClaim",
                "tombstone": "#/components/schemas/ExportTombstone",
            },
        },
    },
    "ExportCsvHeader": {
        "description": "The CSV's header row: these columns, in this order. A row per claim "
        "(`record` = `claim`), or per withdrawn claim (`record` = `withdrawn`, with only "
        "`claim_id`, `updated_at` and `withdrawn_reason`).",
        "type": "array",
        "prefixItems": [{"const": column} for column in COLUMNS],
        "items": {"type": "string"},
        "minItems": len(COLUMNS),
        "maxItems": len(COLUMNS),
        "example": list(COLUMNS),
    },
}


# W3C Web Annotation JSON-LD -----------------------------------------------------------------

_AGENT = _object(
    {"type": {"type": "string", "enum": ["Person"]}, "name": _STRING, "nickname": _STRING}
)
_SELECTORS = {
    "type": "array",
    "items": {"oneOf": [ref("TextQuoteSelector"), ref("TextPositionSelector")]},
}
_TEXTUAL_BODY = _object(
    {
        "type": {"type": "string", "enum": ["TextualBody"]},
        "purpose": {
            "type": "string",
            "enum": ["describing", "assessing", "commenting", "tagging"],
        },
        "value": _STRING,
        "format": _STRING,
        "creator": _AGENT,
        "created": _DATE_TIME,
    },
    optional=("format", "creator", "created"),
)
_LINKING_BODY = _object(
    {
        "type": {"type": "string", "enum": ["SpecificResource"]},
        "purpose": {"type": "string", "enum": ["linking"]},
        "label": {**_STRING, "description": "The citation's stance."},
        "source": _STRING,
        "selector": _SELECTORS,
    },
    optional=("selector",),
)

COMPONENTS |= {
    "WebAnnotation": {
        **_object(
            {
                "@context": {"type": "string", "enum": [ANNOTATION_CONTEXT]},
                "id": _STRING,
                "type": {"type": "string", "enum": ["Annotation"]},
                "canonical": _STRING,
                "via": _STRING,
                "motivation": {"type": "string", "enum": ["assessing"]},
                "created": _DATE_TIME,
                "modified": _DATE_TIME,
                "creator": _AGENT,
                "body": {"type": "array", "items": {"oneOf": [_TEXTUAL_BODY, _LINKING_BODY]}},
                "target": _object({"source": _STRING, "selector": _SELECTORS}),
            },
            optional=("canonical", "via"),
        ),
        "description": "A claim as a W3C Web Annotation (the same document as /annotations/{id}).",
    },
    "AnnotationPage": {
        **_object(
            {
                "@context": _STRING,
                "id": _STRING,
                "type": {"type": "string", "enum": ["AnnotationPage"]},
                "partOf": {
                    "description": "The collection: its IRI, or its description.",
                    "oneOf": [_STRING, ref("AnnotationCollectionSummary")],
                },
                "startIndex": {"type": "integer", "minimum": 0},
                "prev": _STRING,
                "next": _STRING,
                "items": {"type": "array", "items": ref("WebAnnotation")},
            },
            optional=("@context", "prev", "next"),
        ),
        "description": "A page of annotations.",
    },
    "AnnotationCollectionSummary": _object(
        {
            "id": _STRING,
            "type": {"type": "string", "enum": ["AnnotationCollection"]},
            "label": _STRING,
            "total": {"type": "integer", "minimum": 0},
            "first": _STRING,
            "last": _STRING,
        },
        optional=("label",),
    ),
    "AnnotationCollection": {
        **_object(
            {
                "@context": _STRING,
                "id": _STRING,
                "type": {"type": "string", "enum": ["AnnotationCollection"]},
                "label": _STRING,
                "total": {"type": "integer", "minimum": 0},
                "first": ref("AnnotationPage"),
                "last": _STRING,
            },
        ),
        "description": "The verified claims as a collection, with its first page embedded.",
    },
    "AnnotationCollectionOrPage": {
        "description": "Without a cursor: the collection with its first page. With one: a page.",
        "oneOf": [ref("AnnotationCollection"), ref("AnnotationPage")],
    },
}


# schema.org ClaimReview ---------------------------------------------------------------------

_ORGANIZATION = _object(
    {"@type": {"type": "string", "enum": ["Organization"]}, "name": _STRING, "url": _STRING},
    optional=("url",),
)

COMPONENTS |= {
    "ClaimReview": {
        **_object(
            {
                "@context": {"type": "string", "enum": ["https://schema.org"]},
                "@type": {"type": "string", "enum": ["ClaimReview"]},
                "url": {**_STRING, "description": "The claim's public fact-check page."},
                "claimReviewed": _STRING,
                "datePublished": {"type": "string", "format": "date"},
                "author": _ORGANIZATION,
                "reviewRating": _object(
                    {
                        "@type": {"type": "string", "enum": ["Rating"]},
                        "alternateName": {**_STRING, "description": "The verdict's words."},
                        "name": _STRING,
                        "ratingValue": {"type": "integer", "minimum": 1, "maximum": 5},
                        "bestRating": _INTEGER,
                        "worstRating": _INTEGER,
                    },
                    optional=("name", "ratingValue", "bestRating", "worstRating"),
                ),
                "itemReviewed": _object(
                    {
                        "@type": {"type": "string", "enum": ["Claim"]},
                        "appearance": _object(
                            {
                                "@type": {"type": "string", "enum": ["CreativeWork"]},
                                "headline": _STRING,
                                "url": _STRING,
                                "publisher": _ORGANIZATION,
                            },
                            optional=("url", "publisher"),
                        ),
                        "author": _object(
                            {"@type": {"type": "string", "enum": ["Person"]}, "name": _STRING}
                        ),
                        "datePublished": {"type": "string", "format": "date"},
                        "sameAs": {"type": "array", "items": _STRING},
                    },
                    optional=("author", "datePublished", "sameAs"),
                ),
            }
        ),
        "description": "A verified claim as schema.org ClaimReview (Google's fact-check markup).",
    },
}


# The export's responses ---------------------------------------------------------------------

_WEAK_ETAG = response_header(
    "ETag",
    statuses=[200],
    pattern=r'^W/"[^"]+"$',
    description=("The export's version: send it back in If-None-Match for a 304."),
)
EXPORT_HEADERS = [
    _WEAK_ETAG,
    response_header(
        "Link",
        statuses=[200],
        required=False,
        description='Paged formats: the pages around this one (RFC 8288), `<…>; rel="next"`, '
        '`rel="first"` and, for jsonld and claimreview, `rel="prev"` and `rel="last"`.',
    ),
    response_header(
        "Content-Disposition",
        statuses=[200],
        required=False,
        description="csv: offered as a download, `verified-claims.csv`.",
    ),
]

_EXPORTED = (
    "The verified claims in the format asked for: json (a page of the feed), ndjson (a claim or "
    "tombstone a line), csv (the header row described, then a row per record), jsonld (the "
    "collection or one of its pages) or claimreview (an array, `application/ld+json` without a "
    "profile)."
)
EXPORT_RESPONSES = {
    (200, "application/json"): OpenApiResponse(ref("ExportPage"), description=_EXPORTED),
    (200, "application/x-ndjson"): OpenApiResponse(ref("ExportRecord"), description=_EXPORTED),
    (200, "text/csv"): OpenApiResponse(ref("ExportCsvHeader"), description=_EXPORTED),
    (200, JSONLD_ANNOTATION_MEDIA_TYPE): OpenApiResponse(
        ref("AnnotationCollectionOrPage"), description=_EXPORTED
    ),
    (200, "application/ld+json"): OpenApiResponse(
        {"type": "array", "items": ref("ClaimReview")}, description=_EXPORTED
    ),
}

ANNOTATION_HEADERS = [_WEAK_ETAG]
ANNOTATION_RESPONSES = {
    (200, JSONLD_ANNOTATION_MEDIA_TYPE): OpenApiResponse(ref("WebAnnotation")),
    404: OpenApiResponse(description="No verified claim with this id."),
}


def add_components(result: dict[str, Any], **kwargs) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the export's schemas as named components."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(COMPONENTS)
    return result
