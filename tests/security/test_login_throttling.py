"""Brute force against the sign-in form (django-axes, project/signin.py): five wrong passwords
for one username, or from one address, pause it for fifteen minutes from the fifth, with a page
that says so; and the person locked out can always get past by a proof of work."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from project.proof_of_work import meets_difficulty, solve
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


def test_a_locked_username_is_locked_from_every_address(client, editor):
    _fail_five_times(client, editor.username)
    assert _sign_in(Client(), editor.username, TEST_PASSWORD, address=COLLEAGUE).status_code == 429


def test_a_locked_address_is_locked_for_every_username(client, editor, reviewer):
    # One password tried against many usernames: the address is what repeats.
    for number in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, f"someone-{number}", "Summer2026!")
    assert _sign_in(Client(), reviewer.username, TEST_PASSWORD).status_code == 429


def test_other_usernames_at_other_addresses_are_not_affected(client, editor, reviewer):
    _fail_five_times(client, editor.username)
    assert (
        _sign_in(Client(), reviewer.username, TEST_PASSWORD, address=COLLEAGUE).status_code == 302
    )


def test_attempts_during_the_lockout_do_not_extend_it(client, editor):
    _fail_five_times(client, editor.username)
    fifth = AccessAttempt.objects.get()
    for _ in range(3):
        assert _sign_in(client, editor.username, "still-wrong").status_code == 429
    kept = AccessAttempt.objects.get()
    assert (kept.attempt_time, kept.failures_since_start) == (fifth.attempt_time, 5)


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


# The way past a lockout ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def quick_proof_of_work(settings):
    """A little work, so tests solve challenges fast; the rule is the same at any difficulty."""
    settings.SIGNIN_PROOF_OF_WORK_BITS = 8


def _proof_from(page: str) -> dict[str, str]:
    challenge = re.search(r'name="proof_challenge" value="([^"]+)"', page).group(1)
    return {"proof_challenge": challenge, "proof_answer": solve(challenge, bits=8)}


def _sign_in_with(client: Client, username: str, password: str, proof: dict, **kwargs):
    body = {"username": username, "password": password, **proof}
    return client.post(reverse("login"), body, REMOTE_ADDR=kwargs.get("address", ATTACKER))


def test_the_lockout_page_carries_a_challenge_for_the_browser_to_solve(client, editor):
    _fail_five_times(client, editor.username)
    page = _sign_in(client, editor.username, TEST_PASSWORD).content.decode()
    assert "data-proof-challenge=" in page
    assert "js/signin_proof.js" in page and "vendor/js-sha256/sha256.min.js" in page
    assert f'value="{editor.username}"' in page


def test_a_solved_challenge_lets_the_right_password_past_the_lockout(client, editor):
    _fail_five_times(client, editor.username)
    page = _sign_in(client, editor.username, TEST_PASSWORD).content.decode()
    response = _sign_in_with(client, editor.username, TEST_PASSWORD, _proof_from(page))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_locked_out_colleague_behind_the_same_address_gets_past_too(client, editor, reviewer):
    for number in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, f"someone-{number}", "Summer2026!")
    colleague = Client()
    page = _sign_in(colleague, reviewer.username, TEST_PASSWORD).content.decode()
    response = _sign_in_with(colleague, reviewer.username, TEST_PASSWORD, _proof_from(page))
    assert response.status_code == 302


def test_a_wrong_password_past_the_lockout_is_refused_and_offers_a_new_challenge(client, editor):
    _fail_five_times(client, editor.username)
    page = _sign_in(client, editor.username, TEST_PASSWORD).content.decode()
    proof = _proof_from(page)
    response = _sign_in_with(client, editor.username, "wrong-again", proof)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "data-proof-challenge=" in response.content.decode()
    assert proof["proof_challenge"] not in response.content.decode()


def test_a_challenge_is_used_once_only(client, editor):
    _fail_five_times(client, editor.username)
    page = _sign_in(client, editor.username, TEST_PASSWORD).content.decode()
    proof = _proof_from(page)
    _sign_in_with(client, editor.username, "wrong-again", proof)
    assert _sign_in_with(client, editor.username, TEST_PASSWORD, proof).status_code == 429


@pytest.mark.parametrize(
    "proof",
    [
        {"proof_challenge": "forged:challenge", "proof_answer": "1"},
        {"proof_challenge": "", "proof_answer": ""},
    ],
)
def test_a_forged_or_missing_proof_does_not_pass(client, editor, proof):
    _fail_five_times(client, editor.username)
    assert _sign_in_with(client, editor.username, TEST_PASSWORD, proof).status_code == 429


def test_an_answer_that_does_not_solve_the_challenge_does_not_pass(client, editor):
    _fail_five_times(client, editor.username)
    page = _sign_in(client, editor.username, TEST_PASSWORD).content.decode()
    proof = _proof_from(page)
    wrong = next(
        str(number)
        for number in range(1000)
        if not meets_difficulty(proof["proof_challenge"], str(number), bits=8)
    )
    response = _sign_in_with(
        client, editor.username, TEST_PASSWORD, {**proof, "proof_answer": wrong}
    )
    assert response.status_code == 429


def test_behind_the_proxy_lockouts_count_the_clients_address_not_the_proxys(
    settings, editor, reviewer
):
    settings.BEHIND_TLS_PROXY = True
    for number in range(settings.AXES_FAILURE_LIMIT):
        Client().post(
            reverse("login"),
            {"username": f"someone-{number}", "password": "Summer2026!"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=ATTACKER,
        )
    response = Client().post(
        reverse("login"),
        {"username": reviewer.username, "password": TEST_PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=COLLEAGUE,
    )
    assert response.status_code == 302
    assert AccessAttempt.objects.filter(ip_address=ATTACKER).exists()


def test_sign_ins_from_one_address_are_throttled(client, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "signin_address": "3/minute"}
    statuses = [_sign_in(client, f"someone-{number}", "x").status_code for number in range(4)]
    assert statuses == [200, 200, 200, 429]


# Administrators -------------------------------------------------------------------------------


def test_admins_see_lockouts_in_the_admin(client, editor, admin_client_role):
    _fail_five_times(client, editor.username)
    page = admin_client_role.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert editor.username in page
    assert ATTACKER in page


def test_admins_lift_a_lockout_and_the_user_signs_in_at_once(client, editor, admin_client_role):
    _fail_five_times(client, editor.username)
    response = admin_client_role.post(
        reverse("admin:axes_accessattempt_changelist"),
        {
            "action": "lift_lockouts",
            "_selected_action": [attempt.pk for attempt in AccessAttempt.objects.all()],
        },
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert _sign_in(client, editor.username, TEST_PASSWORD).status_code == 302


def test_editors_cannot_see_lockouts(editor_client):
    response = editor_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 403


def test_signing_in_forgets_only_ones_own_failures_not_the_addresss(client, editor, reviewer):
    # Four guesses at the editor's password, then the guesser signs in to their own account.
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, editor.username, "guess")
    assert _sign_in(Client(), reviewer.username, TEST_PASSWORD).status_code == 302
    # The fifth guess still locks the editor.
    assert _sign_in(client, editor.username, "guess").status_code == 429
