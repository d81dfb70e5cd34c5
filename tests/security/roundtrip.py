"""The rule every free-text field keeps with hostile input, shared by the API and page tests.

A value is either stored exactly as the field's documented normalisation gives it (trimmed,
whitespace collapsed, or canonical article text), or refused with a 400 that says why. Control
characters and lone surrogates are always refused; a value longer than the field's limit too.
Several fields may carry the same value in one request: then it is refused when any of them
must refuse it, and otherwise every one of them must hold it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from tests.security.hostile_strings import must_be_refused


def trimmed(value: str) -> str:
    return value.strip()


def collapsed(value: str) -> str:
    return " ".join(value.split())


@dataclass(frozen=True)
class FieldRule:
    normalise: Callable[[str], str] = trimmed
    max_length: int | None = None
    blank_allowed: bool = True
    # The strings the field must refuse whatever else holds.
    refuse: Callable[[str], bool] = must_be_refused

    def should_refuse(self, value: str) -> bool:
        if self.refuse(value):
            return True
        expected = self.normalise(value)
        if self.max_length is not None and len(expected) > self.max_length:
            return True
        return not expected and not self.blank_allowed


TEXT = FieldRule()


@dataclass
class Report:
    """Every way the corpus broke the rule, reported together instead of at the first."""

    problems: list[str] = field(default_factory=list)

    def check(
        self,
        value: str,
        fields: Mapping[str, tuple[FieldRule, Callable[[], str]]],
        *,
        status: int,
        reason: str,
    ) -> None:
        """`fields`: each field that carried `value`, with its rule and how to read it back."""
        label = repr(value[:60])
        if any(rule.should_refuse(value) for rule, _ in fields.values()):
            if status != 400:
                self.problems.append(f"{label}: expected a 400 refusal, got {status}")
            elif not reason.strip():
                self.problems.append(f"{label}: refused without saying why")
            return
        if status >= 400:
            self.problems.append(f"{label}: refused with {status}: {reason[:200]}")
            return
        for name, (rule, stored) in fields.items():
            got, expected = stored(), rule.normalise(value)
            if got != expected:
                self.problems.append(
                    f"{label}: {name} stored as {got[:80]!r}, expected {expected[:80]!r}"
                )

    def assert_clean(self) -> None:
        assert not self.problems, f"{len(self.problems)} problems:\n" + "\n".join(self.problems)


def problem_detail(response) -> str:
    """The reason a refusal gives: problem details for the API, the page text otherwise."""
    if response.get("Content-Type", "").startswith("application/problem+json"):
        return response.json().get("detail", "")
    return response.content.decode(errors="replace")
