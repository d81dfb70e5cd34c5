"""Export cursors: what the export issues it reads back; anything else is refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from annotations.selectors.export.cursor import ExportCursor, InvalidCursor


def test_a_cursor_survives_its_round_trip():
    cursor = ExportCursor(
        claim=(datetime(2025, 3, 1, 9, 30, 0, 123456, tzinfo=UTC), 42),
        tombstone=None,
    )
    assert ExportCursor.decode(cursor.encode()) == cursor


@pytest.mark.parametrize(
    "token",
    [
        "",
        "!!!",
        "eyJjIjpudWxsfQ",  # {"c":null}: no tombstone position
        "eyJjIjpbIjIwMjUtMDMtMDEiLDFdLCJ0IjpudWxsfQ",  # a time without an offset
        "WzEsMl0",  # [1,2]
    ],
)
def test_a_cursor_the_export_did_not_issue_is_refused(token):
    with pytest.raises(InvalidCursor):
        ExportCursor.decode(token)
