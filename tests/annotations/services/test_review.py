"""The review service's rules beyond the transition table: four eyes, evidence, comments,
versions, what each transition records, and the database's own guards.

Every review action from every state by every role: allowed exactly where the workflow says,
refused with the right error everywhere else.

Reviewers acting at the same moment, on real PostgreSQL with one connection per thread:
nobody gets a claim someone else got, and of two decisions on one claim exactly one wins.

Claims left in review too long return to the queue: by the cron command, and by the next
reviewer asking for a claim."""

import threading
from collections.abc import Callable
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from annotations.models import Claim, ReviewEvent
from annotations.policies import allowed_transitions
from annotations.roles import Role
from annotations.services.articles import article_delete
from annotations.services.claims import claim_delete
from annotations.services.review import (
    claim_reject,
    claim_reopen,
    claim_request_changes,
    claim_submit,
    claim_take,
    claim_take_next,
    claim_transition,
    claim_verify,
    claims_release_abandoned,
)
from annotations.workflow import TRANSITIONS, Action, ClaimStatus, Verdict
from project.errors import Conflict, InvalidInput, NotAllowed, PreconditionFailed
from tests.factories import (
    claim_in,
    editor_factory,
    reviewer_factory,
    user_factory,
    withdrawals_in_feed,
)

pytestmark = pytest.mark.django_db


def test_the_creator_may_not_take_their_own_claim():
    desk = user_factory(Role.EDITOR, Role.REVIEWER)
    claim = claim_in(ClaimStatus.SUBMITTED, created_by=desk)
    with pytest.raises(NotAllowed, match="four-eyes"):
        claim_take(user=desk, claim=claim)


def test_a_later_editor_may_not_take_the_claim():
    desk = user_factory(Role.EDITOR, Role.REVIEWER)
    claim = claim_in(ClaimStatus.SUBMITTED)
    claim.contributors.add(desk)
    with pytest.raises(NotAllowed, match="four-eyes"):
        claim_take(user=desk, claim=claim)


def test_a_contributor_may_not_reopen_a_verified_claim():
    desk = user_factory(Role.EDITOR, Role.REVIEWER)
    claim = claim_in(ClaimStatus.VERIFIED, created_by=desk)
    with pytest.raises(NotAllowed, match="four-eyes"):
        claim_reopen(user=desk, claim=claim)


def test_a_contributor_is_offered_no_review_actions():
    desk = user_factory(Role.EDITOR, Role.REVIEWER)
    claim = claim_in(ClaimStatus.SUBMITTED, created_by=desk)
    assert allowed_transitions(user=desk, claim=claim) == []


def test_the_database_refuses_a_contributor_as_reviewer():
    claim = claim_in(ClaimStatus.SUBMITTED)
    with pytest.raises(IntegrityError, match="four eyes"), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(
            status="in_review", assigned_to=claim.created_by, assigned_at=timezone.now()
        )


# Only the reviewer holding the claim finishes its review ------------------------------------


def test_another_reviewer_may_not_verify_a_claim_in_review():
    claim = claim_in(ClaimStatus.IN_REVIEW)
    with pytest.raises(Conflict, match="is reviewing this claim"):
        claim_verify(user=reviewer_factory(), claim=claim, verdict="true")


def test_another_reviewer_is_offered_no_actions_on_a_claim_in_review():
    claim = claim_in(ClaimStatus.IN_REVIEW)
    assert allowed_transitions(user=reviewer_factory(), claim=claim) == []


def test_the_holder_is_offered_verify_request_changes_reject_and_hand_back():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    offered = [t.action for t in allowed_transitions(user=reviewer, claim=claim)]
    assert offered == [Action.VERIFY, Action.REQUEST_CHANGES, Action.REJECT, Action.HAND_BACK]


# Evidence and comments ----------------------------------------------------------------------


def test_verifying_needs_a_citation():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer, citations=0)
    with pytest.raises(Conflict, match="at least one citation"):
        claim_verify(user=reviewer, claim=claim, verdict="false")


def test_verifying_needs_a_verdict():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    with pytest.raises(InvalidInput) as refused:
        claim_verify(user=reviewer, claim=claim, verdict="")
    assert "verdict" in refused.value.errors


def test_an_unknown_verdict_is_refused_with_the_known_ones():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    with pytest.raises(InvalidInput, match="mostly_true"):
        claim_verify(user=reviewer, claim=claim, verdict="plausible")


@pytest.mark.parametrize("verdict", [Verdict.TRUE, Verdict.MOSTLY_TRUE])
def test_approving_despite_a_conflicting_citation_needs_a_note(verdict):
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer, conflicting=1)
    with pytest.raises(InvalidInput) as refused:
        claim_verify(user=reviewer, claim=claim, verdict=verdict, note="   ")
    assert "conflicts" in refused.value.errors["note"][0]


def test_approving_despite_a_conflicting_citation_with_a_note_verifies():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer, conflicting=1)
    note = "The conflicting report predates the correction."
    verified = claim_verify(user=reviewer, claim=claim, verdict="true", note=note)
    assert (verified.status, verified.verdict_note) == ("verified", note)


@pytest.mark.parametrize("verdict", [Verdict.MIXED, Verdict.FALSE, Verdict.UNPROVEN])
def test_other_verdicts_despite_a_conflicting_citation_need_no_note(verdict):
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer, conflicting=1)
    assert claim_verify(user=reviewer, claim=claim, verdict=verdict).verdict == verdict


def test_requesting_changes_needs_a_comment():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    with pytest.raises(InvalidInput) as refused:
        claim_request_changes(user=reviewer, claim=claim, comment=" \n ")
    assert list(refused.value.errors) == ["comment"]


def test_rejecting_needs_a_reason():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    with pytest.raises(InvalidInput) as refused:
        claim_reject(user=reviewer, claim=claim, reason="")
    assert list(refused.value.errors) == ["reason"]


def test_an_overlong_comment_is_refused():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    with pytest.raises(InvalidInput, match="under 5000"):
        claim_request_changes(user=reviewer, claim=claim, comment="x" * 5001)


# Versions -----------------------------------------------------------------------------------


def test_every_transition_bumps_the_version():
    claim = claim_in(ClaimStatus.DRAFT)
    submitted = claim_submit(user=editor_factory(), claim=claim)
    assert submitted.version == claim.version + 1


def test_a_stale_expected_version_is_a_precondition_failure():
    claim = claim_in(ClaimStatus.DRAFT)
    with pytest.raises(PreconditionFailed) as refused:
        claim_submit(user=editor_factory(), claim=claim, expected_version=claim.version + 5)
    assert refused.value.status == 412
    claim.refresh_from_db()
    assert claim.status == "draft"


def test_the_current_expected_version_is_accepted():
    claim = claim_in(ClaimStatus.DRAFT)
    submitted = claim_submit(user=editor_factory(), claim=claim, expected_version=claim.version)
    assert submitted.status == "submitted"


def test_a_stale_object_cannot_overwrite_a_newer_state():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.SUBMITTED)
    claim_take(user=reviewer, claim=claim)
    with pytest.raises(Conflict) as refused:
        claim_take(user=reviewer_factory(), claim=claim)  # `claim` still says submitted
    assert refused.value.current == "in_review"


# What each transition records -----------------------------------------------------------------


def test_submitting_records_when_and_an_event():
    editor = editor_factory()
    claim = claim_submit(
        user=editor, claim=claim_in(ClaimStatus.DRAFT), comment="Ready for a look."
    )
    event = claim.events.get()
    assert claim.submitted_at is not None
    assert (event.actor, event.action, event.from_status, event.to_status, event.comment) == (
        editor,
        "submit",
        "draft",
        "submitted",
        "Ready for a look.",
    )


def test_taking_assigns_the_reviewer():
    reviewer = reviewer_factory()
    claim = claim_take(user=reviewer, claim=claim_in(ClaimStatus.SUBMITTED))
    assert claim.assigned_to == reviewer
    assert claim.assigned_at is not None


def test_verifying_records_verdict_reviewer_and_time_and_frees_the_claim():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    verified = claim_verify(user=reviewer, claim=claim, verdict="mostly_false", note="Dated.")
    assert (verified.verdict, verified.verdict_note, verified.verified_by) == (
        "mostly_false",
        "Dated.",
        reviewer,
    )
    assert verified.assigned_to is None
    assert verified.events.get().verdict == "mostly_false"


def test_reopening_withdraws_the_claim_from_the_export():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.VERIFIED)
    reopened = claim_reopen(user=reviewer, claim=claim, comment="New figures out.")
    assert (reopened.status, reopened.verdict, reopened.verified_by) == ("in_review", "", None)
    assert reopened.assigned_to == reviewer
    assert withdrawals_in_feed() == {claim.pk: "reopened"}


def test_a_resubmitted_claim_goes_to_the_back_of_the_queue():
    claim = claim_in(ClaimStatus.CHANGES_REQUESTED, submitted_at=timezone.now() - timedelta(days=3))
    resubmitted = claim_submit(user=editor_factory(), claim=claim)
    assert resubmitted.submitted_at > timezone.now() - timedelta(minutes=1)


def test_a_refused_transition_writes_nothing():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer, citations=0)
    with pytest.raises(Conflict):
        claim_verify(user=reviewer, claim=claim, verdict="true")
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("in_review", 1)
    assert not ReviewEvent.objects.exists()


def test_the_system_action_is_not_for_people():
    claim = claim_in(ClaimStatus.IN_REVIEW)
    with pytest.raises(NotAllowed, match="system"):
        claim_transition(user=claim.assigned_to, claim=claim, action="release")


def test_an_unknown_action_is_invalid_input():
    with pytest.raises(InvalidInput, match="not a review action"):
        claim_transition(user=editor_factory(), claim=claim_in(), action="approve")


# The database's guards ----------------------------------------------------------------------


def test_review_events_cannot_be_changed():
    claim = claim_submit(user=editor_factory(), claim=claim_in(ClaimStatus.DRAFT))
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        ReviewEvent.objects.filter(claim=claim).update(comment="rewritten history")


def test_review_events_cannot_be_deleted():
    claim = claim_submit(user=editor_factory(), claim=claim_in(ClaimStatus.DRAFT))
    with pytest.raises(DatabaseError, match="permanent"), transaction.atomic():
        ReviewEvent.objects.filter(claim=claim).delete()
    assert ReviewEvent.objects.filter(claim_id=claim.pk).count() == 1


def _sent_back_after_verification() -> Claim:
    """A claim verified, reopened and returned to its editor: editable, with five events."""
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    claim = claim_verify(user=reviewer, claim=claim, verdict=Verdict.TRUE.value)
    claim = claim_reopen(user=reviewer, claim=claim, comment="New figures came out.")
    return claim_request_changes(user=reviewer, claim=claim, comment="Cite the new figures.")


def test_deleting_a_claim_keeps_its_review_events_and_the_feed_says_it_was_deleted():
    claim = _sent_back_after_verification()
    history = list(ReviewEvent.objects.filter(claim_id=claim.pk).values_list("id", "to_status"))
    claim_delete(user=claim.created_by, claim=claim)
    assert not Claim.objects.filter(pk=claim.pk).exists()
    kept = list(ReviewEvent.objects.filter(claim_id=claim.pk).values_list("id", "to_status"))
    assert kept == history
    assert withdrawals_in_feed() == {claim.pk: "deleted"}


def test_deleting_an_article_keeps_the_review_events_of_its_claims():
    claim = _sent_back_after_verification()
    events = ReviewEvent.objects.filter(claim_id=claim.pk).count()
    article_delete(user=user_factory(Role.ADMIN), article=claim.article)
    assert ReviewEvent.objects.filter(claim_id=claim.pk).count() == events


# The status changes migration 0004's trigger lets through.


# The status changes the trigger lets through (migration 0004, widened by 0007).
DATABASE_PAIRS = {
    ("draft", "submitted"),
    ("changes_requested", "submitted"),
    ("submitted", "in_review"),
    ("in_review", "verified"),
    ("in_review", "changes_requested"),
    ("in_review", "rejected"),
    ("in_review", "submitted"),
    ("verified", "in_review"),
    ("verified", "submitted"),
}
ILLEGAL_PAIRS = [
    (source, target)
    for source in ClaimStatus
    for target in ClaimStatus
    if source != target and (source.value, target.value) not in DATABASE_PAIRS
]


def test_the_database_guard_lets_through_exactly_the_workflow_transitions():
    assert {(t.source.value, t.target.value) for t in TRANSITIONS} == DATABASE_PAIRS


@pytest.mark.parametrize(("source", "target"), ILLEGAL_PAIRS, ids=str)
def test_the_database_refuses_a_status_change_the_workflow_lacks(source, target):
    claim = claim_in(source)
    fields = {"status": target.value}
    if target is ClaimStatus.IN_REVIEW:
        fields.update(assigned_to=reviewer_factory(), assigned_at=timezone.now())
    if target is ClaimStatus.VERIFIED:
        fields.update(verdict="true", verified_by=reviewer_factory(), verified_at=timezone.now())
    if source is ClaimStatus.VERIFIED:
        fields.update(verdict="")
    with pytest.raises(IntegrityError, match="cannot move"), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(**fields)


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
    Action.RECHECK: "the system",
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


THREADS = 16


def run_at_once(tasks: list[Callable[[], object]]) -> list[object]:
    """Run each task in its own thread (own database connection), released together; return
    each task's result or the exception it raised."""
    barrier = threading.Barrier(len(tasks))
    results: list[object] = [None] * len(tasks)

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = tasks[index]()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(tasks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


# Real transactions: each thread commits on its own connection.
@pytest.mark.django_db(transaction=True)
def test_sixteen_reviewers_taking_the_next_claim_at_once_never_share_one():
    waiting = [claim_in(ClaimStatus.SUBMITTED, citations=0) for _ in range(10)]
    reviewers = [reviewer_factory() for _ in range(THREADS)]

    results = run_at_once([lambda r=r: claim_take_next(reviewer=r) for r in reviewers])

    taken = [result.pk for result in results if isinstance(result, Claim)]
    assert len(taken) == len(set(taken)) == len(waiting)
    assert results.count(None) == THREADS - len(waiting)
    assert set(taken) == {claim.pk for claim in waiting}
    holders = dict(Claim.objects.values_list("pk", "assigned_to_id"))
    assert all(holders[result.pk] == result.assigned_to_id for result in results if result)
    assert ReviewEvent.objects.filter(action="take").count() == len(waiting)


# Real transactions: each thread commits on its own connection.
@pytest.mark.django_db(transaction=True)
def test_two_verdicts_on_one_claim_at_once_one_wins_the_other_conflicts():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)

    results = run_at_once(
        [
            lambda: claim_verify(user=reviewer, claim=claim, verdict="true"),
            lambda: claim_verify(user=reviewer, claim=claim, verdict="false"),
        ]
    )

    winners = [result for result in results if isinstance(result, Claim)]
    losers = [result for result in results if isinstance(result, Conflict)]
    assert (len(winners), len(losers)) == (1, 1)
    assert losers[0].current == "verified"
    claim.refresh_from_db()
    assert claim.verdict == winners[0].verdict
    assert claim.version == 2
    assert ReviewEvent.objects.filter(claim=claim).count() == 1


# Real transactions: each thread commits on its own connection.
@pytest.mark.django_db(transaction=True)
def test_two_verdicts_naming_the_same_version_one_wins_the_other_fails_its_precondition():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)

    results = run_at_once(
        [
            lambda v=v: claim_verify(
                user=reviewer, claim=claim, verdict=v, expected_version=claim.version
            )
            for v in ("true", "false")
        ]
    )

    assert sum(isinstance(result, Claim) for result in results) == 1
    assert sum(isinstance(result, PreconditionFailed) for result in results) == 1


def _held_for(minutes: int, **kwargs) -> Claim:
    claim = claim_in(ClaimStatus.IN_REVIEW, **kwargs)
    Claim.objects.filter(pk=claim.pk).update(
        assigned_at=timezone.now() - timedelta(minutes=minutes)
    )
    return claim


def test_a_claim_held_past_the_timeout_returns_to_the_queue(settings):
    settings.REVIEW_CLAIM_TIMEOUT_MINUTES = 60
    claim = _held_for(90)
    assert claims_release_abandoned() == 1
    claim.refresh_from_db()
    assert (claim.status, claim.assigned_to, claim.assigned_at) == ("submitted", None, None)


def test_releasing_records_a_system_event_with_the_time_held(settings):
    settings.REVIEW_CLAIM_TIMEOUT_MINUTES = 60
    claim = _held_for(90)
    claims_release_abandoned()
    event = claim.events.get()
    assert (event.actor, event.action, event.from_status, event.to_status) == (
        None,
        "release",
        "in_review",
        "submitted",
    )
    assert event.comment == "Returned to the queue after 90 minutes."


def test_a_claim_within_the_timeout_stays_with_its_reviewer(settings):
    settings.REVIEW_CLAIM_TIMEOUT_MINUTES = 60
    claim = _held_for(30)
    assert claims_release_abandoned() == 0
    claim.refresh_from_db()
    assert claim.status == "in_review"


def test_a_released_claim_keeps_its_place_in_the_queue(settings):
    settings.REVIEW_CLAIM_TIMEOUT_MINUTES = 60
    claim = _held_for(90, submitted_at=timezone.now() - timedelta(days=2))
    claim_in(ClaimStatus.SUBMITTED, submitted_at=timezone.now() - timedelta(days=1))
    claims_release_abandoned()
    assert claim_take_next(reviewer=reviewer_factory()).pk == claim.pk


def test_taking_the_next_claim_releases_abandoned_ones_first(settings):
    settings.REVIEW_CLAIM_TIMEOUT_MINUTES = 60
    claim = _held_for(120)
    newcomer = reviewer_factory()
    taken = claim_take_next(reviewer=newcomer)
    assert taken.pk == claim.pk
    assert taken.assigned_to == newcomer
    assert [event.action for event in claim.events.order_by("id")] == ["release", "take"]


def test_the_command_releases_and_reports_how_many(settings):
    settings.REVIEW_CLAIM_TIMEOUT_MINUTES = 60
    _held_for(61)
    _held_for(200)
    output = StringIO()
    call_command("release_abandoned_claims", stdout=output)
    assert "Returned 2 claims" in output.getvalue()
    assert not Claim.objects.filter(status="in_review").exists()


def test_the_command_takes_another_timeout():
    _held_for(20)
    output = StringIO()
    call_command("release_abandoned_claims", "--minutes", "10", stdout=output)
    assert "Returned 1 claim to" in output.getvalue()
