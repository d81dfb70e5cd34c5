import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from annotations.roles import Role, is_admin, user_roles
from annotations.services.roles import user_set_roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_three_role_groups_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {"editor", "reviewer", "admin"}


def test_a_user_may_hold_several_roles():
    user = UserFactory(roles=(Role.EDITOR, Role.REVIEWER))
    assert user_roles(user) == {Role.EDITOR, Role.REVIEWER}


def test_setting_roles_replaces_the_previous_ones():
    user = UserFactory(roles=(Role.EDITOR, Role.REVIEWER))
    user_set_roles(user=user, roles=[Role.REVIEWER])
    assert user_roles(user) == {Role.REVIEWER}


def test_admin_role_makes_the_user_staff():
    user = UserFactory(roles=(Role.ADMIN,))
    user.refresh_from_db()
    assert user.is_staff


def test_losing_the_admin_role_removes_staff():
    user = UserFactory(roles=(Role.ADMIN,))
    user_set_roles(user=user, roles=[])
    user.refresh_from_db()
    assert not user.is_staff


def test_reviewer_is_not_an_admin():
    assert not is_admin(UserFactory(roles=(Role.REVIEWER,)))


def test_admin_role_opens_the_django_admin_user_list(admin_client_role):
    response = admin_client_role.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 200


def test_editor_cannot_open_the_django_admin(editor_client):
    response = editor_client.get(reverse("admin:index"))
    assert response.status_code == 403


def test_load_demo_creates_a_user_for_each_role():
    from django.core.management import call_command

    call_command("load_demo")
    from django.contrib.auth.models import User

    roles_seen = set()
    for user in User.objects.all():
        roles_seen |= user_roles(user)
    assert roles_seen == set(Role)


def test_load_demo_if_empty_leaves_an_existing_database_alone():
    from django.contrib.auth.models import User
    from django.core.management import call_command

    UserFactory(username="someone")
    call_command("load_demo", "--if-empty")
    assert list(User.objects.values_list("username", flat=True)) == ["someone"]
