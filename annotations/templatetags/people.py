"""`{{ user|display_name }}`: a person as pages name them (`annotations.people`). A builtin of
the template engine (settings), so every template has it without `{% load %}`."""

from __future__ import annotations

from django import template

from annotations.people import display_name as display_name_of_user

register = template.Library()


@register.filter
def display_name(user) -> str:
    return display_name_of_user(user)
