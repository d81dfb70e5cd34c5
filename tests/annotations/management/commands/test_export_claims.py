"""`manage.py export_claims`: offline dumps in every format."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import orjson
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from annotations.models import ExportChange
from tests.factories import CitationFactory, VerifiedClaimFactory
from tests.w3c import assert_conforms

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims():
    made = [VerifiedClaimFactory(verdict=verdict) for verdict in ("true", "unproven")]
    for claim in made:
        CitationFactory(claim=claim)
    return made


def export(tmp_path, export_format, *extra) -> bytes:
    output = tmp_path / f"claims.{export_format}"
    out = io.StringIO()
    call_command(
        "export_claims",
        "--format",
        export_format,
        "--output",
        str(output),
        "--base-url",
        "https://desk.example.org",
        *extra,
        stdout=out,
        verbosity=0,
    )
    assert "Wrote" in out.getvalue()
    return output.read_bytes()


def test_ndjson_dump_has_a_line_per_claim(tmp_path, claims):
    lines = export(tmp_path, "ndjson").splitlines()
    assert [orjson.loads(line)["id"] for line in lines] == [claim.pk for claim in claims]


def test_csv_dump_has_a_header_and_a_row_per_claim(tmp_path, claims):
    rows = list(csv.DictReader(io.StringIO(export(tmp_path, "csv").decode())))
    assert [int(row["claim_id"]) for row in rows] == [claim.pk for claim in claims]


def test_json_dump_lists_the_claims(tmp_path, claims):
    document = orjson.loads(export(tmp_path, "json"))
    assert [claim["id"] for claim in document["results"]] == [claim.pk for claim in claims]
    assert document["withdrawn"] == []


def test_jsonld_dump_is_one_annotation_collection_of_conforming_annotations(tmp_path, claims):
    collection = orjson.loads(export(tmp_path, "jsonld"))
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == 2
    assert collection["id"].startswith("https://desk.example.org/api/v1/export/claims/")
    items = collection["first"]["items"]
    assert [item["id"] for item in items] == [
        f"https://desk.example.org/annotations/{claim.pk}" for claim in claims
    ]
    for annotation in items:
        assert_conforms(annotation)


def test_claimreview_dump_is_a_json_array(tmp_path, claims):
    reviews = orjson.loads(export(tmp_path, "claimreview"))
    assert [review["@type"] for review in reviews] == ["ClaimReview", "ClaimReview"]
    assert reviews[0]["url"] == f"https://desk.example.org/factchecks/{claims[0].pk}/"


def test_an_empty_export_is_still_valid(tmp_path):
    assert orjson.loads(export(tmp_path, "claimreview")) == []
    assert orjson.loads(export(tmp_path, "jsonld"))["first"]["items"] == []


def test_since_limits_the_dump_to_changes_and_withdrawals(tmp_path, claims):
    old, recent = claims
    withdrawn = VerifiedClaimFactory()
    withdrawn_id = withdrawn.pk
    withdrawn.delete()
    ExportChange.objects.filter(claim_id=old.pk).update(
        changed_at=timezone.now() - timedelta(days=3)
    )
    since = (timezone.now() - timedelta(days=1)).isoformat()

    lines = [
        orjson.loads(line) for line in export(tmp_path, "ndjson", "--since", since).splitlines()
    ]

    assert {(line["type"], line["id"]) for line in lines} == {
        ("claim", recent.pk),
        ("tombstone", withdrawn_id),
    }


def test_an_unparsable_since_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="ISO 8601"):
        export(tmp_path, "ndjson", "--since", "yesterday-ish")
    assert not list(tmp_path.iterdir())


def test_an_unwritable_output_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command(
            "export_claims",
            "--format=csv",
            f"--output={tmp_path / 'missing' / 'claims.csv'}",
            verbosity=0,
        )
