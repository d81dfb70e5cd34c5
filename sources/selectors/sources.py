"""Reads that concern sources: the filterable list and a source's citations."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from project.errors import NotFound
from sources.models import Citation, Source


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
