"""The export's cursor: the position a consumer keeps between calls and passes back.

A sync starts by walking the verified claims in id order (`walk`: past this claim id) while
holding its place in the change log (`log`: a (transaction id, row id) position); once the walk
is done (`walk` is None) it follows the change log from that place. A collection cursor (the
JSON-LD and ClaimReview pages) walks only and holds no log position.

Opaque to consumers: URL-safe base64 of a small JSON object. A token the export did not issue,
or one whose numbers a database could not hold, is refused (the API answers 400 naming `cursor`).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

import orjson

LogPosition = tuple[int, int]  # (transaction id, row id) in the change log
_LARGEST = 2**63 - 1  # PostgreSQL's bigint


class InvalidCursor(ValueError):
    """The token is not a cursor the export issued."""


@dataclass(frozen=True)
class ExportCursor:
    walk: int | None = 0  # past this claim id; None once every claim has been walked
    log: LogPosition | None = None

    def encode(self) -> str:
        data = {"w": self.walk, "l": None if self.log is None else list(self.log)}
        return base64.urlsafe_b64encode(orjson.dumps(data)).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> ExportCursor:
        try:
            data = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            walk, log = data["w"], data["l"]
            if walk is not None:
                _check_number(walk)
            if log is not None:
                transaction, row = log
                _check_number(transaction)
                _check_number(row)
                log = (transaction, row)
            if walk is None and log is None:
                raise ValueError("a cursor past the end of a walk keeps its log position")
        except (binascii.Error, orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            raise InvalidCursor(token) from None
        return cls(walk=walk, log=log)


def _check_number(value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= _LARGEST:
        raise ValueError("not a position")
