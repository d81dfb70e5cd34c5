"""W3C Web Annotation JSON-LD: each exported annotation passes the annotation model's MUST
assertions (the web-platform-tests schemas), and says what the claim and its evidence are."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from annotations.presenters.base import Site
from annotations.presenters.jsonld import (
    claim_to_annotation,
    collection_with_first_page,
    page_of_collection,
)
from annotations.workflow import Verdict
from sources.vocabulary import Stance
from tests.factories import (
    CitationFactory,
    TagFactory,
    VerifiedClaimFactory,
    cross_article_citation,
    distinct_article,
    export_article,
    export_citation,
    export_row,
)
from tests.w3c import annotation_model, assert_conforms

SITE = Site.at("https://corroborate.example.org")
XSD_DATETIME_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

ROW_VARIANTS = {
    "full": export_row(),
    "no article URL": export_row(article=export_article(url="", publisher="", author="")),
    "no note, tags or citations": export_row(verdict_note="", tags=(), citations=()),
    "unproven": export_row(verdict=Verdict.UNPROVEN),
    "cross-article citation": export_row(citations=(cross_article_citation(),)),
    "every stance": export_row(
        citations=tuple(export_citation(id=n, stance=stance) for n, stance in enumerate(Stance))
    ),
    "quote at the very start": export_row(start=0, end=5, prefix="", exact="Cargo"),
    "non-Latin text": export_row(text="Die Frachtmenge stieg um 12 % 🚢", exact="stieg um 12 %"),
}


def bodies(annotation, purpose):
    return [body for body in annotation["body"] if body["purpose"] == purpose]


@pytest.mark.parametrize("row", ROW_VARIANTS.values(), ids=ROW_VARIANTS.keys())
def test_every_kind_of_claim_passes_the_w3c_must_assertions(row):
    assert_conforms(claim_to_annotation(row, SITE))


def test_the_conformance_check_is_not_vacuous():
    annotation = claim_to_annotation(export_row(), SITE)
    del annotation["target"]
    annotation["created"] = "last Tuesday"
    failures = annotation_model().failures(annotation)
    assert any("3.1-targetKeyFound" in failure for failure in failures)
    assert any("3.3.1-annotationCreatedValidated" in failure for failure in failures)


def test_the_conformance_check_loads_every_must_assertion():
    assert len(annotation_model().assertions) >= 54


def test_annotation_identity_motivation_times_and_creator():
    annotation = claim_to_annotation(export_row(id=42), SITE)
    assert annotation["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert annotation["id"] == "https://corroborate.example.org/annotations/42"
    assert annotation["type"] == "Annotation"
    assert annotation["motivation"] == "assessing"
    assert XSD_DATETIME_UTC.match(annotation["created"])
    assert XSD_DATETIME_UTC.match(annotation["modified"])
    assert annotation["creator"] == {"type": "Person", "name": "Mara Quill", "nickname": "mara"}


def test_the_target_is_the_quoted_span_of_the_article():
    row = export_row()
    target = claim_to_annotation(row, SITE)["target"]
    assert target["source"] == "https://news.example.org/harbour"
    assert target["selector"] == [
        {"type": "TextQuoteSelector", "exact": row.exact, "prefix": row.prefix,
         "suffix": row.suffix},
        {"type": "TextPositionSelector", "start": row.start, "end": row.end},
    ]  # fmt: skip


def test_an_article_without_a_url_is_targeted_at_its_page_in_the_app():
    row = export_row(article=export_article(id=7, url=""))
    target = claim_to_annotation(row, SITE)["target"]
    assert target["source"] == "https://corroborate.example.org/articles/7/"


def test_the_verdict_is_an_assessing_body_by_the_reviewer():
    annotation = claim_to_annotation(export_row(verdict=Verdict.MOSTLY_TRUE), SITE)
    [verdict] = bodies(annotation, "assessing")
    assert verdict["type"] == "TextualBody"
    assert verdict["value"] == "Mostly true"
    assert verdict["creator"]["name"] == "Ines Okafor"
    assert XSD_DATETIME_UTC.match(verdict["created"])


def test_the_reviewers_note_is_a_commenting_body():
    annotation = claim_to_annotation(export_row(verdict_note="Close, but transfers."), SITE)
    assert [body["value"] for body in bodies(annotation, "commenting")] == ["Close, but transfers."]


def test_each_tag_is_a_tagging_body():
    annotation = claim_to_annotation(export_row(tags=("economy", "ports")), SITE)
    assert [body["value"] for body in bodies(annotation, "tagging")] == ["economy", "ports"]


def test_a_web_citation_is_a_linking_body_labelled_with_its_stance():
    row = export_row(citations=(export_citation(stance=Stance.CONFLICTS),))
    [link] = bodies(claim_to_annotation(row, SITE), "linking")
    assert link == {
        "type": "SpecificResource",
        "purpose": "linking",
        "label": "Conflicts",
        "source": "https://ports.example.gov/annual",
    }


def test_a_citation_of_another_article_points_at_its_span_in_the_app():
    row = export_row(citations=(cross_article_citation(),))
    [link] = bodies(claim_to_annotation(row, SITE), "linking")
    assert link["source"] == "https://corroborate.example.org/articles/9/"
    assert link["selector"][1] == {"type": "TextPositionSelector", "start": 40, "end": 72}
    assert link["selector"][0]["exact"] == "transfers count"


def test_a_first_page_is_embedded_in_its_collection():
    items = [claim_to_annotation(export_row(), SITE)]
    collection = collection_with_first_page(
        items,
        collection_id="https://x.test/c",
        first_url="https://x.test/p1",
        last_url="https://x.test/p1",
        next_url=None,
        total=1,
    )
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == 1
    assert collection["last"] == collection["first"]["id"] == "https://x.test/p1"
    assert collection["first"]["partOf"] == "https://x.test/c"
    assert collection["first"]["startIndex"] == 0
    assert collection["first"]["items"] == items
    assert "next" not in collection["first"]
    assert "prev" not in collection["first"]


def test_a_later_page_names_its_collection_its_place_and_its_neighbours():
    page = page_of_collection(
        [],
        collection_id="https://x.test/c",
        page_url="https://x.test/p2",
        first_url="https://x.test/p1",
        last_url="https://x.test/p3",
        next_url="https://x.test/p3",
        prev_url="https://x.test/p1",
        start_index=4,
        total=9,
    )
    assert page["type"] == "AnnotationPage"
    assert page["id"] == "https://x.test/p2"
    assert page["partOf"]["id"] == "https://x.test/c"
    assert page["partOf"]["total"] == 9
    assert (page["partOf"]["first"], page["partOf"]["last"]) == (
        "https://x.test/p1",
        "https://x.test/p3",
    )
    assert page["startIndex"] == 4
    assert (page["prev"], page["next"]) == ("https://x.test/p1", "https://x.test/p3")


@pytest.mark.django_db
def test_every_annotation_the_api_exports_conforms(reader_client):
    for verdict in ("true", "unproven"):
        claim = VerifiedClaimFactory(verdict=verdict, tags=[TagFactory(name="ports")])
        CitationFactory(claim=claim, stance="conflicts")
    cited = distinct_article(url="")
    CitationFactory(
        claim=VerifiedClaimFactory(article=cited),
        source=None,
        url="",
        cited_revision=cited.current_revision,
        cited_start=4,
        cited_end=12,
        cited_exact=cited.current_revision.text[4:12],
    )
    response = reader_client.get(reverse("api-export-claims"), {"format": "jsonld"})
    items = response.json()["first"]["items"]
    assert len(items) == 3
    for annotation in items:
        assert_conforms(annotation)


@pytest.mark.django_db
def test_the_single_claim_annotation_conforms(reader_client):
    claim = VerifiedClaimFactory()
    CitationFactory(claim=claim)
    assert_conforms(reader_client.get(reverse("api-claim-jsonld", args=[claim.pk])).json())
