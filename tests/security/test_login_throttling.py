"""Brute force against the sign-in form: the fifth wrong password for one username from one
address pauses that pair for fifteen minutes, with a page that says so (django-axes)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
COLLEAGUE = "198.51.100.20"


def _sign_in(client: Client, username: str, password: str, *, address: str = ATTACKER):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _fail_five_times(client: Client, username: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, username, "wrong-password").status_code == 200
    assert _sign_in(client, username, "wrong-password").status_code == 429


def test_the_next_attempt_is_refused_even_with_the_right_password(client, editor):
    _fail_five_times(client, editor.username)
    response = _sign_in(client, editor.username, TEST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_why_and_for_how_long(client, editor):
    _fail_five_times(client, editor.username)
    response = _sign_in(client, editor.username, TEST_PASSWORD)
    page = response.content.decode()
    assert "Too many failed sign-in attempts" in page
    assert "paused for 15 minutes" in page


def test_four_failures_do_not_lock_anyone_out(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, editor.username, "wrong-password")
    assert _sign_in(client, editor.username, TEST_PASSWORD).status_code == 302


def test_the_lockout_holds_one_username_from_one_address_only(client, editor, reviewer):
    _fail_five_times(client, editor.username)
    assert _sign_in(Client(), reviewer.username, TEST_PASSWORD).status_code == 302
    assert _sign_in(Client(), editor.username, TEST_PASSWORD, address=COLLEAGUE).status_code == 302


def test_signing_in_works_again_after_fifteen_minutes(client, editor):
    _fail_five_times(client, editor.username)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    assert _sign_in(client, editor.username, TEST_PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_failures(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, editor.username, "wrong-password")
    assert _sign_in(client, editor.username, TEST_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, editor.username, "wrong-password")
    assert _sign_in(client, editor.username, TEST_PASSWORD).status_code == 302


def test_api_tokens_keep_working_for_a_locked_out_username(client, editor):
    _fail_five_times(client, editor.username)
    token = Token.objects.create(user=editor)
    response = Client().get(reverse("api-me"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
