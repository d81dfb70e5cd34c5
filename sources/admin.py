"""The Django admin for sources (where administrators rate reliability) and, read-mostly, for
citations: evidence changes through the claim page, where the review workflow guards it."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join

from project.errors import InvalidInput
from sources.models import EVIDENCE_FIELDS, Citation, Source
from sources.selectors.sources import source_history
from sources.services.sources import normalise_domain, source_change_record, source_snapshot
from sources.vocabulary import Reliability


class SourceAdminForm(forms.ModelForm):
    homepage = forms.URLField(required=False, max_length=2000, assume_scheme="https")

    class Meta:
        model = Source
        fields = ["name", "kind", "homepage", "domain", "reliability", "reliability_reason"]

    def clean_domain(self) -> str:
        try:
            return normalise_domain(self.cleaned_data["domain"])
        except InvalidInput as error:
            raise forms.ValidationError(error.message) from error

    def clean(self) -> dict:
        cleaned = super().clean()
        rated = cleaned.get("reliability") not in (None, Reliability.UNKNOWN.value)
        if rated and not (cleaned.get("reliability_reason") or "").strip():
            self.add_error("reliability_reason", "Say why the source is rated this way.")
        return cleaned


def _stored_fields(source: Source) -> dict[str, str]:
    """The source as stored, before the admin form's values are saved over it."""
    return source_snapshot(Source.objects.get(pk=source.pk))


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceAdminForm
    list_display = ["name", "domain", "kind", "reliability", "citation_count", "updated_at"]
    list_filter = ["kind", "reliability"]
    search_fields = ["name", "domain"]
    readonly_fields = ["created_at", "updated_at", "version", "changes"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "domain", "homepage"]}),
        ("Reliability", {"fields": ["reliability", "reliability_reason"]}),
        ("History", {"fields": ["created_at", "updated_at", "version", "changes"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    @admin.display(description="Changes")
    def changes(self, source: Source) -> str:
        entries, _ = source_history(source=source)
        return (
            format_html_join(
                "",
                "<p>{} · {}: {}</p>",
                (
                    (
                        f"{entry.changed_at:%Y-%m-%d %H:%M}",
                        entry.changed_by.get_username()
                        if entry.changed_by
                        else "Corroborate, for a cited link",
                        "; ".join(
                            f"{change.label} {change.before or '-'} → {change.after or '-'}"
                            for change in entry.fields
                        ),
                    )
                    for entry in entries
                ),
            )
            or "—"
        )

    @admin.display(description="Citations", ordering="citation_count")
    def citation_count(self, source: Source) -> int:
        return source.citation_count

    def save_model(self, request: HttpRequest, obj: Source, form, change: bool) -> None:
        before = _stored_fields(obj) if change else None
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
        source_change_record(source=obj, user=request.user, before=before)


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "claim", "stance", "source", "created_by", "created_at"]
    list_filter = ["stance", "source__reliability"]
    search_fields = ["title", "url", "quote", "note", "source__name", "source__domain"]
    list_select_related = ["claim", "source", "created_by"]
    # Only the wording may be touched here: what the evidence is, and its stance, change on the
    # claim page, which refuses changes once the claim is submitted or verified.
    fields = [
        "claim",
        "source",
        *EVIDENCE_FIELDS,
        "created_by",
        "created_at",
        "updated_at",
        "version",
    ]
    readonly_fields = [name for name in fields if name not in ("title", "note")]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Citation | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Citation, form, change: bool) -> None:
        obj.version += 1
        super().save_model(request, obj, form, change)
