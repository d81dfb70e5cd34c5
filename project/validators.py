"""Checks shared by the services: text a person typed, and the fields an update names."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Final

from project.errors import InvalidInput

# C0 controls other than tab, line feed and carriage return, and DEL. PostgreSQL cannot store
# NUL at all (a server error instead of a refusal), and the others are never typed on purpose:
# they come from pasted terminal output or from someone probing the system.
_CONTROL_CHARACTER: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def refuse_control_characters(**fields: str | None) -> None:
    """Raise InvalidInput naming every field whose value holds a control character."""
    errors: dict[str, list[str]] = {}
    for name, value in fields.items():
        match = _CONTROL_CHARACTER.search(value or "")
        if match is not None:
            code = f"U+{ord(match.group()):04X}"
            errors[name] = [f"Contains a control character ({code}); remove it."]
    if errors:
        field, messages = next(iter(errors.items()))
        raise InvalidInput(f"{field}: {messages[0]}", errors=errors)


def refuse_unknown_fields(data: Mapping[str, object], known: Collection[str], *, what: str) -> None:
    """Raise InvalidInput naming the fields in `data` (a partial update) that are not `known`:
    "Sources have no field colour, size." (`what` is the plural: "Sources")."""
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise InvalidInput(f"{what} have no field {', '.join(unknown)}.")
