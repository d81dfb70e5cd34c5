"""Demo data for trying Corroborate by hand: every role, and text written for this project."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

from annotations.demo_articles import load_demo_articles
from annotations.demo_claims import load_demo_claims
from annotations.demo_reviews import load_demo_reviews
from annotations.demo_sources import load_demo_sources_and_citations
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
    """Every feature on show: articles, claims in every state, evidence of every stance."""
    users = {user.username: user for user in load_demo_users()}
    editor, desk, reviewer = users["editor"], users["desk"], users["reviewer"]
    articles = load_demo_articles(uploader=editor)
    claims = load_demo_claims(articles=articles, editors=[editor, desk])
    load_demo_sources_and_citations(claims=claims, articles=articles, editor=editor)
    load_demo_reviews(claims=claims, editors=[editor, desk], reviewers=[reviewer, desk])
    return f"{len(users)} users, {len(articles)} articles, {len(claims)} claims"
