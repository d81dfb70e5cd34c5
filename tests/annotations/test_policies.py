"""The policy module on its own: each check allows whom it should, refuses everyone else with its
one message, and its `can_*` form answers the same for every case."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser, User

from annotations import policies
from annotations.models import Claim
from annotations.roles import Role
from annotations.workflow import TRANSITIONS, Action, ClaimStatus, transitions_from
from project.errors import Conflict, DomainError, NotAllowed
from tests.factories import (
    ArticleRevisionFactory,
    claim_in,
    editor_factory,
    reviewer_factory,
    user_factory,
)

pytestmark = pytest.mark.django_db

KINDS = ("anonymous", "reader", "editor", "reviewer", "admin")


def visitor(kind: str) -> User | AnonymousUser:
    return {
        "anonymous": AnonymousUser,
        "reader": user_factory,
        "editor": editor_factory,
        "reviewer": reviewer_factory,
        "admin": lambda: user_factory(Role.ADMIN),
    }[kind]()


def assert_agree(check: Callable[..., None], can: Callable[..., bool], **arguments) -> None:
    refused = policies.refusal(check, **arguments)
    assert can(**arguments) is (refused is None)


# Rules that depend on the user alone ---------------------------------------------------------

USER_RULES = [
    (
        policies.check_upload_articles,
        policies.can_upload_articles,
        {"editor", "admin"},
        "Only editors and admins may upload articles.",
    ),
    (
        policies.check_delete_articles,
        policies.can_delete_articles,
        {"admin"},
        "Only admins may delete articles.",
    ),
    (
        policies.check_mark_claims,
        policies.can_mark_claims,
        {"editor"},
        "Only editors may mark claims.",
    ),
    (
        policies.check_edit_claims,
        None,
        {"editor"},
        "Only editors may change or delete claims.",
    ),
    (
        policies.check_write_evidence,
        None,
        {"editor"},
        "Only editors may add, change or remove evidence.",
    ),
    (
        policies.check_manage_sources,
        policies.can_manage_sources,
        {"editor", "admin"},
        "Only editors and administrators may add or change sources.",
    ),
    (
        policies.check_rate_sources,
        policies.can_rate_sources,
        {"admin"},
        "Only administrators may set or change a source's reliability.",
    ),
    (
        policies.check_delete_sources,
        None,
        {"admin"},
        "Only administrators may delete sources.",
    ),
    (
        policies.check_open_admin,
        policies.can_open_admin,
        {"admin"},
        "The admin is for accounts with the admin role; yours does not have it.",
    ),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("check", "can", "allowed", "message"), USER_RULES, ids=[r[0].__name__ for r in USER_RULES]
)
def test_a_user_rule_allows_its_roles_and_refuses_the_others_with_its_message(
    check, can, allowed, message, kind
):
    user = visitor(kind)
    if kind in allowed:
        check(user=user)
    else:
        with pytest.raises(NotAllowed) as refused:
            check(user=user)
        assert refused.value.message == message
    if can is not None:
        assert_agree(check, can, user=user)


def test_a_superuser_without_the_admin_role_counts_as_an_admin():
    superuser = user_factory(is_superuser=True)
    policies.check_delete_articles(user=superuser)
    assert policies.can_open_admin(user=superuser)


def test_an_inactive_admin_may_not_open_the_administration():
    admin = user_factory(Role.ADMIN, is_active=False)
    assert not policies.can_open_admin(user=admin)


# A claim's state ------------------------------------------------------------------------------

OPEN = (ClaimStatus.DRAFT, ClaimStatus.CHANGES_REQUESTED)
FROZEN = (ClaimStatus.SUBMITTED, ClaimStatus.IN_REVIEW, ClaimStatus.VERIFIED, ClaimStatus.REJECTED)


@pytest.mark.parametrize("status", OPEN)
def test_a_draft_or_a_claim_sent_back_is_open(status):
    policies.check_claim_open(claim=claim_in(status))


@pytest.mark.parametrize("status", FROZEN)
def test_a_claim_out_of_the_editors_hands_is_frozen_and_says_how_to_unfreeze_it(status):
    with pytest.raises(Conflict) as refused:
        policies.check_claim_open(claim=claim_in(status))
    assert refused.value.message == (
        f"This claim is {status.label.lower()}, so it is locked and its evidence is frozen: "
        "both can only be changed or deleted while it is a draft or has changes requested. Reopen "
        "the claim, or have the reviewer return it with changes requested, first."
    )
    assert refused.value.allowed == ["changes_requested", "draft"]
    assert refused.value.current == status.value


# Editing a claim and its evidence ------------------------------------------------------------

CLAIM_RULES = [
    (policies.check_claim_editable, policies.can_edit_claim, NotAllowed, "Only editors may change"),
    (
        policies.check_claim_evidence_writable,
        policies.can_write_claim_evidence,
        NotAllowed,
        "Only editors may add, change or remove evidence",
    ),
    (policies.check_claim_span_movable, policies.can_move_claim_span, NotAllowed, "Only editors"),
]
CLAIM_RULE_IDS = [rule[0].__name__ for rule in CLAIM_RULES]


@pytest.mark.parametrize(("check", "can", "error", "message"), CLAIM_RULES, ids=CLAIM_RULE_IDS)
@pytest.mark.parametrize("status", OPEN)
def test_an_editor_may_change_an_open_claim(check, can, error, message, status):
    editor, claim = editor_factory(), claim_in(status)
    check(user=editor, claim=claim)
    assert_agree(check, can, user=editor, claim=claim)


@pytest.mark.parametrize(("check", "can", "error", "message"), CLAIM_RULES, ids=CLAIM_RULE_IDS)
@pytest.mark.parametrize("kind", ["anonymous", "reader", "reviewer", "admin"])
def test_nobody_but_an_editor_may_change_a_claim(check, can, error, message, kind):
    user, claim = visitor(kind), claim_in(ClaimStatus.DRAFT)
    with pytest.raises(error, match=message):
        check(user=user, claim=claim)
    assert_agree(check, can, user=user, claim=claim)


@pytest.mark.parametrize(("check", "can", "error", "message"), CLAIM_RULES, ids=CLAIM_RULE_IDS)
@pytest.mark.parametrize("status", FROZEN)
def test_not_even_an_editor_may_change_a_frozen_claim(check, can, error, message, status):
    editor, claim = editor_factory(), claim_in(status)
    with pytest.raises(Conflict, match="its evidence is frozen"):
        check(user=editor, claim=claim)
    assert_agree(check, can, user=editor, claim=claim)


def test_the_span_of_a_claim_on_an_older_revision_cannot_move_though_the_claim_is_editable():
    editor, claim = editor_factory(), claim_in(ClaimStatus.DRAFT)
    newer = ArticleRevisionFactory(article=claim.article, text="A corrected text.")
    claim.article.current_revision = newer
    claim.article.save(update_fields=["current_revision"])

    policies.check_claim_editable(user=editor, claim=claim)
    with pytest.raises(Conflict) as refused:
        policies.check_claim_span_movable(user=editor, claim=claim)
    assert refused.value.message == (
        "This claim is on an older revision of the article; its span cannot be moved."
    )
    assert_agree(
        policies.check_claim_span_movable, policies.can_move_claim_span, user=editor, claim=claim
    )


# The review workflow ------------------------------------------------------------------------

ROLE_OF_ACTION = {
    Action.SUBMIT: ("editor", "Only editors may submit claims for review."),
    Action.TAKE: ("reviewer", "Only reviewers may take, verify"),
    Action.VERIFY: ("reviewer", "Only reviewers may take, verify"),
    Action.REQUEST_CHANGES: ("reviewer", "Only reviewers may take, verify"),
    Action.REJECT: ("reviewer", "Only reviewers may take, verify"),
    Action.REOPEN: ("reviewer", "Only reviewers may take, verify"),
    Action.RELEASE: (None, "Only the system returns abandoned claims to the queue."),
}


def test_every_workflow_action_has_its_role_rule_here():
    assert set(ROLE_OF_ACTION) == set(Action)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", list(Action))
def test_each_workflow_action_belongs_to_one_role(action, kind):
    role, message = ROLE_OF_ACTION[action]
    user = visitor(kind)
    if kind == role:
        policies.check_act(user=user, action=action)
    else:
        with pytest.raises(NotAllowed, match=message):
            policies.check_act(user=user, action=action)
    assert_agree(policies.check_act, policies.can_act, user=user, action=action)


def test_the_four_eyes_rule_refuses_a_reviewer_who_edited_the_claim():
    reviewer = user_factory(Role.EDITOR, Role.REVIEWER)
    claim = claim_in(ClaimStatus.SUBMITTED, contributors=[reviewer])
    with pytest.raises(NotAllowed) as refused:
        policies.check_four_eyes(user=reviewer, claim=claim)
    assert refused.value.message == policies.FOUR_EYES_MESSAGE
    take = transitions_from(ClaimStatus.SUBMITTED)[0]
    with pytest.raises(NotAllowed, match="four-eyes"):
        policies.check_transition(user=reviewer, claim=claim, transition=take)


def test_the_four_eyes_rule_lets_a_reviewer_who_did_not_contribute_review():
    claim = claim_in(ClaimStatus.SUBMITTED)
    policies.check_four_eyes(user=reviewer_factory(), claim=claim)


def test_the_four_eyes_query_condition_finds_the_same_claims_as_the_check():
    reviewer = user_factory(Role.EDITOR, Role.REVIEWER)
    edited = claim_in(ClaimStatus.SUBMITTED, contributors=[reviewer])
    untouched = claim_in(ClaimStatus.SUBMITTED)
    found = set(Claim.objects.filter(policies.contributed_by(reviewer)))
    assert found == {edited}
    for claim in (edited, untouched):
        assert policies.is_contributor(user=reviewer, claim=claim) is (claim in found)


def test_only_the_reviewer_holding_a_claim_finishes_its_review():
    holder = reviewer_factory(first_name="Ada", last_name="Byron")
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=holder)
    verify = next(t for t in TRANSITIONS if t.action is Action.VERIFY)
    policies.check_transition(user=holder, claim=claim, transition=verify)
    with pytest.raises(Conflict) as refused:
        policies.check_transition(user=reviewer_factory(), claim=claim, transition=verify)
    assert refused.value.message == (
        "Ada Byron is reviewing this claim; only they can finish the review."
    )


@pytest.mark.parametrize("status", list(ClaimStatus))
@pytest.mark.parametrize("kind", ["editor", "reviewer", "admin"])
def test_the_offered_transitions_are_exactly_those_the_check_allows(status, kind):
    user = visitor(kind)
    claim = claim_in(status, reviewer=user if kind == "reviewer" else None)
    offered = policies.allowed_transitions(user=user, claim=claim)
    assert offered == [
        transition
        for transition in transitions_from(status)
        if policies.refusal(
            policies.check_transition, user=user, claim=claim, transition=transition
        )
        is None
    ]
    assert all(transition.source is status for transition in offered)


@pytest.mark.parametrize("status", list(ClaimStatus))
def test_the_review_panel_names_the_four_eyes_rule_only_where_it_holds_a_reviewer_back(status):
    author = user_factory(Role.EDITOR, Role.REVIEWER)
    claim = claim_in(status, contributors=[author])
    before_a_reviewer = status in {
        ClaimStatus.SUBMITTED,
        ClaimStatus.IN_REVIEW,
        ClaimStatus.VERIFIED,
    }
    assert policies.is_held_from_review(user=author, claim=claim) is before_a_reviewer
    assert not policies.is_held_from_review(user=reviewer_factory(), claim=claim)
    assert not policies.is_held_from_review(user=editor_factory(), claim=claim)


# The module's shape -------------------------------------------------------------------------


def test_refusal_returns_the_error_a_check_raises_and_none_when_it_allows():
    reader = user_factory()
    refused = policies.refusal(policies.check_mark_claims, user=reader)
    assert isinstance(refused, DomainError)
    assert refused.message == "Only editors may mark claims."
    assert policies.refusal(policies.check_mark_claims, user=editor_factory()) is None


def _public(prefix: str) -> set[str]:
    return {
        name
        for name, member in inspect.getmembers(policies, inspect.isfunction)
        if name.startswith(prefix) and member.__module__ == policies.__name__
    }


def test_every_check_and_every_boolean_form_is_tested_here():
    tested = {rule[0].__name__ for rule in USER_RULES + CLAIM_RULES} | {
        "check_claim_open",
        "check_act",
        "check_four_eyes",
        "check_transition",
    }
    assert _public("check_") == tested
    booleans = {rule[1].__name__ for rule in USER_RULES + CLAIM_RULES if rule[1]} | {"can_act"}
    assert _public("can_") == booleans
