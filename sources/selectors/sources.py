"""Reads that concern sources: the filterable list and a source's citations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet

from project.errors import NotFound
from sources.models import Citation, Source, SourceChange


@dataclass(frozen=True)
class SourceFilters:
    search: str = ""
    kind: str = ""
    reliability: str = ""

    @property
    def is_filtered(self) -> bool:
        return bool(self.search.strip() or self.kind or self.reliability)


def _with_citation_count(sources: QuerySet[Source]) -> QuerySet[Source]:
    return sources.annotate(citation_count=Count("citations"))


def source_list(*, filters: SourceFilters = SourceFilters()) -> QuerySet[Source]:
    """Sources matching the filters (search in name and domain), by name, each with
    `citation_count`."""
    sources = Source.objects.all()
    if filters.kind:
        sources = sources.filter(kind=filters.kind)
    if filters.reliability:
        sources = sources.filter(reliability=filters.reliability)
    search = filters.search.strip()
    if search:
        sources = sources.filter(Q(name__icontains=search) | Q(domain__icontains=search.lower()))
    return _with_citation_count(sources).order_by("name", "id")


def source_get(*, pk: int) -> Source:
    """One source with its `citation_count`, or NotFound."""
    try:
        return _with_citation_count(Source.objects.all()).get(pk=pk)
    except Source.DoesNotExist as error:
        raise NotFound(f"There is no source {pk}.") from error


def citations_for_source(*, source: Source) -> QuerySet[Citation]:
    """Every citation of the source, newest first, with its claim and the claim's article."""
    return (
        Citation.objects.filter(source=source)
        .select_related("claim__article", "created_by")
        .order_by("-created_at", "-id")
    )


SOURCE_HISTORY_SHOWN = 50


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class SourceHistoryEntry:
    changed_at: datetime
    changed_by: AbstractBaseUser | None  # None: Corroborate itself, for a cited URL
    created: bool
    fields: list[FieldChange]


def _shown(field_name: str, value: str) -> str:
    choices = dict(Source._meta.get_field(field_name).choices or ())
    return str(choices.get(value, value))


def source_history(*, source: Source) -> tuple[list[SourceHistoryEntry], int]:
    """The source's latest SOURCE_HISTORY_SHOWN changes, newest first, and how many there are."""
    changes = SourceChange.objects.filter(source=source).select_related("changed_by")
    entries = [
        SourceHistoryEntry(
            changed_at=change.changed_at,
            changed_by=change.changed_by,
            created=change.created,
            fields=[
                FieldChange(
                    label=str(Source._meta.get_field(name).verbose_name).capitalize(),
                    before=_shown(name, before),
                    after=_shown(name, after),
                )
                for name, (before, after) in change.changes.items()
            ],
        )
        for change in changes[:SOURCE_HISTORY_SHOWN]
    ]
    total = len(entries) if len(entries) < SOURCE_HISTORY_SHOWN else changes.count()
    return entries, total
