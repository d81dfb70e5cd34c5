"""The hostile corpus through the annotation container: a string in a describing, commenting and
tagging body is stored exactly as the claims API stores it, or refused with a 400 that says
why; never a server error (the rule and the corpus are the security suite's)."""

from __future__ import annotations

import pytest

from tests.annotations.protocol.conftest import CONTAINER, new_annotation, send
from tests.security.hostile_strings import CORPUS
from tests.security.roundtrip import TEXT, FieldRule, Report, collapsed, problem_detail

pytestmark = pytest.mark.django_db

TAG = FieldRule(normalise=collapsed, max_length=60, blank_allowed=False)


def _body(response, purpose: str):
    return lambda: next(b["value"] for b in response.json()["body"] if b["purpose"] == purpose)


def test_body_texts_round_trip_or_are_refused(editor_client, article):
    report = Report()
    for value in CORPUS:
        document = new_annotation(
            article,
            body=[
                {"type": "TextualBody", "purpose": purpose, "value": value}
                for purpose in ("describing", "commenting", "tagging")
            ],
        )
        response = send(editor_client, "post", CONTAINER, document)
        fields = {
            "text": (TEXT, _body(response, "describing")),
            "note": (TEXT, _body(response, "commenting")),
            "tag": (TAG, _body(response, "tagging")),
        }
        report.check(value, fields, status=response.status_code, reason=problem_detail(response))
    report.assert_clean()
