"""Response headers, the HTTPS redirect's exemption, idle sessions and the password page
(project/security_middleware.py, settings)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.factories import TEST_PASSWORD


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login/", "/api/v1/me/", "/healthz"])
def test_every_response_switches_off_the_browser_features_no_page_uses(client, path):
    policy = client.get(path)["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


@pytest.mark.django_db
def test_the_health_check_answers_plain_http_while_pages_redirect_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    redirected = client.get("/login/")
    assert (redirected.status_code, redirected["Location"]) == (301, "https://testserver/login/")


# Sessions and passwords ---------------------------------------------------------------------


def _expire_date(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


@pytest.mark.django_db
def test_a_session_left_unused_for_the_idle_timeout_ends(editor_client):

    assert editor_client.get(reverse("home")).status_code == 200
    Session.objects.update(expire_date=timezone.now())  # as if idle since SESSION_COOKIE_AGE
    response = editor_client.get(reverse("home"))
    assert (response.status_code, response["Location"].startswith("/login/")) == (302, True)


@pytest.mark.django_db
def test_using_a_session_moves_its_end_on_by_the_idle_timeout(editor_client, settings):

    session = editor_client.session
    session["corroborate_last_activity"] = 0  # last recorded long ago
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=30))
    editor_client.get(reverse("home"))
    remaining = _expire_date(editor_client) - timezone.now()
    assert remaining > timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


@pytest.mark.django_db
def test_a_user_changes_their_own_password_and_stays_signed_in(editor_client, editor):
    response = editor_client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "tide-tables-at-dawn-41",
            "new_password2": "tide-tables-at-dawn-41",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    editor.refresh_from_db()
    assert editor.check_password("tide-tables-at-dawn-41")
    assert editor_client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_a_wrong_current_password_changes_nothing_and_says_why(editor_client, editor):
    response = editor_client.post(
        reverse("password_change"),
        {
            "old_password": "not-my-password",
            "new_password1": "tide-tables-at-dawn-41",
            "new_password2": "tide-tables-at-dawn-41",
        },
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(TEST_PASSWORD)


@pytest.mark.django_db
def test_every_page_links_to_the_password_page(reader_client):
    page = reader_client.get(reverse("home")).content.decode()
    assert f'href="{reverse("password_change")}"' in page
