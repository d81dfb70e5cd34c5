"""The roles: what a role is and who holds which. What each role may do is
`annotations.policies`'s to say.

Roles are Django groups with exactly these names (created by a data migration). One user may
hold several; a signed-in user with none may read but not write.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Role(StrEnum):
    EDITOR = "editor"
    REVIEWER = "reviewer"
    ADMIN = "admin"

    @property
    def description(self) -> str:
        return ROLE_DESCRIPTIONS[self]


ROLE_DESCRIPTIONS: dict[Role, str] = {
    Role.EDITOR: "Uploads articles, marks claims and attaches evidence.",
    Role.REVIEWER: "Takes claims from the review queue and gives verdicts.",
    Role.ADMIN: "Manages users, sources and tags; may delete articles.",
}

# Django apps whose models an admin manages through the Django admin.
ADMIN_MANAGED_APPS = ("auth", "authtoken", "annotations", "sources")

_CACHE_ATTRIBUTE = "_corroborate_roles"


def user_roles(user: AbstractBaseUser | AnonymousUser) -> frozenset[Role]:
    """The user's roles, read once per request and cached on the user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_roles(user: AbstractBaseUser) -> None:
    """Drop the cached roles after the user's groups changed."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def has_role(user: AbstractBaseUser | AnonymousUser, role: Role) -> bool:
    return role in user_roles(user)


def is_editor(user: AbstractBaseUser | AnonymousUser) -> bool:
    return has_role(user, Role.EDITOR)


def is_reviewer(user: AbstractBaseUser | AnonymousUser) -> bool:
    return has_role(user, Role.REVIEWER)


def is_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, Role.ADMIN))
