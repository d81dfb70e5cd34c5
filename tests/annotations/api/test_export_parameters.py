"""The export's query parameters: one serializer reads them into filters, a format, a cursor and
a page size, and says which parameter is wrong without echoing what it cannot print."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rest_framework.exceptions import NotAcceptable

from annotations.api.export_parameters import ExportParameters, ExportQuery, parse_timestamp
from annotations.presenters.formats import ExportFormat
from annotations.selectors.export.cursor import ExportCursor
from annotations.selectors.export.queries import DEFAULT_PAGE_SIZE, ExportFilters
from annotations.workflow import Verdict


def _parsed(**params) -> ExportParameters:
    parameters = ExportParameters(data=params, context={"negotiate": lambda: ExportFormat.JSON})
    parameters.is_valid()
    return parameters


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-01T09:30:00Z", datetime(2025, 3, 1, 9, 30, tzinfo=UTC)),
        ("2025-03-01T11:30:00+02:00", datetime(2025, 3, 1, 9, 30, tzinfo=UTC)),
        ("2025-03-01T09:30:00.250000Z", datetime(2025, 3, 1, 9, 30, 0, 250000, tzinfo=UTC)),
        ("2025-03-01T09:30:00", datetime(2025, 3, 1, 9, 30, tzinfo=UTC)),
        ("2025-03-01", datetime(2025, 3, 1, tzinfo=UTC)),
    ],
)
def test_timestamps_in_iso_8601_are_read_as_utc_when_they_name_no_offset(text, expected):
    assert parse_timestamp(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "yesterday",
        "2025-02-30",
        "2025-03-01T25:00",
        "1700000000",
        "2025-03-01T09:30:00+99:00",  # an offset beyond a day
        "0001-01-01T00:00:00+01:00",  # before the year 1 in UTC
        "9999-12-31T23:59:59-01:00",  # after the year 9999 in UTC
    ],
)
def test_anything_else_is_an_error_naming_updated_since(text):
    parameters = _parsed(updated_since=text)
    assert list(parameters.errors) == ["updated_since"]


def test_empty_parameters_are_ignored():
    parameters = _parsed(article="", tag=" ", verdict="", reviewer="", updated_since="")
    assert parameters.export_query() == ExportQuery(
        filters=ExportFilters(), format=ExportFormat.JSON, cursor=None, page_size=DEFAULT_PAGE_SIZE
    )


def test_parameters_are_read_into_their_types():
    cursor = ExportCursor(walk=4, log=(9_000, 2))
    query = _parsed(
        article="12",
        tag="Ports",
        verdict="false",
        reviewer="ines",
        format="jsonld",
        cursor=cursor.encode(),
        page_size="20",
    ).export_query()
    assert query == ExportQuery(
        filters=ExportFilters(article=12, tag="Ports", verdict=Verdict.FALSE, reviewer="ines"),
        format=ExportFormat.JSONLD,
        cursor=cursor,
        page_size=20,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("article", "first"),
        ("article", "²"),
        ("article", "99999999999999999999"),
        ("page_size", "0"),
        ("page_size", "1001"),
        ("verdict", "probably"),
        ("cursor", "not-a-cursor"),
    ],
)
def test_a_bad_value_is_an_error_naming_its_parameter(name, value):
    assert list(_parsed(**{name: value}).errors) == [name]


def test_an_unprintable_value_is_not_echoed_in_the_message():
    message = str(_parsed(article="1\u202e\x1b[31m").errors["article"][0])
    assert "\x1b" not in message and "\u202e" not in message
    assert "this value" in message


def test_a_streamed_format_refuses_the_paging_parameters_by_name():
    cursor = ExportCursor().encode()
    parameters = _parsed(format="ndjson", page_size="10", cursor=cursor)
    assert set(parameters.errors) == {"page_size", "cursor"}


def test_a_streamed_format_chosen_by_the_accept_header_refuses_paging_too():
    parameters = ExportParameters(data={"page_size": "10"}, context={"negotiate": lambda: "csv"})
    assert not parameters.is_valid()
    assert list(parameters.errors) == ["page_size"]


def test_an_unknown_format_is_not_acceptable():
    with pytest.raises(NotAcceptable, match="xml"):
        ExportParameters(data={"format": "xml"}, context={}).is_valid()
