"""The NDJSON export's kept lines: rendered once per version of a claim's record and key, served
until the claim or anything it embeds changes, never under another version."""

from __future__ import annotations

from datetime import timedelta

import orjson
import pytest
from django.db import connection
from django.utils import timezone

from annotations.models import Claim, ExportLine, ExportVersion, Tag
from annotations.presenters.base import Site
from annotations.presenters.json import event_line
from annotations.selectors.export.lines import export_lines, line_key
from annotations.selectors.export.queries import ExportFilters
from annotations.services.review import claim_reopen
from tests.factories import CitationFactory, TagFactory, VerifiedClaimFactory

pytestmark = pytest.mark.django_db

SITE = Site.at("http://testserver/")
KEY = line_key(*SITE.sample_links())


def exported(key: str = KEY, filters: ExportFilters | None = None) -> dict[int, dict]:
    lines = export_lines(
        filters=filters or ExportFilters(), key=key, render=lambda claim: event_line(claim, SITE)
    )
    return {row["id"]: row for row in map(orjson.loads, b"".join(lines).splitlines())}


def tampered(claim: Claim) -> str:
    """A line no presenter writes: served only if the kept line is used."""
    return f'{{"id":{claim.pk},"kept":true}}\n'


def tamper(claim: Claim) -> None:
    ExportLine.objects.filter(claim_id=claim.pk).update(line=tampered(claim))


def verified() -> Claim:
    claim = VerifiedClaimFactory(tags=[TagFactory(name="ports")])
    CitationFactory(claim=claim)
    return claim


def test_an_exported_claims_line_is_kept_under_its_version():
    claim = verified()
    first = exported()
    kept = ExportLine.objects.get(claim_id=claim.pk)
    assert kept.change_id == ExportVersion.objects.get(claim_id=claim.pk).change_id
    assert orjson.loads(kept.line) == first[claim.pk]


def test_a_kept_line_records_its_place_in_the_exports_order():
    claim = verified()
    exported()
    claim.refresh_from_db()
    assert ExportLine.objects.get(claim_id=claim.pk).claim_updated_at == claim.updated_at


def test_kept_and_rendered_lines_come_in_the_order_claims_last_changed():
    claims = [verified() for _ in range(6)]
    exported()
    # Two claims change (and move to the end), two lose their kept lines: a mix of both.
    for claim in claims[1:3]:
        Claim.objects.filter(pk=claim.pk).update(
            verdict_note=f"revised {claim.pk}", updated_at=timezone.now()
        )
    ExportLine.objects.filter(claim_id__in=[claims[0].pk, claims[4].pk]).delete()
    order = list(
        Claim.objects.filter(pk__in=[claim.pk for claim in claims])
        .order_by("updated_at", "id")
        .values_list("pk", flat=True)
    )
    assert list(exported()) == order
    assert list(exported()) == order  # every line kept now


def test_a_line_whose_place_is_not_its_claims_is_never_served():
    claim = verified()
    exported()
    tamper(claim)
    ExportLine.objects.filter(claim_id=claim.pk).update(
        claim_updated_at=claim.updated_at - timedelta(seconds=1)
    )
    assert "kept" not in exported()[claim.pk]


def test_a_line_kept_without_a_place_is_rendered_again_and_given_one():
    claim = verified()
    version = ExportVersion.objects.get(claim_id=claim.pk).change_id
    ExportLine.objects.create(claim_id=claim.pk, change_id=version, key=KEY, line=tampered(claim))
    assert "kept" not in exported()[claim.pk]
    kept = ExportLine.objects.get(claim_id=claim.pk)
    assert kept.claim_updated_at is not None
    assert "kept" not in orjson.loads(kept.line)


def test_a_filtered_export_serves_the_kept_lines_of_the_claims_it_matches():
    claim, other = verified(), verified()
    exported()
    tamper(claim)
    tamper(other)
    assert exported(filters=ExportFilters(article=claim.article_id)) == {
        claim.pk: {"id": claim.pk, "kept": True}
    }


def test_a_kept_line_is_served_as_it_was_kept():
    claim = verified()
    exported()
    tamper(claim)
    assert exported()[claim.pk] == {"id": claim.pk, "kept": True}


def test_a_change_to_the_claim_or_what_it_embeds_renders_its_line_afresh():
    claim = verified()
    exported()
    tamper(claim)
    Tag.objects.filter(claims=claim).update(name="harbours")
    line = exported()[claim.pk]
    assert line["tags"] == ["harbours"]
    assert ExportLine.objects.filter(claim_id=claim.pk).count() == 1


def test_a_line_kept_under_an_older_version_is_never_served():
    claim = verified()
    version = ExportVersion.objects.get(claim_id=claim.pk).change_id
    ExportLine.objects.create(
        claim_id=claim.pk, change_id=version - 1, key=KEY, line=tampered(claim)
    )
    assert "kept" not in exported()[claim.pk]


def test_lines_are_kept_per_key():
    claim = verified()
    exported()
    tamper(claim)
    assert "kept" not in exported(key=line_key("http://elsewhere.example/"))[claim.pk]


def test_rendering_a_line_drops_the_claims_lines_kept_by_other_code():
    claim = verified()
    ExportLine.objects.create(
        claim_id=claim.pk, change_id=0, key="an-earlier-deployment:site", line=tampered(claim)
    )
    exported()
    assert list(ExportLine.objects.filter(claim_id=claim.pk).values_list("key", flat=True)) == [KEY]


def test_an_export_whose_lines_are_all_kept_reads_nothing_but_them(
    django_assert_max_num_queries,
):
    for _ in range(20):
        verified()
    exported()
    # The transaction (a savepoint in a test), its settings and the cursor: no claim rows.
    with django_assert_max_num_queries(4):
        assert len(exported()) == 20


def test_a_claim_withdrawn_is_not_exported_from_a_kept_line():
    claim = verified()
    exported()
    claim_reopen(user=claim.verified_by, claim=claim)
    assert claim.pk not in exported()


@pytest.mark.django_db(transaction=True)
def test_a_claims_version_is_read_from_an_index_alone():
    """The whole export looks up each claim's version in the export's order: an index of the
    claim with its version answers it without the row, once VACUUM has marked the rows visible
    (at 10× the rows and the key no longer stay in memory; docs/performance.md)."""
    claim = verified()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) annotations_exportversion")
        # A handful of rows: a sequential scan would do; the lookup of one in a million would not.
        cursor.execute("SET enable_seqscan = off; SET enable_bitmapscan = off")
        try:
            cursor.execute(
                "EXPLAIN (COSTS OFF) SELECT change_id FROM annotations_exportversion"
                " WHERE claim_id = %s",
                [claim.pk],
            )
            plan = "\n".join(row for (row,) in cursor.fetchall())
        finally:
            cursor.execute("RESET enable_seqscan; RESET enable_bitmapscan")
    assert "Index Only Scan using export_version_lookup_idx" in plan
