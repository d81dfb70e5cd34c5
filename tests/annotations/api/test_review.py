"""The review workflow over the API: actions, If-Match, the queue, the history, problem details."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotations.models import Claim
from annotations.roles import Role
from annotations.workflow import ClaimStatus
from tests.factories import claim_in, editor_factory, reviewer_factory, user_factory

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_editor_submits_a_draft():
    claim = claim_in(ClaimStatus.DRAFT)
    response = client_for(editor_factory()).post(reverse("api-claim-submit", args=[claim.pk]))
    assert response.status_code == 200
    assert response.json() == {
        "id": claim.pk,
        "status": "submitted",
        "verdict": None,
        "verdict_note": "",
        "version": 2,
        "assigned_to": None,
    }
    assert response["ETag"].startswith('"2-')


def test_a_reviewer_verifies_with_a_verdict_and_a_note():
    reviewer = reviewer_factory(username="ravi")
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    response = client_for(reviewer).post(
        reverse("api-claim-verify", args=[claim.pk]),
        {"verdict": "mostly_true", "note": "Rounded figure."},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "verified"
    assert body["verdict"] == {
        "value": "mostly_true",
        "label": "Mostly true",
        "definition": "Accurate, but needs clarification or added context.",
        "rating_value": 4,
    }
    assert body["verdict_note"] == "Rounded figure."


def test_the_holder_is_named_while_in_review():
    reviewer = reviewer_factory(username="ravi")
    claim = claim_in(ClaimStatus.SUBMITTED)
    response = client_for(reviewer).post(reverse("api-claim-take", args=[claim.pk]))
    assert response.json()["assigned_to"] == "ravi"


def test_request_changes_takes_a_comment():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    response = client_for(reviewer).post(
        reverse("api-claim-request-changes", args=[claim.pk]),
        {"comment": "Quote the full sentence."},
        format="json",
    )
    assert response.json()["status"] == "changes_requested"
    assert Claim.objects.get(pk=claim.pk).events.get().comment == "Quote the full sentence."


def test_reject_without_a_reason_is_a_problem_naming_the_field():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    response = client_for(reviewer).post(reverse("api-claim-reject", args=[claim.pk]), {})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "reason" in response.json()["errors"]


def test_reject_with_a_reason_rejects():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    response = client_for(reviewer).post(
        reverse("api-claim-reject", args=[claim.pk]), {"reason": "Opinion."}, format="json"
    )
    assert response.json()["status"] == "rejected"


def test_reopen_puts_a_verified_claim_back_in_review():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.VERIFIED)
    response = client_for(reviewer).post(reverse("api-claim-reopen", args=[claim.pk]))
    assert (response.json()["status"], response.json()["verdict"]) == ("in_review", None)


def test_an_illegal_transition_is_a_409_listing_what_is_allowed():
    claim = claim_in(ClaimStatus.DRAFT)
    reviewer = reviewer_factory()
    response = client_for(reviewer).post(reverse("api-claim-reopen", args=[claim.pk]))
    assert response.status_code == 409
    body = response.json()
    assert (body["status"], body["current"], body["allowed"]) == (409, "draft", ["submit"])


def test_a_user_without_the_role_is_refused_with_403():
    claim = claim_in(ClaimStatus.DRAFT)
    response = client_for(user_factory()).post(reverse("api-claim-submit", args=[claim.pk]))
    assert response.status_code == 403
    assert Claim.objects.get(pk=claim.pk).status == "draft"


def test_a_stale_if_match_is_a_412():
    claim = claim_in(ClaimStatus.DRAFT)
    response = client_for(editor_factory()).post(
        reverse("api-claim-submit", args=[claim.pk]), HTTP_IF_MATCH='"7"'
    )
    assert response.status_code == 412
    assert Claim.objects.get(pk=claim.pk).status == "draft"


def test_the_current_if_match_is_accepted():
    claim = claim_in(ClaimStatus.DRAFT)
    response = client_for(editor_factory()).post(
        reverse("api-claim-submit", args=[claim.pk]), HTTP_IF_MATCH=f'"{claim.version}"'
    )
    assert response.status_code == 200


def test_a_malformed_if_match_is_a_400():
    claim = claim_in(ClaimStatus.DRAFT)
    response = client_for(editor_factory()).post(
        reverse("api-claim-submit", args=[claim.pk]), HTTP_IF_MATCH="version seven"
    )
    assert response.status_code == 400


def test_an_unknown_verdict_is_a_400():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    response = client_for(reviewer).post(
        reverse("api-claim-verify", args=[claim.pk]), {"verdict": "plausible"}, format="json"
    )
    assert response.status_code == 400
    assert "verdict" in response.json()["detail"]


def test_an_unknown_claim_is_a_404():
    response = client_for(editor_factory()).post(reverse("api-claim-submit", args=[999999]))
    assert response.status_code == 404


def test_next_gives_the_oldest_waiting_claim():
    claim = claim_in(ClaimStatus.SUBMITTED)
    reviewer = reviewer_factory(username="ravi")
    response = client_for(reviewer).post(reverse("api-review-next"))
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["assigned_to"]) == (claim.pk, "ravi")


def test_next_with_an_empty_queue_is_204():
    response = client_for(reviewer_factory()).post(reverse("api-review-next"))
    assert response.status_code == 204


def test_next_is_for_reviewers_only():
    response = client_for(editor_factory()).post(reverse("api-review-next"))
    assert response.status_code == 403


def test_history_lists_the_events_oldest_first():
    editor, reviewer = editor_factory(), reviewer_factory(username="ravi")
    claim = claim_in(ClaimStatus.DRAFT)
    client_for(editor).post(reverse("api-claim-submit", args=[claim.pk]))
    client_for(reviewer).post(reverse("api-claim-take", args=[claim.pk]))
    client_for(reviewer).post(
        reverse("api-claim-verify", args=[claim.pk]), {"verdict": "false"}, format="json"
    )

    response = client_for(user_factory()).get(reverse("api-claim-history", args=[claim.pk]))

    assert response.status_code == 200
    events = response.json()["results"]
    assert [(e["action"], e["from_status"], e["to_status"]) for e in events] == [
        ("submit", "draft", "submitted"),
        ("take", "submitted", "in_review"),
        ("verify", "in_review", "verified"),
    ]
    assert events[1]["actor"] == "ravi"
    assert events[2]["verdict"]["label"] == "False"
    assert events[0]["verdict"] is None


def test_history_of_an_unknown_claim_is_a_404():
    response = client_for(user_factory()).get(reverse("api-claim-history", args=[999999]))
    assert response.status_code == 404


def test_anonymous_clients_are_refused():
    claim = claim_in(ClaimStatus.DRAFT)
    response = APIClient().post(reverse("api-claim-submit", args=[claim.pk]))
    assert response.status_code in {401, 403}


def test_a_desk_member_with_both_roles_may_not_review_their_own_claim():
    desk = user_factory(Role.EDITOR, Role.REVIEWER)
    claim = claim_in(ClaimStatus.SUBMITTED, created_by=desk)
    response = client_for(desk).post(reverse("api-claim-take", args=[claim.pk]))
    assert response.status_code == 403
    assert "four-eyes" in response.json()["detail"]
