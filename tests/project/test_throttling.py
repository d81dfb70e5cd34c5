import pytest
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_calls_a_minute(monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "2/minute"}
    )


def test_a_user_over_the_rate_gets_a_429_with_retry_after(editor_client, three_calls_a_minute):
    for _ in range(3):
        assert editor_client.get("/api/v1/me/").status_code == 200
    response = editor_client.get("/api/v1/me/")
    assert response.status_code == 429
    assert response.json()["title"] == "Too many requests"
    assert int(response["Retry-After"]) > 0


def test_one_users_rate_does_not_limit_another(
    editor_client, reviewer_client, three_calls_a_minute
):
    for _ in range(4):
        editor_client.get("/api/v1/me/")
    assert reviewer_client.get("/api/v1/me/").status_code == 200
