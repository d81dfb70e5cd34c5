"""Writes that concern roles: assigning them, and keeping the admin group's permissions whole."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction

from annotations.roles import ADMIN_MANAGED_APPS, Role, forget_roles


def grant_admin_role_permissions(**_signal_kwargs: object) -> None:
    """Give the admin group every permission on the models admins manage."""
    group = Group.objects.filter(name=Role.ADMIN).first()
    if group is None:
        return
    permissions = Permission.objects.filter(content_type__app_label__in=ADMIN_MANAGED_APPS)
    group.permissions.add(*permissions)


@transaction.atomic
def user_set_roles(*, user: User, roles: Iterable[Role]) -> None:
    """Make the user hold exactly these roles. Admins are staff so they reach the Django admin."""
    wanted = set(roles)
    # get_or_create: the groups come from a data migration, but a flushed test database lacks them.
    role_groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    user.groups.remove(*[group for role, group in role_groups.items() if role not in wanted])
    user.groups.add(*[role_groups[role] for role in wanted])
    is_staff = Role.ADMIN in wanted or user.is_superuser
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    forget_roles(user)
