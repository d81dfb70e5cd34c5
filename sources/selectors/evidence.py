"""The evidence summary of claims: how many citations corroborate, conflict or give context, and
how reliable their sources are. For the claim page, the side panel and the review queue."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, NamedTuple

from django.db import connections, router

from project.sql import int_array
from sources.models import (
    TALLY_RELIABILITY_COLUMNS,
    TALLY_STANCE_COLUMNS,
    EvidenceTally,
)
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


# The tally's columns in the summary's order: each stance, then each reliability level, in
# vocabulary order.
_TALLY_COLUMNS: Final = (
    *(TALLY_STANCE_COLUMNS[stance] for stance in _STANCES),
    *(TALLY_RELIABILITY_COLUMNS[level] for level in _LEVELS),
)
_TALLY_SQL: Final = (
    f"SELECT claim_id, {', '.join(_TALLY_COLUMNS)} FROM {EvidenceTally._meta.db_table}"
    " WHERE claim_id = ANY(%s::bigint[])"
)


def evidence_summaries(*, claim_ids: Iterable[int]) -> dict[int, EvidenceSummary]:
    """The evidence summary of each claim named, in ONE query of their tallies (kept by
    triggers, `EvidenceTally`); claims without citations get an all-zero summary. SQL rather
    than the ORM: the article page reads a thousand, and building model instances cost more
    than reading the rows."""
    ids = list(dict.fromkeys(claim_ids))
    if not ids:
        return {}
    with connections[router.db_for_read(EvidenceTally)].cursor() as cursor:
        cursor.execute(_TALLY_SQL, (int_array(ids),))
        summaries = {row[0]: summary_of(row[0], row[1:]) for row in cursor.fetchall()}
    return {claim_id: summaries.get(claim_id) or summary_of(claim_id, ()) for claim_id in ids}


def tally_of_claims(claims: str) -> tuple[str, str]:
    """For a query of claims that names their table `claims`: the select list of their tallies'
    seven counts (NULL for a claim without citations) and the join that brings them, so that
    one query reads the claims and their evidence (`summary_of` turns the counts into the
    summary)."""
    tally = EvidenceTally._meta.db_table
    columns = ", ".join(f"tally.{column}" for column in _TALLY_COLUMNS)
    return columns, f" LEFT JOIN {tally} AS tally ON tally.claim_id = {claims}.id"


def summary_of(claim_id: int, counts: Sequence[int | None]) -> EvidenceSummary:
    """The summary of a claim from its tally's counts in `tally_of_claims` order; without a
    tally (no counts, or NULLs from the join) it has no citations."""
    if not counts or counts[0] is None:
        return EvidenceSummary(claim_id, _NO_STANCES, _NO_LEVELS)
    return EvidenceSummary(claim_id, tuple(counts[:_LEVELS_START]), tuple(counts[_LEVELS_START:]))


_LEVELS_START: Final = len(_STANCES)
_NO_STANCES: Final = (0,) * len(_STANCES)
_NO_LEVELS: Final = (0,) * len(_LEVELS)


def evidence_summary(*, claim_id: int) -> EvidenceSummary:
    return evidence_summaries(claim_ids=[claim_id])[claim_id]
