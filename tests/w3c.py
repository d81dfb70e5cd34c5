"""Check annotations against the W3C Web Annotation model's MUST assertions.

The assertions are the JSON schemas of the web-platform-tests `annotation-model/` suite,
vendored unchanged with their licence and provenance in `tests/fixtures/w3c_annotation_model/`,
so the conformance tests run in every clone. Every `*Musts.test` file lists assertion schemas; each
has `expectedResult` `valid`, meaning a conforming annotation validates against it.

The schemas were written for ajv 4, so the validator reads them as ajv did: keywords beside a
`$ref` still apply, `uri` and `date-time` are matched with ajv's loose patterns, and a float with
no fraction counts as an integer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jsonschema import Draft4Validator, FormatChecker, validators
from referencing import Registry
from referencing.jsonschema import DRAFT4

ANNOTATION_MODEL = Path(__file__).resolve().parent / "fixtures" / "w3c_annotation_model"

# ajv 4's "fast" format patterns, which the upstream suite ran with.
_AJV_URI = re.compile(r"^(?:[a-z][a-z0-9+\-.]*:)(?:/?/)?[^\s]*$", re.IGNORECASE)
_AJV_DATE_TIME = re.compile(
    r"^\d\d\d\d-[0-1]\d-[0-3]\d[t\s](?:[0-2]\d:[0-5]\d:[0-5]\d|23:59:60)(?:\.\d+)?"
    r"(?:z|[+-]\d\d(?::?\d\d)?)?$",
    re.IGNORECASE,
)


def _ajv_formats() -> FormatChecker:
    checker = FormatChecker(formats=())
    checker.checks("uri")(lambda value: not isinstance(value, str) or bool(_AJV_URI.match(value)))
    checker.checks("date-time")(
        lambda value: not isinstance(value, str) or bool(_AJV_DATE_TIME.match(value))
    )
    return checker


def _is_integer(checker, instance) -> bool:
    if isinstance(instance, bool):
        return False
    return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())


AjvDraft4Validator = validators.create(
    meta_schema=Draft4Validator.META_SCHEMA,
    validators=Draft4Validator.VALIDATORS,
    type_checker=Draft4Validator.TYPE_CHECKER.redefine("integer", _is_integer),
    format_checker=_ajv_formats(),
    id_of=Draft4Validator.ID_OF,
    applicable_validators=lambda schema: schema.items(),  # ajv applies keywords beside $ref
)


@dataclass(frozen=True)
class Assertion:
    path: str
    schema: dict
    error_message: str


class AnnotationModel:
    """The MUST assertions, loaded once; `failures(annotation)` lists the ones it breaks."""

    def __init__(self, root: Path) -> None:
        self.root = root
        registry = Registry()
        for path in sorted((root / "definitions").glob("*.json")):
            schema = json.loads(path.read_text(encoding="utf-8"))
            registry = registry.with_resource(schema["id"], DRAFT4.create_resource(schema))
        self.registry = registry.crawl()
        self.assertions = [self._load(path) for path in self._assertion_paths()]

    def _assertion_paths(self) -> list[str]:
        paths: list[str] = []
        for listing in sorted((self.root / "annotations").rglob("*Musts.test")):
            for path in json.loads(listing.read_text(encoding="utf-8"))["assertions"]:
                if path not in paths:
                    paths.append(path)
        return paths

    def _load(self, relative_path: str) -> Assertion:
        schema = json.loads((self.root / relative_path).read_text(encoding="utf-8"))
        if schema.get("expectedResult", "valid") != "valid":
            raise ValueError(f"{relative_path}: only 'valid' assertions are understood")
        return Assertion(relative_path, schema, schema.get("errorMessage", schema.get("title")))

    def failures(self, annotation: dict) -> list[str]:
        broken = []
        for assertion in self.assertions:
            validator = AjvDraft4Validator(
                assertion.schema,
                registry=self.registry,
                format_checker=AjvDraft4Validator.FORMAT_CHECKER,
            )
            errors = list(validator.iter_errors(annotation))
            if errors:
                detail = "; ".join(error.message[:200] for error in errors[:3])
                broken.append(f"{assertion.path}: {assertion.error_message} ({detail})")
        return broken


@cache
def annotation_model() -> AnnotationModel:
    """The MUST assertions of the vendored annotation model, loaded once."""
    return AnnotationModel(ANNOTATION_MODEL)


def assert_conforms(annotation: dict) -> None:
    """Fail with every broken MUST assertion listed when `annotation` does not conform."""
    failures = annotation_model().failures(annotation)
    assert not failures, "the annotation breaks W3C MUST assertions:\n" + "\n".join(failures)
