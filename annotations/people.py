"""How a person is named on pages, in exports and in messages: their full name, else their
username. Written once here; templates use the `display_name` filter."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser


def display_name_of(*, username: str, first_name: str, last_name: str) -> str:
    """The name from a row's columns, for queries that read them without loading the user."""
    return f"{first_name} {last_name}".strip() or username


def display_name(user: AbstractBaseUser | None) -> str:
    """The user's name; "the system" for an action nobody took (an abandoned claim released)."""
    if user is None:
        return "the system"
    return display_name_of(
        username=user.get_username(),
        first_name=getattr(user, "first_name", ""),
        last_name=getattr(user, "last_name", ""),
    )
