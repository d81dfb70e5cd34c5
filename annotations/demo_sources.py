"""Demo sources and citations, written for this project: every source is fictional and lives on
a reserved `.example` domain, so no link in the demo points at a real outlet."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import cycle

from django.contrib.auth.models import User
from django.utils import timezone

from annotations.models import Article, Claim
from annotations.services.citations import citation_fields_check
from sources.models import Citation, Source
from sources.vocabulary import Reliability, SourceKind, Stance


@dataclass(frozen=True)
class DemoSource:
    name: str
    domain: str
    kind: SourceKind
    reliability: Reliability
    reason: str


DEMO_SOURCES: tuple[DemoSource, ...] = (
    DemoSource(
        "Millbrook Borough Council",
        "millbrook-council.example",
        SourceKind.GOVERNMENT_AGENCY,
        Reliability.HIGH,
        "Publishes committee papers, budgets and minutes in full, with corrections noted.",
    ),
    DemoSource(
        "Millbrook Courier",
        "millbrook-courier.example",
        SourceKind.NEWS_OUTLET,
        Reliability.MIXED,
        "Accurate on events; has twice been slow to correct wrong figures.",
    ),
    DemoSource(
        "Northvale Statistics Agency",
        "statistics.northvale.example",
        SourceKind.OFFICIAL_RECORD,
        Reliability.HIGH,
        "The region's official statistics, with published methods and revision notes.",
    ),
    DemoSource(
        "Institute for Civic Data",
        "civicdata.example.org",
        SourceKind.ACADEMIC,
        Reliability.HIGH,
        "University research unit; peer-reviewed reports with open data.",
    ),
    DemoSource(
        "Friends of Millbrook Libraries",
        "friends-of-libraries.example.org",
        SourceKind.NGO,
        Reliability.MIXED,
        "Campaign group: its figures are sourced but chosen to support its case.",
    ),
    DemoSource(
        "Millbrook Talk forum",
        "talk.millbrook.example",
        SourceKind.SOCIAL_MEDIA,
        Reliability.LOW,
        "Anonymous posts; several numbers first shared there proved false.",
    ),
)


@dataclass(frozen=True)
class DemoEvidence:
    stance: Stance
    url: str
    title: str
    quote: str = ""
    location: str = ""
    archive: bool = False
    note: str = ""


# The first three are one of each stance. URLs use `www.` and subdomains on purpose: they link
# to their sources all the same, and the last one, on a domain nobody has added, creates a
# source of unknown reliability.
DEMO_EVIDENCE: tuple[DemoEvidence, ...] = (
    DemoEvidence(
        Stance.CORROBORATES,
        "https://papers.millbrook-council.example/committees/culture/2025-03/report",
        "Culture committee report, March 2025",
        quote="The figures in table 2 were checked against the door counters by the auditor.",
        location="Section 4, table 2",
        archive=True,
    ),
    DemoEvidence(
        Stance.CONFLICTS,
        "https://talk.millbrook.example/threads/4412",
        "Forum thread: “those numbers are made up”",
        quote="Counted myself on three Saturdays, never more than forty people inside.",
        note="Anonymous and unverifiable; kept because readers will have seen it.",
    ),
    DemoEvidence(
        Stance.CONTEXT,
        "https://statistics.northvale.example/culture/visits-2024",
        "Visits to public buildings, 2024",
        quote="Visits to libraries across the region rose by 9 percent.",
        location="Chart 3",
    ),
    DemoEvidence(
        Stance.CORROBORATES,
        "https://www.civicdata.example.org/reports/town-services-2025.pdf",
        "Town services benchmark 2025",
        location="p. 17",
    ),
    DemoEvidence(
        Stance.CONTEXT,
        "https://friends-of-libraries.example.org/news/sunday-campaign",
        "Why we campaigned for Sunday opening",
        note="A campaign page: useful for the history, not for the figures.",
    ),
    DemoEvidence(
        Stance.CONFLICTS,
        "https://www.millbrook-courier.example/letters/2025-03-20",
        "Letters: the council's sums do not add up",
        quote="The reserve was already promised to the swimming pool repairs.",
    ),
    DemoEvidence(
        Stance.CONTEXT,
        "https://blog.quiet-reader.example/2025/03/sunday-libraries",
        "A reader's diary of Sunday libraries elsewhere",
    ),
)

_ACCESSED_DAYS_AGO = 3
_ARCHIVE = "https://archive.example.org/2025/"


def _load_sources() -> None:
    for demo in DEMO_SOURCES:
        Source.objects.update_or_create(
            domain=demo.domain,
            defaults={
                "name": demo.name,
                "kind": demo.kind.value,
                "homepage": f"https://{demo.domain}/",
                "reliability": demo.reliability.value,
                "reliability_reason": demo.reason,
            },
        )


def _record(claim: Claim, editor: User, values: dict[str, object]) -> None:
    # Demo citations are history: recorded whatever the claim's status now is, so that verified
    # demo claims have evidence too. Real ones go through `citation_create`.
    fields = citation_fields_check(claim=claim, values=values)
    Citation.objects.create(claim=claim, created_by=editor, **fields)
    claim.contributors.add(editor)


def _web_values(evidence: DemoEvidence, accessed_on: datetime.date) -> dict[str, object]:
    return {
        "stance": evidence.stance.value,
        "url": evidence.url,
        "title": evidence.title,
        "quote": evidence.quote,
        "location": evidence.location,
        "accessed_on": accessed_on,
        "archive_url": f"{_ARCHIVE}{evidence.url}" if evidence.archive else "",
        "note": evidence.note,
    }


def _first_sentence(article: Article) -> tuple[int, int] | None:
    """The span of the first sentence of the article's first paragraph."""
    revision = article.current_revision
    if revision is None:
        return None
    for block in revision.blocks or [{"kind": "paragraph", "start": 0, "end": len(revision.text)}]:
        if block.get("kind") != "paragraph":
            continue
        start, end = int(block["start"]), int(block["end"])
        stop = revision.text.find(". ", start, end)
        return start, (stop + 1 if stop != -1 else end)
    return None


def _cite_another_article(claim: Claim, articles: list[Article], editor: User) -> None:
    cited = next((article for article in articles if article.pk != claim.article_id), None)
    span = _first_sentence(cited) if cited is not None else None
    if cited is None or span is None:
        return
    _record(
        claim,
        editor,
        {
            "stance": Stance.CONTEXT.value,
            "cited_revision": cited.current_revision,
            "cited_start": span[0],
            "cited_end": span[1],
            "note": "Another report in the same week, on the same council budget.",
        },
    )


def load_demo_sources_and_citations(
    *, claims: list[Claim], articles: list[Article], editor: User
) -> None:
    """Fictional sources of every kind and reliability; citations spread over the claims, the
    first claim getting one of each stance and a passage of another article. Claims that already
    have evidence are left alone, so loading twice adds nothing."""
    _load_sources()
    fresh = [claim for claim in claims if not claim.citations.exists()]
    if not fresh:
        return
    accessed_on = timezone.localdate() - datetime.timedelta(days=_ACCESSED_DAYS_AGO)
    one_of_each, the_rest = DEMO_EVIDENCE[: len(Stance)], DEMO_EVIDENCE[len(Stance) :]
    for evidence in one_of_each:
        _record(fresh[0], editor, _web_values(evidence, accessed_on))
    _cite_another_article(fresh[0], articles, editor)
    others = cycle(fresh[1:] or fresh)
    for evidence in the_rest:
        _record(next(others), editor, _web_values(evidence, accessed_on))
