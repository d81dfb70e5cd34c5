"""The evidence summary of claims: how many citations corroborate, conflict or give context, and
how reliable their sources are. For the claim page, the side panel and the review queue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, NamedTuple

from django.db import connections, router

from project.sql import int_array
from sources.models import Citation, Source
from sources.presentation import RELIABILITY_ICONS, STANCE_ICONS, STANCE_TALLY_LABELS
from sources.vocabulary import Reliability, Stance

# In vocabulary order; a tuple, because iterating an enum class is slow enough to count when a
# page sums up the evidence of a thousand claims.
_STANCES: Final = tuple(Stance)
_LEVELS: Final = tuple(Reliability)
_STANCE_INDEX: Final = {stance: index for index, stance in enumerate(_STANCES)}
_LEVEL_INDEX: Final = {level: index for index, level in enumerate(_LEVELS)}


@dataclass(frozen=True)
class StanceTally:
    stance: Stance
    count: int

    @property
    def icon(self) -> str:
        return STANCE_ICONS[self.stance]

    @property
    def label(self) -> str:
        return STANCE_TALLY_LABELS[self.stance]


@dataclass(frozen=True)
class ReliabilityTally:
    reliability: Reliability
    count: int

    @property
    def icon(self) -> str:
        return RELIABILITY_ICONS[self.reliability]

    @property
    def label(self) -> str:
        return self.reliability.label.lower()


class EvidenceSummary(NamedTuple):
    """Citation counts of one claim by stance and by the reliability of their source (a
    citation without a source counts as unknown reliability), each in vocabulary order, zeros
    included. What every summary shows, and no more: PostgreSQL adds them up, one row a claim.
    A named tuple: the article page builds one per claim, a thousand, and a frozen dataclass
    cost two and a half times as much to build."""

    claim_id: int
    stance_counts: tuple[int, ...]
    """corroborates, conflicts, context"""
    reliability_counts: tuple[int, ...]
    """high, mixed, low, unknown"""

    def count(self, *, stance: Stance | None = None, reliability: Reliability | None = None) -> int:
        """The citations of this stance, or of sources of this reliability, or all of them."""
        if stance is not None and reliability is not None:
            raise ValueError("a summary counts by stance or by reliability, not by both")
        if stance is not None:
            return self.stance_counts[_STANCE_INDEX[stance]]
        if reliability is not None:
            return self.reliability_counts[_LEVEL_INDEX[reliability]]
        return self.total

    @property
    def total(self) -> int:
        return sum(self.stance_counts)

    @property
    def corroborating(self) -> int:
        return self.stance_counts[_STANCE_INDEX[Stance.CORROBORATES]]

    @property
    def conflicting(self) -> int:
        return self.stance_counts[_STANCE_INDEX[Stance.CONFLICTS]]

    @property
    def context(self) -> int:
        return self.stance_counts[_STANCE_INDEX[Stance.CONTEXT]]

    @property
    def totals(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The count of each stance and of each reliability level, in vocabulary order (zeros
        included): all the list row shows, small enough to remember its markup by."""
        return self.stance_counts, self.reliability_counts

    @property
    def stances(self) -> list[StanceTally]:
        return stance_tallies(self.stance_counts)

    @property
    def reliabilities(self) -> list[ReliabilityTally]:
        return reliability_tallies(self.reliability_counts)


def stance_tallies(counts: tuple[int, ...]) -> list[StanceTally]:
    """Every stance, in vocabulary order, with its count from `counts` (zero included)."""
    return [StanceTally(stance, number) for stance, number in zip(_STANCES, counts, strict=True)]


def reliability_tallies(counts: tuple[int, ...]) -> list[ReliabilityTally]:
    """The reliability levels that occur in `counts`, in vocabulary order (best first)."""
    return [
        ReliabilityTally(level, number)
        for level, number in zip(_LEVELS, counts, strict=True)
        if number
    ]


# One row per claim with citations: its id, then the count of each stance and of each
# reliability level, in vocabulary order (a citation without a source counts as unknown). SQL
# rather than the ORM: building the query's seven filtered counts took Django longer (1.8 ms)
# than PostgreSQL took to run it, and reading its rows through the ORM as long again.
_SUMMARY_SQL: Final = """
SELECT citation.{claim},
       {stance_counts},
       {reliability_counts}
  FROM {citation} AS citation
  LEFT JOIN {source} AS source ON source.{source_pk} = citation.{citation_source}
 WHERE citation.{claim} = ANY(%s::bigint[])
 GROUP BY citation.{claim}
""".format(
    citation=Citation._meta.db_table,
    citation_source=Citation._meta.get_field("source").column,
    claim=Citation._meta.get_field("claim").column,
    source=Source._meta.db_table,
    source_pk=Source._meta.pk.column,
    stance_counts=",\n       ".join(
        f"count(*) FILTER (WHERE citation.stance = '{stance.value}')" for stance in _STANCES
    ),
    reliability_counts=",\n       ".join(
        f"count(*) FILTER (WHERE source.reliability = '{level.value}'"
        + (f" OR source.{Source._meta.pk.column} IS NULL)" if level is Reliability.UNKNOWN else ")")
        for level in _LEVELS
    ),
)


def evidence_summaries(*, claim_ids: Iterable[int]) -> dict[int, EvidenceSummary]:
    """The evidence summary of each claim named, in ONE query; claims without citations get an
    all-zero summary.

    PostgreSQL adds up each claim's citations into the seven numbers a summary shows, one row
    per claim with citations: for the thousand claims of a heavily annotated article, reading
    a row per (claim, stance, reliability) and adding them up in Python cost several times the
    query (issue 18).
    """
    ids = list(dict.fromkeys(claim_ids))
    if not ids:
        return {}
    with connections[router.db_for_read(Citation)].cursor() as cursor:
        cursor.execute(_SUMMARY_SQL, (int_array(ids),))
        rows = cursor.fetchall()
    levels = 1 + len(_STANCES)  # where the row's reliability counts start
    summaries = {row[0]: EvidenceSummary(row[0], row[1:levels], row[levels:]) for row in rows}
    return {claim_id: summaries.get(claim_id) or _none(claim_id) for claim_id in ids}


_NO_STANCES: Final = (0,) * len(_STANCES)
_NO_LEVELS: Final = (0,) * len(_LEVELS)


def _none(claim_id: int) -> EvidenceSummary:
    """The summary of a claim without citations (its counts shared with every other)."""
    return EvidenceSummary(claim_id, _NO_STANCES, _NO_LEVELS)


def evidence_summary(*, claim_id: int) -> EvidenceSummary:
    return evidence_summaries(claim_ids=[claim_id])[claim_id]
