"""The export's cursor: a position in the feed that a consumer keeps and passes back.

Opaque to consumers: URL-safe base64 of a small JSON object. A token the export did not issue
(or one that was tampered with) is refused with a 400 naming the `cursor` parameter.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import orjson
from django.utils import timezone

from annotations.selectors.export.rows import ExportEvent, ExportTombstone, Position


class InvalidCursor(ValueError):
    """The token is not a cursor the export issued."""


@dataclass(frozen=True)
class ExportCursor:
    """A position in the feed: after `claim` among claims, after `tombstone` among tombstones
    (None: from the start)."""

    claim: Position | None = None
    tombstone: Position | None = None

    def encode(self) -> str:
        data = {"c": _position_json(self.claim), "t": _position_json(self.tombstone)}
        return base64.urlsafe_b64encode(orjson.dumps(data)).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> ExportCursor:
        try:
            data = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            return cls(
                claim=_position_from_json(data["c"]), tombstone=_position_from_json(data["t"])
            )
        except (binascii.Error, orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            raise InvalidCursor(token) from None

    def after(self, events: Iterable[ExportEvent]) -> ExportCursor:
        """The cursor past the given events (in feed order)."""
        claim, tombstone = self.claim, self.tombstone
        for event in events:
            if isinstance(event, ExportTombstone):
                tombstone = event.position
            else:
                claim = event.position
        return ExportCursor(claim=claim, tombstone=tombstone)


def _position_json(position: Position | None) -> list[object] | None:
    return None if position is None else [position[0].isoformat(), position[1]]


def _position_from_json(value: object) -> Position | None:
    if value is None:
        return None
    moment, key = value  # type: ignore[misc]
    if not isinstance(moment, str) or not isinstance(key, int) or isinstance(key, bool):
        raise ValueError("malformed position")
    parsed = datetime.fromisoformat(moment)
    if not timezone.is_aware(parsed):
        raise ValueError("naive time in cursor")
    return (parsed, key)
