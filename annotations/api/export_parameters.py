"""The export's query parameters, parsed once, by one serializer, for the API and the command.

A bad value is a 400 problem detail naming the parameter (never a 500), and the message quotes
the value only when it is short and printable: what a client sent is not echoed blindly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotAcceptable

from annotations.presenters.formats import FORMATS, ExportFormat
from annotations.selectors.export.cursor import ExportCursor, InvalidCursor
from annotations.selectors.export.queries import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, ExportFilters
from annotations.workflow import Verdict
from project.http import is_whole_number

_ECHO_LIMIT = 40
PAGING_PARAMETERS = ("cursor", "page_size")


def quoted(value: str) -> str:
    """The value in quotes for a message, or "this value" when it is long or unprintable."""
    if len(value) <= _ECHO_LIMIT and value.isprintable():
        return f"“{value}”"
    return "this value"


def parse_timestamp(value: str) -> datetime:
    """An ISO 8601 date or date-time in UTC (without an offset: read as UTC); ValueError for
    anything else, including a date or offset that puts it outside the years 1–9999 in UTC."""
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:  # well-formed but impossible, like 2025-02-30 or an offset of +99:00
        parsed = None
    if parsed is None:
        raise ValueError(value)
    if not timezone.is_aware(parsed):
        return parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 is before the first moment a database holds
        raise ValueError(value) from None


class TimestampField(serializers.CharField):
    def to_internal_value(self, data: object) -> datetime:
        text = super().to_internal_value(data)
        try:
            return parse_timestamp(text)
        except ValueError:
            raise serializers.ValidationError(
                f"{quoted(text)} is not an ISO 8601 date or date-time between the years 1 and "
                "9999; write it like 2025-03-01T09:30:00Z or 2025-03-01 (in a URL, encode a + "
                "offset as %2B)."
            ) from None


@extend_schema_field(OpenApiTypes.INT)
class WholeNumberField(serializers.CharField):
    """ASCII digits that fit a bigint, within [min_value, max_value] when given."""

    def __init__(self, *, what: str, min_value: int = 1, max_value: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.what, self.min_value, self.max_value = what, min_value, max_value

    def to_internal_value(self, data: object) -> int:
        text = super().to_internal_value(data)
        if not is_whole_number(text):
            raise serializers.ValidationError(f"{quoted(text)} is not {self.what}; give a number.")
        number = int(text)
        upper = self.max_value if self.max_value is not None else 2**63 - 1
        if not self.min_value <= number <= upper:
            raise serializers.ValidationError(
                f"{number} is out of range; give {self.min_value} to {upper}."
            )
        return number


class CursorField(serializers.CharField):
    def to_internal_value(self, data: object) -> ExportCursor:
        text = super().to_internal_value(data)
        try:
            return ExportCursor.decode(text)
        except InvalidCursor:
            raise serializers.ValidationError(
                "This is not a cursor the export issued; pass back the `cursor` or `next` of an "
                "earlier page unchanged, or leave it out to start from the beginning."
            ) from None


# Every parameter may be left out; an HTML form sends empty ones, which are ignored.
_OPTIONAL = {"required": False, "allow_blank": True}


@dataclass(frozen=True)
class ExportQuery:
    filters: ExportFilters
    format: ExportFormat
    cursor: ExportCursor | None
    page_size: int


class ExportParameters(serializers.Serializer):
    """`GET /api/v1/export/claims/` query parameters (and `export_claims --since`).

    The context's `negotiate` callable chooses the format when `format` is absent (from the
    Accept header); it may raise NotAcceptable.
    """

    format = serializers.ChoiceField(
        choices=[fmt.value for fmt in ExportFormat],
        help_text="Overrides the Accept header. ndjson and csv are streamed whole.",
        **_OPTIONAL,
    )
    article = WholeNumberField(what="an article id", help_text="Article id.", **_OPTIONAL)
    tag = serializers.CharField(max_length=200, help_text="Tag name (any case) or id.", **_OPTIONAL)
    verdict = serializers.ChoiceField(choices=[verdict.value for verdict in Verdict], **_OPTIONAL)
    reviewer = serializers.CharField(
        max_length=150, help_text="Reviewer's username or id.", **_OPTIONAL
    )
    updated_since = TimestampField(
        help_text=(
            "ISO 8601 date or date-time (UTC when it names no offset): claims changed and "
            "withdrawn at or after this moment."
        ),
        **_OPTIONAL,
    )
    cursor = CursorField(help_text="The `cursor` or `next` of an earlier page.", **_OPTIONAL)
    page_size = WholeNumberField(
        what="a page size",
        max_value=MAX_PAGE_SIZE,
        help_text=f"1 to {MAX_PAGE_SIZE}; {DEFAULT_PAGE_SIZE} by default.",
        **_OPTIONAL,
    )

    def to_internal_value(self, data):
        # An unknown format is not a malformed request but one this resource cannot answer.
        requested = str(data.get("format", "")).strip().lower()
        if requested and requested not in FORMATS:
            options = ", ".join(fmt.value for fmt in ExportFormat)
            raise NotAcceptable(
                f"format: {quoted(requested)} is not an export format; use one of: {options}."
            )
        return super().to_internal_value(data)

    def validate(self, attrs: dict) -> dict:
        attrs = {name: value for name, value in attrs.items() if value != ""}
        chosen = ExportFormat(attrs["format"] if "format" in attrs else self.context["negotiate"]())
        attrs["format"] = chosen
        if not FORMATS[chosen].paged:
            given = [name for name in PAGING_PARAMETERS if name in attrs]
            if given:
                raise serializers.ValidationError(
                    {
                        name: [
                            f"{chosen} is streamed whole, not in pages: leave out {name} "
                            "(updated_since limits it to what changed), or ask for json, "
                            "jsonld or claimreview."
                        ]
                        for name in given
                    }
                )
        return attrs

    def export_query(self) -> ExportQuery:
        data = self.validated_data
        verdict = data.get("verdict")
        return ExportQuery(
            filters=ExportFilters(
                article=data.get("article"),
                tag=data.get("tag") or None,
                verdict=Verdict(verdict) if verdict else None,
                reviewer=data.get("reviewer") or None,
                updated_since=data.get("updated_since"),
            ),
            format=data["format"],
            cursor=data.get("cursor"),
            page_size=data.get("page_size", DEFAULT_PAGE_SIZE),
        )
