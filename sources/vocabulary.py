"""The evidence vocabularies, defined once: citation stances, source kinds and reliability."""

from __future__ import annotations

from enum import StrEnum


class _Vocabulary(StrEnum):
    @property
    def label(self) -> str:
        return LABELS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


class Stance(_Vocabulary):
    CORROBORATES = "corroborates"
    CONFLICTS = "conflicts"
    CONTEXT = "context"


class SourceKind(_Vocabulary):
    NEWS_OUTLET = "news_outlet"
    OFFICIAL_RECORD = "official_record"
    GOVERNMENT_AGENCY = "government_agency"
    ACADEMIC = "academic"
    NGO = "ngo"
    SOCIAL_MEDIA = "social_media"
    OTHER = "other"


class Reliability(_Vocabulary):
    HIGH = "high"
    MIXED = "mixed"
    LOW = "low"
    UNKNOWN = "unknown"


LABELS: dict[StrEnum, str] = {
    Stance.CORROBORATES: "Corroborates",
    Stance.CONFLICTS: "Conflicts",
    Stance.CONTEXT: "Context",
    SourceKind.NEWS_OUTLET: "News outlet",
    SourceKind.OFFICIAL_RECORD: "Official record",
    SourceKind.GOVERNMENT_AGENCY: "Government agency",
    SourceKind.ACADEMIC: "Academic",
    SourceKind.NGO: "NGO",
    SourceKind.SOCIAL_MEDIA: "Social media",
    SourceKind.OTHER: "Other",
    Reliability.HIGH: "High",
    Reliability.MIXED: "Mixed",
    Reliability.LOW: "Low",
    Reliability.UNKNOWN: "Unknown",
}

STANCE_DESCRIPTIONS: dict[Stance, str] = {
    Stance.CORROBORATES: "The evidence supports the claim.",
    Stance.CONFLICTS: "The evidence contradicts the claim.",
    Stance.CONTEXT: "The evidence neither supports nor contradicts it, but matters.",
}
