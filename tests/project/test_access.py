import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_public(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Sign in" in response.content


def test_editor_signs_in_with_username_and_password(client, editor):
    response = client.post(
        reverse("login"), {"username": editor.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == editor


def test_wrong_password_shows_an_error_and_does_not_sign_in(client, editor):
    response = client.post(reverse("login"), {"username": editor.username, "password": "nope"})
    assert response.status_code == 200
    assert b"correct username and password" in response.content
    assert client.get(reverse("home")).status_code == 302


def test_logout_by_get_is_refused(editor_client):
    assert editor_client.get(reverse("logout")).status_code == 405


def test_logout_by_post_signs_out(editor_client):
    response = editor_client.post(reverse("logout"))
    assert response.status_code == 302
    assert editor_client.get(reverse("home")).status_code == 302


def test_page_shows_the_users_roles(editor_client):
    response = editor_client.get(reverse("home"))
    assert b'role-badge--editor">editor' in response.content


def test_user_without_role_is_told_they_can_only_read(reader_client):
    response = reader_client.get(reverse("home"))
    assert b"you can read everything, but not change anything" in response.content


def test_healthz_reports_the_database_without_login(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_a_head_request_without_a_body(client):
    response = client.head(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b""


def test_api_accepts_a_token(client, editor):
    token = Token.objects.create(user=editor)
    response = client.get(reverse("api-me"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json() == {"username": editor.username, "roles": ["editor"]}


def test_api_accepts_the_browser_session(reviewer_client, reviewer):
    response = reviewer_client.get(reverse("api-me"))
    assert response.json()["roles"] == ["reviewer"]


def test_api_refuses_anonymous_requests(client):
    response = client.get(reverse("api-me"))
    assert response.status_code in {401, 403}


def test_api_refuses_a_wrong_token(client):
    response = client.get(reverse("api-me"), HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 401


def test_drf_create_token_command_issues_a_token(editor):
    from django.core.management import call_command

    call_command("drf_create_token", editor.username)
    assert Token.objects.filter(user=User.objects.get(username=editor.username)).exists()


def test_overview_page_makes_a_constant_number_of_queries(
    editor_client, editor, unthrottled, django_assert_max_num_queries
):
    from tests.factories import ArticleFactory, ClaimFactory

    for number in range(8):
        article = ArticleFactory(uploaded_by=editor, text=f"Report number {number} on the port.")
        ClaimFactory(article=article, start=0, end=6, created_by=editor)
    with django_assert_max_num_queries(9):
        assert editor_client.get(reverse("home")).status_code == 200


def test_overview_counts_the_editors_own_drafts(editor_client, editor):
    from tests.factories import ClaimFactory

    ClaimFactory(created_by=editor)
    assert editor_client.get(reverse("home")).context["overview"].my_drafts == 1


def test_the_admin_login_sends_people_to_the_one_login_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/admin/"
