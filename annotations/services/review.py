"""The verification workflow's writes: every change of a claim's status goes through here.

`annotations.workflow` says which transitions exist and `annotations.policies` who may take
them (editors submit; reviewers take, verify, request changes, reject and reopen; the four-eyes
rule; only the reviewer holding an in-review claim finishes its review). This module checks
what else must hold and applies them safely:

- verifying needs a citation, and an approving verdict despite a conflicting citation needs a
  note; requesting changes needs a comment and rejecting a reason;
- the claim row is locked (`SELECT ... FOR UPDATE`) and its state checked after locking, so of
  two people acting at once exactly one wins and the other gets a 409 (or a 412 when they named
  the version they saw); every transition bumps `version` and writes one `ReviewEvent`.

The database backs this up: CHECK constraints on the claim, a trigger that refuses status
changes `workflow.TRANSITIONS` does not list or that break the four-eyes rule, and a trigger
that keeps review events immutable.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from annotations.models import Claim, ReviewEvent
from annotations.policies import check_act, check_transition, contributed_by
from annotations.services.locking import claim_lock
from annotations.workflow import (
    APPROVING_VERDICTS,
    Action,
    Actor,
    ClaimStatus,
    Transition,
    Verdict,
    transition_for,
    transitions_from,
)
from project.errors import Conflict, InvalidInput, check_version
from project.limits import NOTE_MAX_LENGTH
from project.validators import refuse_control_characters
from sources.vocabulary import Stance

COMMENT_MAX_LENGTH = NOTE_MAX_LENGTH


# Refusals ---------------------------------------------------------------------------------


def _illegal_transition(action: Action, status: ClaimStatus) -> Conflict:
    allowed = [t for t in transitions_from(status) if t.actor is not Actor.SYSTEM]
    if allowed:
        options = ", ".join(f"{t.label.lower()} ({t.action.value})" for t in allowed)
        next_steps = f"Allowed now: {options}."
    else:
        next_steps = "That is final: no further review action is possible."
    return Conflict(
        f"Cannot {action.value.replace('_', ' ')} this claim: its status is "
        f"“{status.label.lower()}”. {next_steps}",
        allowed=[t.action.value for t in allowed],
        current=status.value,
    )


# Input rules --------------------------------------------------------------------------------


def _clean_comment(action: Action, comment: str) -> str:
    comment = (comment or "").strip()
    field = action.comment_field
    refuse_control_characters(**{field: comment})
    if action.comment_required and not comment:
        message = (
            "Say what the editor should change."
            if action is Action.REQUEST_CHANGES
            else "Give the reason for rejecting this claim."
        )
        raise InvalidInput(message, errors={field: [message]})
    if len(comment) > COMMENT_MAX_LENGTH:
        message = f"Keep the {field} under {COMMENT_MAX_LENGTH} characters."
        raise InvalidInput(message, errors={field: [message]})
    return comment


def _clean_verdict(verdict: Verdict | str | None) -> Verdict:
    if not verdict:
        raise InvalidInput("Choose a verdict.", errors={"verdict": ["Choose a verdict."]})
    try:
        return Verdict(verdict)
    except ValueError:
        options = ", ".join(v.value for v in Verdict)
        message = f"“{verdict}” is not a verdict; use one of: {options}."
        raise InvalidInput(message, errors={"verdict": [message]}) from None


def _check_evidence(claim: Claim, verdict: Verdict, note: str) -> None:
    evidence = claim.citations.aggregate(
        total=Count("pk"), conflicting=Count("pk", filter=Q(stance=Stance.CONFLICTS.value))
    )
    if evidence["total"] == 0:
        raise Conflict(
            "A claim needs at least one citation before it can be verified: request changes "
            "so that the editor adds its evidence.",
            allowed=[t.action.value for t in transitions_from(claim.status_enum)],
            current=claim.status,
        )
    if verdict in APPROVING_VERDICTS and evidence["conflicting"] and not note:
        count = evidence["conflicting"]
        cited = "a citation conflicts" if count == 1 else f"{count} citations conflict"
        message = (
            f"{cited.capitalize()} with this claim: to verify it as “{verdict.label}”, explain "
            "in the note why the conflicting evidence does not change the verdict."
        )
        raise InvalidInput(message, errors={"note": [message]})


# Applying a transition --------------------------------------------------------------------


def _apply(
    *,
    claim: Claim,
    transition: Transition,
    actor: AbstractBaseUser | None,
    verdict: Verdict | None = None,
    comment: str = "",
) -> Claim:
    """Move the locked `claim` along `transition`; the caller has checked that it may."""
    now = timezone.now()
    from_status = claim.status
    claim.status = transition.target.value
    if transition.action is Action.SUBMIT:
        claim.submitted_at = now
    if transition.target is ClaimStatus.IN_REVIEW:
        claim.assigned_to, claim.assigned_at = actor, now
    else:
        claim.assigned_to, claim.assigned_at = None, None
    if transition.action is Action.VERIFY:
        claim.verdict, claim.verdict_note = verdict.value, comment
        claim.verified_by, claim.verified_at = actor, now
    if from_status == ClaimStatus.VERIFIED:
        claim.verdict, claim.verdict_note = "", ""
        claim.verified_by, claim.verified_at = None, None
    claim.version += 1
    claim.save(
        update_fields=[
            "status",
            "submitted_at",
            "assigned_to",
            "assigned_at",
            "verdict",
            "verdict_note",
            "verified_by",
            "verified_at",
            "version",
            "updated_at",
        ]
    )
    ReviewEvent.objects.create(
        claim=claim,
        actor=actor,
        action=transition.action.value,
        from_status=from_status,
        to_status=transition.target.value,
        verdict=verdict.value if verdict else "",
        comment=comment,
    )
    return claim


def _parse_action(action: Action | str) -> Action:
    try:
        return Action(action)
    except ValueError:
        options = ", ".join(a.value for a in Action)
        raise InvalidInput(f"“{action}” is not a review action; use one of: {options}.") from None


@transaction.atomic
def claim_transition(
    *,
    user: AbstractBaseUser,
    claim: Claim,
    action: Action | str,
    verdict: Verdict | str | None = None,
    comment: str = "",
    expected_version: int | None = None,
) -> Claim:
    """Perform `action` on `claim` as `user` and return the claim as it now is (a fresh object).

    Raises NotAllowed (wrong role, four eyes), PreconditionFailed (`expected_version` is stale),
    Conflict (not allowed from the current state, or someone else holds the review) or
    InvalidInput (missing verdict, note, comment or reason).
    """
    action = _parse_action(action)
    check_act(user=user, action=action)

    locked = claim_lock(pk=claim.pk)
    check_version(
        what="claim",
        expected=expected_version,
        current=locked.version,
        state=locked.status_enum.label.lower(),
    )
    transition = transition_for(action, locked.status_enum)
    if transition is None:
        raise _illegal_transition(action, locked.status_enum)
    check_transition(user=user, claim=locked, transition=transition)

    comment = _clean_comment(action, comment)
    clean_verdict = None
    if action is Action.VERIFY:
        clean_verdict = _clean_verdict(verdict)
        _check_evidence(locked, clean_verdict, comment)
    return _apply(
        claim=locked, transition=transition, actor=user, verdict=clean_verdict, comment=comment
    )


def claim_submit(
    *, user: AbstractBaseUser, claim: Claim, comment: str = "", expected_version: int | None = None
) -> Claim:
    return claim_transition(
        user=user,
        claim=claim,
        action=Action.SUBMIT,
        comment=comment,
        expected_version=expected_version,
    )


def claim_take(
    *, user: AbstractBaseUser, claim: Claim, expected_version: int | None = None
) -> Claim:
    return claim_transition(
        user=user, claim=claim, action=Action.TAKE, expected_version=expected_version
    )


def claim_verify(
    *,
    user: AbstractBaseUser,
    claim: Claim,
    verdict: Verdict | str,
    note: str = "",
    expected_version: int | None = None,
) -> Claim:
    return claim_transition(
        user=user,
        claim=claim,
        action=Action.VERIFY,
        verdict=verdict,
        comment=note,
        expected_version=expected_version,
    )


def claim_request_changes(
    *, user: AbstractBaseUser, claim: Claim, comment: str, expected_version: int | None = None
) -> Claim:
    return claim_transition(
        user=user,
        claim=claim,
        action=Action.REQUEST_CHANGES,
        comment=comment,
        expected_version=expected_version,
    )


def claim_reject(
    *, user: AbstractBaseUser, claim: Claim, reason: str, expected_version: int | None = None
) -> Claim:
    return claim_transition(
        user=user,
        claim=claim,
        action=Action.REJECT,
        comment=reason,
        expected_version=expected_version,
    )


def claim_reopen(
    *, user: AbstractBaseUser, claim: Claim, comment: str = "", expected_version: int | None = None
) -> Claim:
    return claim_transition(
        user=user,
        claim=claim,
        action=Action.REOPEN,
        comment=comment,
        expected_version=expected_version,
    )


def claim_recheck_after_correction(*, user: AbstractBaseUser, claim: Claim, comment: str) -> Claim:
    """Send the locked `claim`, whose span `user` just moved to a corrected text, back to the
    review queue if it is in review or verified (its verdict leaves the export); other claims
    are left as they are. The caller holds the lock and has checked that `user` may do this."""
    transition = transition_for(Action.RECHECK, claim.status_enum)
    if transition is None:
        return claim
    return _apply(claim=claim, transition=transition, actor=user, comment=comment)


# The queue --------------------------------------------------------------------------------


def review_timeout() -> timedelta:
    return timedelta(minutes=settings.REVIEW_CLAIM_TIMEOUT_MINUTES)


@transaction.atomic
def claims_release_abandoned(*, older_than: timedelta | None = None) -> int:
    """Return claims held in review longer than `older_than` (default: the configured timeout)
    to the queue; return how many. Claims another transaction has locked are left alone."""
    now = timezone.now()
    cutoff = now - (older_than if older_than is not None else review_timeout())
    abandoned = list(
        Claim.objects.select_for_update(skip_locked=True)
        .filter(status=ClaimStatus.IN_REVIEW.value, assigned_at__lt=cutoff)
        .order_by("assigned_at", "id")
    )
    release = transition_for(Action.RELEASE, ClaimStatus.IN_REVIEW)
    for claim in abandoned:
        minutes = int((now - claim.assigned_at).total_seconds() // 60)
        _apply(
            claim=claim,
            transition=release,
            actor=None,
            comment=f"Returned to the queue after {minutes} minutes.",
        )
    return len(abandoned)


def claim_take_next(*, reviewer: AbstractBaseUser) -> Claim | None:
    """Assign the oldest waiting claim `reviewer` may review to them, or None if there is none.

    Abandoned claims are released first, so the queue drains even without the cron job. Rows
    other reviewers are taking at this moment are skipped (`SKIP LOCKED`), so concurrent
    requests never receive the same claim; the contributor check is a subquery so that the
    lock covers the claim row alone.
    """
    check_act(user=reviewer, action=Action.TAKE)
    claims_release_abandoned()
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update(skip_locked=True)
            .filter(status=ClaimStatus.SUBMITTED.value)
            .filter(~contributed_by(reviewer))
            .order_by("submitted_at", "id")
            .first()
        )
        if claim is None:
            return None
        take = transition_for(Action.TAKE, ClaimStatus.SUBMITTED)
        return _apply(claim=claim, transition=take, actor=reviewer)
