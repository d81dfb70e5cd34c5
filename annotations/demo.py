"""Demo data for trying Corroborate by hand: every role, and text written for this project."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

from annotations.roles import Role
from annotations.services.roles import user_set_roles

DEMO_PASSWORD = "corroborate-demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    roles: tuple[Role, ...]


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("editor", "Elena", "Marsh", (Role.EDITOR,)),
    DemoUser("reviewer", "Ravi", "Okafor", (Role.REVIEWER,)),
    DemoUser("desk", "Dana", "Lindqvist", (Role.EDITOR, Role.REVIEWER)),
    DemoUser("admin", "Ada", "Brennan", (Role.ADMIN,)),
    DemoUser("reader", "Robin", "Vale", ()),
)


def load_demo_users() -> list[User]:
    users = []
    for demo in DEMO_USERS:
        user, _ = User.objects.get_or_create(
            username=demo.username,
            defaults={"first_name": demo.first_name, "last_name": demo.last_name},
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        user_set_roles(user=user, roles=demo.roles)
        users.append(user)
    return users


def load_demo_data() -> str:
    users = load_demo_users()
    return f"{len(users)} users"
