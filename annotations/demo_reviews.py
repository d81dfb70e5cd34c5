"""Demo review history: the demo claims moved through every state of the workflow by the review
services themselves, so the queues, the dashboard and each claim's history have something to
show, with several verdicts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from annotations.models import Claim
from annotations.policies import allows, can_act, check_four_eyes
from annotations.services.review import (
    claim_reject,
    claim_reopen,
    claim_request_changes,
    claim_submit,
    claim_take,
    claim_verify,
)
from annotations.workflow import Action, ClaimStatus, Verdict

NO_EVIDENCE_COMMENT = "Add at least one source for this before it can be verified."


@dataclass(frozen=True)
class _Cast:
    editor: User
    reviewer: User


def _submit(claim: Claim, cast: _Cast) -> Claim:
    return claim_submit(user=cast.editor, claim=claim)


def _take(claim: Claim, cast: _Cast) -> Claim:
    return claim_take(user=cast.reviewer, claim=_submit(claim, cast))


def _verify_as(verdict: Verdict, note: str) -> Callable[[Claim, _Cast], Claim]:
    def verify(claim: Claim, cast: _Cast) -> Claim:
        claim = _take(claim, cast)
        if not claim.citations.exists():
            return claim_request_changes(
                user=cast.reviewer, claim=claim, comment=NO_EVIDENCE_COMMENT
            )
        return claim_verify(user=cast.reviewer, claim=claim, verdict=verdict, note=note)

    return verify


def _request_changes(claim: Claim, cast: _Cast) -> Claim:
    return claim_request_changes(
        user=cast.reviewer,
        claim=_take(claim, cast),
        comment="Restate the claim so that it says which year the figure refers to.",
    )


def _resubmit(claim: Claim, cast: _Cast) -> Claim:
    return claim_submit(
        user=cast.editor,
        claim=_request_changes(claim, cast),
        comment="Added the year, as asked.",
    )


def _reject(claim: Claim, cast: _Cast) -> Claim:
    return claim_reject(
        user=cast.reviewer,
        claim=_take(claim, cast),
        reason="An opinion, not a checkable statement of fact.",
    )


def _reopen(claim: Claim, cast: _Cast) -> Claim:
    claim = _verify_as(Verdict.MOSTLY_TRUE, "Right in substance; the source rounds the figure.")(
        claim, cast
    )
    if claim.status != ClaimStatus.VERIFIED:
        return claim
    return claim_reopen(
        user=cast.reviewer, claim=claim, comment="A newer release revises the figure; rechecking."
    )


def _leave_as_draft(claim: Claim, cast: _Cast) -> Claim:
    return claim


# One step per demo claim, in turn: together they reach every state and several verdicts.
SCENARIOS: tuple[Callable[[Claim, _Cast], Claim], ...] = (
    _verify_as(Verdict.TRUE, "The official figures match exactly."),
    _submit,
    _take,
    _request_changes,
    _verify_as(Verdict.MOSTLY_FALSE, "The figure is real but describes a different period."),
    _reject,
    _reopen,
    _verify_as(Verdict.MIXED, "Half of the statement holds; the comparison does not."),
    _resubmit,
    _leave_as_draft,
    _verify_as(Verdict.FALSE, "The cited report says the opposite."),
    _verify_as(Verdict.UNPROVEN, "No published record confirms or refutes it yet."),
)


@transaction.atomic
def load_demo_reviews(
    *, claims: Sequence[Claim], editors: Sequence[User], reviewers: Sequence[User]
) -> None:
    """Move the draft `claims` through the workflow; claims no reviewer may review (four eyes)
    stay submitted."""
    if not editors or not reviewers:
        return
    drafts = [claim for claim in claims if claim.status == ClaimStatus.DRAFT]
    for index, claim in enumerate(drafts):
        submits = can_act(user=claim.created_by, action=Action.SUBMIT)
        editor = claim.created_by if submits else editors[0]
        reviewer = next(
            (r for r in reviewers if allows(check_four_eyes, user=r, claim=claim)), None
        )
        if reviewer is None:
            claim_submit(user=editor, claim=claim)
            continue
        SCENARIOS[index % len(SCENARIOS)](claim, _Cast(editor=editor, reviewer=reviewer))
