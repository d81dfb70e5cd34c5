"""How stances and reliability read on a page: an icon that is text (never colour alone) and the
words used in counts. The vocabularies themselves live in `sources/vocabulary.py`."""

from __future__ import annotations

from typing import Final

from sources.vocabulary import Reliability, Stance

STANCE_ICONS: Final[dict[Stance, str]] = {
    Stance.CORROBORATES: "✓",
    Stance.CONFLICTS: "✗",
    Stance.CONTEXT: "ℹ",
}

# "2 corroborating · 1 conflicting · 3 context": words that need no plural.
STANCE_TALLY_LABELS: Final[dict[Stance, str]] = {
    Stance.CORROBORATES: "corroborating",
    Stance.CONFLICTS: "conflicting",
    Stance.CONTEXT: "context",
}

RELIABILITY_ICONS: Final[dict[Reliability, str]] = {
    Reliability.HIGH: "▲",
    Reliability.MIXED: "◆",
    Reliability.LOW: "▼",
    Reliability.UNKNOWN: "?",
}
