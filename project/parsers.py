"""The API's JSON parser: DRF's, with bounds on what a body may hold.

Python's `json` decoder recurses once per level of nesting, so a body like `[[[[…]]]]` 1,500
deep raised RecursionError, a 500. And JSON may spell a lone UTF-16 surrogate (`"\\ud800"`),
which decodes to a Python string that can be neither stored in PostgreSQL nor written back out
as UTF-8. Both are refused here with a 400 that names the problem without echoing the input.
"""

from __future__ import annotations

import re
from typing import Final

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH: Final = 32
"""How deeply arrays and objects may nest in a request body; the API's deepest shape is 3."""

_SURROGATE: Final = re.compile(r"[\ud800-\udfff]")


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_too_deep_message()) from None
        check_json_value(data)
        return data


def _too_deep_message() -> str:
    return f"JSON parse error - arrays and objects nest more than {MAX_DEPTH} levels deep."


def check_json_value(data: object) -> None:
    """Raise ParseError when `data` nests deeper than MAX_DEPTH or holds a lone surrogate.

    An explicit stack, not recursion: the point is to survive hostile shapes.
    """
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise ParseError(
                    "JSON parse error - a string holds an unpaired UTF-16 surrogate "
                    "(U+D800 to U+DFFF without its pair), which is not text."
                )
            continue
        if isinstance(value, dict):
            children = [*value.keys(), *value.values()]
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > MAX_DEPTH:
            raise ParseError(_too_deep_message())
        stack.extend((child, depth + 1) for child in children)
