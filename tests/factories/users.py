"""Users, with roles."""

from __future__ import annotations

import factory
from django.contrib.auth.models import User

from annotations.roles import Role
from annotations.services.roles import user_set_roles

TEST_PASSWORD = "a-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    """A user who signs in with TEST_PASSWORD; `roles=(Role.EDITOR,)` gives roles."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: tuple[Role, ...] | None, **kwargs) -> None:
        self.save()
        if create and extracted:
            user_set_roles(user=self, roles=extracted)


class PasswordlessUserFactory(UserFactory):
    """A user who never signs in with a password (tests sign them in with `force_login`): none
    to hash, which keeps bulk set-ups fast."""

    @factory.post_generation
    def password(self, create: bool, extracted, **kwargs) -> None:
        # Runs after the parent's `roles`, which saved the user: save the password too, or the
        # session of a forced login would not match the stored user.
        self.set_unusable_password()
        if create:
            self.save(update_fields=["password"])


def user_factory(*roles: Role, **kwargs) -> User:
    return PasswordlessUserFactory(roles=roles, **kwargs)


def reviewer_factory(**kwargs) -> User:
    return user_factory(Role.REVIEWER, **kwargs)


def editor_factory(**kwargs) -> User:
    return user_factory(Role.EDITOR, **kwargs)
