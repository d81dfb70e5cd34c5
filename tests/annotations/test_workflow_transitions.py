"""Every review action from every state by every role: allowed exactly where the workflow says,
refused with the right error everywhere else."""

import pytest

from annotations.models import Claim
from annotations.roles import Role
from annotations.services.review import claim_transition
from annotations.workflow import Action, ClaimStatus
from project.errors import Conflict, NotAllowed
from tests.factories_review import claim_in, reviewer_factory, user_factory

pytestmark = pytest.mark.django_db

S = ClaimStatus
ALLOWED: dict[tuple[ClaimStatus, Action, str], ClaimStatus] = {
    (S.DRAFT, Action.SUBMIT, "editor"): S.SUBMITTED,
    (S.CHANGES_REQUESTED, Action.SUBMIT, "editor"): S.SUBMITTED,
    (S.SUBMITTED, Action.TAKE, "reviewer"): S.IN_REVIEW,
    (S.IN_REVIEW, Action.VERIFY, "reviewer"): S.VERIFIED,
    (S.IN_REVIEW, Action.REQUEST_CHANGES, "reviewer"): S.CHANGES_REQUESTED,
    (S.IN_REVIEW, Action.REJECT, "reviewer"): S.REJECTED,
    (S.VERIFIED, Action.REOPEN, "reviewer"): S.IN_REVIEW,
    (S.IN_REVIEW, Action.HAND_BACK, "reviewer"): S.SUBMITTED,
}
ROLE_OF_ACTION = {
    Action.SUBMIT: "editor",
    Action.TAKE: "reviewer",
    Action.VERIFY: "reviewer",
    Action.REQUEST_CHANGES: "reviewer",
    Action.REJECT: "reviewer",
    Action.REOPEN: "reviewer",
    Action.HAND_BACK: "reviewer",
    Action.RELEASE: "the system",
}
ROLES = {"editor": (Role.EDITOR,), "reviewer": (Role.REVIEWER,), "reader": ()}

CASES = [(status, action, role) for status in ClaimStatus for action in Action for role in ROLES]


def _expected_error(status: ClaimStatus, action: Action, role: str) -> type[Exception]:
    return NotAllowed if ROLE_OF_ACTION[action] != role else Conflict


def _perform(status: ClaimStatus, action: Action, role: str) -> tuple[object, Claim]:
    user = user_factory(*ROLES[role])
    # In review, the acting reviewer is the one holding the claim.
    claim = claim_in(status, reviewer=user if role == "reviewer" else None)
    return user, claim


@pytest.mark.parametrize(("status", "action", "role"), CASES, ids=lambda v: str(v))
def test_action_from_state_by_role(status, action, role):
    user, claim = _perform(status, action, role)
    act = {
        "user": user,
        "claim": claim,
        "action": action,
        "verdict": "true",
        "comment": "Checked against the source.",
    }
    expected = ALLOWED.get((status, action, role))
    if expected is not None:
        assert claim_transition(**act).status == expected
        assert claim.events.get().action == action
    else:
        with pytest.raises(_expected_error(status, action, role)):
            claim_transition(**act)
        claim.refresh_from_db()
        assert claim.status == status
        assert not claim.events.exists()


def test_the_table_covers_every_transition_people_take():
    from annotations.workflow import TRANSITIONS, Actor

    people = {
        (t.source, t.action, t.actor.value): t.target
        for t in TRANSITIONS
        if t.actor is not Actor.SYSTEM
    }
    assert people == ALLOWED


def test_an_illegal_transition_names_the_allowed_ones():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.VERIFIED)
    with pytest.raises(Conflict) as refused:
        claim_transition(user=reviewer, claim=claim, action=Action.VERIFY, verdict="true")
    assert refused.value.status == 409
    assert refused.value.allowed == ["reopen"]
    assert refused.value.current == "verified"
    assert "reopen" in refused.value.message


def test_a_rejected_claim_allows_nothing_further():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.REJECTED)
    with pytest.raises(Conflict) as refused:
        claim_transition(user=reviewer, claim=claim, action=Action.REOPEN)
    assert refused.value.allowed == []
    assert "final" in refused.value.message
