"""The evidence summary of claims: how many citations corroborate, conflict or give context, and
how reliable their sources are. For the claim page, the side panel and the review queue."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, NamedTuple

from django.db.models import Count, Field

from project.sql import any_of
from sources.models import Citation
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
    citation without a source counts as unknown reliability); cells not in `counts` are zero.
    A named tuple: the article page builds one per claim, a thousand, and a frozen dataclass
    cost two and a half times as much to build."""

    claim_id: int
    counts: Mapping[tuple[Stance, Reliability], int]

    def count(self, *, stance: Stance | None = None, reliability: Reliability | None = None) -> int:
        return sum(
            number
            for (cell_stance, cell_reliability), number in self.counts.items()
            if stance in (None, cell_stance) and reliability in (None, cell_reliability)
        )

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def corroborating(self) -> int:
        return self.count(stance=Stance.CORROBORATES)

    @property
    def conflicting(self) -> int:
        return self.count(stance=Stance.CONFLICTS)

    @property
    def context(self) -> int:
        return self.count(stance=Stance.CONTEXT)

    # The tallies add the cells up in one pass rather than a `count()` per stance or level: the
    # article page lists the summaries of up to a thousand claims.

    @property
    def totals(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The count of each stance and of each reliability level, in vocabulary order (zeros
        included): all the list row shows, small enough to remember its markup by."""
        stances, levels = [0] * len(_STANCES), [0] * len(_LEVELS)
        for (stance, level), number in self.counts.items():
            stances[_STANCE_INDEX[stance]] += number
            levels[_LEVEL_INDEX[level]] += number
        return tuple(stances), tuple(levels)

    @property
    def stances(self) -> list[StanceTally]:
        return stance_tallies(self.totals[0])

    @property
    def reliabilities(self) -> list[ReliabilityTally]:
        return reliability_tallies(self.totals[1])


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


_CELLS: Final[dict[tuple[str, str | None], tuple[Stance, Reliability]]] = {
    **{(stance.value, level.value): (stance, level) for stance in Stance for level in Reliability},
    # A citation without a source counts as unknown reliability.
    **{(stance.value, None): (stance, Reliability.UNKNOWN) for stance in Stance},
}


def evidence_summaries(*, claim_ids: Iterable[int]) -> dict[int, EvidenceSummary]:
    """The evidence summary of each claim named, in ONE query; claims without citations get an
    all-zero summary.

    The query counts citations per (claim, stance, reliability) rather than twelve filtered
    counts per claim, and a summary keeps only the cells that are not zero: for the thousand
    claims of a heavily annotated article, reading and storing every empty cell cost more than
    the query (issue 8).
    """
    ids = list(dict.fromkeys(claim_ids))
    if not ids:
        return {}
    groups = (
        Citation.objects.filter(any_of(Citation, "claim", ids))
        .order_by()
        .values_list("claim_id", "stance", "source__reliability")
        # count(*), not count(id): the index holds no id (`Citation.Meta`). A plain `Field`: an
        # integer one has Django call int() on each count, which psycopg already gives as an
        # int, a call per row for the thousands of rows of a heavily annotated article.
        .annotate(number=Count("*", output_field=Field()))
    )
    counts: dict[int, dict[tuple[Stance, Reliability], int]] = {}
    for claim_id, stance, reliability, number in groups:
        cell = _CELLS[stance, reliability]
        cells = counts.setdefault(claim_id, {})
        cells[cell] = cells.get(cell, 0) + number
    return {claim_id: EvidenceSummary(claim_id, counts.get(claim_id, _NONE)) for claim_id in ids}


_NONE: Final[Mapping[tuple[Stance, Reliability], int]] = MappingProxyType({})
"""The cells of every claim without citations: one read-only empty mapping, not one each."""


def evidence_summary(*, claim_id: int) -> EvidenceSummary:
    return evidence_summaries(claim_ids=[claim_id])[claim_id]
