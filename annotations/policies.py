"""Who may do what to which object: every permission rule of Corroborate, each written once.

`check_*` functions raise the project's own errors with one message per rule: `NotAllowed`
(403) when the user's role or the four-eyes rule forbids it, `Conflict` (409) when the object's
state does. `can_*` functions are the very same rules as booleans, for pages and templates: each
calls its check, so the two cannot disagree.

Services call the checks before they write (a refused request changes nothing); views, DRF
permission classes and templates adapt them (`project.permissions`) and never restate them.
What a role *is* lives in `annotations.roles`; which workflow transitions exist, and from which
states, in `annotations.workflow`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, prefetch_related_objects

from annotations.models import Claim
from annotations.people import display_name
from annotations.roles import is_admin, is_editor, is_reviewer
from annotations.workflow import (
    EDITABLE_STATUSES,
    REVIEWABLE_STATUSES,
    Action,
    Actor,
    ClaimStatus,
    Transition,
    actor_for,
    is_editable,
    transitions_from,
)
from project.errors import Conflict, DomainError, NotAllowed

User = AbstractBaseUser | AnonymousUser

# How a message says that a claim is in one of the open states ("while it is …").
_WHILE_OPEN: Final = {
    ClaimStatus.DRAFT: "a draft",
    ClaimStatus.CHANGES_REQUESTED: "has changes requested",
}

FOUR_EYES_MESSAGE: Final = (
    "You created or edited this claim, so another reviewer must review it (the four-eyes rule)."
)


def refusal(check: Callable[..., None], /, **arguments: object) -> DomainError | None:
    """Why `check` refuses these arguments, or None when it allows them: for a page that says
    why a control is missing."""
    try:
        check(**arguments)
    except DomainError as error:
        return error
    return None


def allows(check: Callable[..., None], /, **arguments: object) -> bool:
    """`check` as a boolean: what every `can_*` function is made of."""
    return refusal(check, **arguments) is None


# Articles -----------------------------------------------------------------------------------


def check_upload_articles(*, user: User) -> None:
    """Upload an article, or a new revision of one: editors and admins."""
    if not (is_editor(user) or is_admin(user)):
        raise NotAllowed("Only editors and admins may upload articles.")


def can_upload_articles(*, user: User) -> bool:
    return allows(check_upload_articles, user=user)


def check_delete_articles(*, user: User) -> None:
    """Delete an article with its claims: admins."""
    if not is_admin(user):
        raise NotAllowed("Only admins may delete articles.")


def can_delete_articles(*, user: User) -> bool:
    return allows(check_delete_articles, user=user)


# Claims -------------------------------------------------------------------------------------


def check_mark_claims(*, user: User) -> None:
    """Mark a span of an article as a new claim: editors."""
    if not is_editor(user):
        raise NotAllowed("Only editors may mark claims.")


def can_mark_claims(*, user: User) -> bool:
    return allows(check_mark_claims, user=user)


def check_claim_open(*, claim: Claim) -> None:
    """The claim's state lets its text, span, tags, note and evidence change: a draft, or sent
    back with changes requested. Once submitted, in review, verified or rejected it is frozen."""
    if is_editable(claim.status):
        return
    status = ClaimStatus(claim.status)
    while_open = " or ".join(_WHILE_OPEN[s] for s in ClaimStatus if s in EDITABLE_STATUSES)
    raise Conflict(
        f"This claim is {status.label.lower()}, so it is locked and its evidence is frozen: both "
        f"can only be changed or deleted while it is {while_open}. Reopen the claim, or have the "
        "reviewer return it with changes requested, first.",
        allowed=sorted(s.value for s in EDITABLE_STATUSES),
        current=status.value,
    )


def check_edit_claims(*, user: User) -> None:
    """Change or delete claims at all (whatever their state): editors."""
    if not is_editor(user):
        raise NotAllowed("Only editors may change or delete claims.")


def check_claim_editable(*, user: User, claim: Claim) -> None:
    """Change or delete this claim now: an editor, while the claim is open."""
    check_edit_claims(user=user)
    check_claim_open(claim=claim)


def can_edit_claim(*, user: User, claim: Claim) -> bool:
    return allows(check_claim_editable, user=user, claim=claim)


def check_claim_span_movable(*, user: User, claim: Claim) -> None:
    """Move this claim to another span: as for editing it, and only on the article's current
    revision (a claim on an older revision stays where it was made)."""
    check_claim_editable(user=user, claim=claim)
    if claim.revision_id != claim.article.current_revision_id:
        raise Conflict(
            "This claim is on an older revision of the article; its span cannot be moved.",
            current=claim.status,
        )


def can_move_claim_span(*, user: User, claim: Claim) -> bool:
    return allows(check_claim_span_movable, user=user, claim=claim)


# Evidence (citations) -----------------------------------------------------------------------


def check_write_evidence(*, user: User) -> None:
    """Add, change or remove citations at all: editors."""
    if not is_editor(user):
        raise NotAllowed("Only editors may add, change or remove evidence.")


def check_claim_evidence_writable(*, user: User, claim: Claim) -> None:
    """Add, change or remove this claim's citations now: an editor, while the claim is open."""
    check_write_evidence(user=user)
    check_claim_open(claim=claim)


def can_write_claim_evidence(*, user: User, claim: Claim) -> bool:
    return allows(check_claim_evidence_writable, user=user, claim=claim)


# The review workflow ------------------------------------------------------------------------


def check_act(*, user: User, action: Action) -> None:
    """The role that performs `action` (`workflow.TRANSITIONS` names it), from any state."""
    actor = actor_for(action)
    if actor is Actor.SYSTEM:
        raise NotAllowed("Only the system returns abandoned claims to the queue.")
    if actor is Actor.EDITOR and not is_editor(user):
        raise NotAllowed("Only editors may submit claims for review.")
    if actor is Actor.REVIEWER and not is_reviewer(user):
        raise NotAllowed(
            "Only reviewers may take, verify, reject or reopen claims, or request changes."
        )


def can_act(*, user: User, action: Action) -> bool:
    return allows(check_act, user=user, action=action)


def is_contributor(*, user: User, claim: Claim) -> bool:
    """Whether `user` created or edited `claim` (reads prefetched contributors when present)."""
    prefetched = getattr(claim, "_prefetched_objects_cache", {}).get("contributors")
    if prefetched is not None:
        return any(contributor.pk == user.pk for contributor in prefetched)
    return claim.contributors.filter(pk=user.pk).exists()


def contributed_by(user: User) -> Exists:
    """The four-eyes rule as a query condition: the claim was created or edited by `user`.

    A subquery rather than a join: it neither duplicates rows nor widens a FOR UPDATE lock.
    """
    return Exists(
        Claim.contributors.through.objects.filter(claim_id=OuterRef("pk"), user_id=user.pk)
    )


def check_four_eyes(*, user: User, claim: Claim) -> None:
    """Nobody reviews a claim they created or edited."""
    if is_contributor(user=user, claim=claim):
        raise NotAllowed(FOUR_EYES_MESSAGE)


def is_held_from_review(*, user: User, claim: Claim) -> bool:
    """Whether the four-eyes rule is what keeps this reviewer from reviewing `claim` now: the
    review panel says so instead of showing no actions without a reason."""
    return (
        claim.status_enum in REVIEWABLE_STATUSES
        and can_act(user=user, action=Action.TAKE)
        and not allows(check_four_eyes, user=user, claim=claim)
    )


def check_transition(*, user: User, claim: Claim, transition: Transition) -> None:
    """Take `transition` on `claim` as it stands: the action's role; for a reviewer's action,
    the four-eyes rule, and only the reviewer holding an in-review claim finishes its review.

    Whether the transition starts from the claim's state is `workflow.transition_for`'s to say.
    """
    check_act(user=user, action=transition.action)
    if transition.actor is not Actor.REVIEWER:
        return
    check_four_eyes(user=user, claim=claim)
    if transition.source is ClaimStatus.IN_REVIEW and claim.assigned_to_id != user.pk:
        raise Conflict(
            f"{display_name(claim.assigned_to)} is reviewing this claim; only they can finish "
            "the review.",
            current=claim.status,
        )


def allowed_transitions(*, user: User, claim: Claim) -> list[Transition]:
    """The transitions `user` may take on `claim` now: what a page offers as buttons.

    Preconditions on the input (a verdict, a comment, a citation) are checked only on submit.
    """
    prefetch_related_objects([claim], "contributors")  # one query, however many transitions
    return [
        transition
        for transition in transitions_from(claim.status_enum)
        if allows(check_transition, user=user, claim=claim, transition=transition)
    ]


# Sources ------------------------------------------------------------------------------------


def check_manage_sources(*, user: User) -> None:
    """Add sources and change their name, kind, homepage and domain: editors and admins."""
    if not (is_editor(user) or is_admin(user)):
        raise NotAllowed("Only editors and administrators may add or change sources.")


def can_manage_sources(*, user: User) -> bool:
    return allows(check_manage_sources, user=user)


def check_rate_sources(*, user: User) -> None:
    """Set or change a source's reliability rating and its reason: admins."""
    if not is_admin(user):
        raise NotAllowed("Only administrators may set or change a source's reliability.")


def can_rate_sources(*, user: User) -> bool:
    return allows(check_rate_sources, user=user)


def check_delete_sources(*, user: User) -> None:
    """Delete a source (one nobody cites; the service checks that): admins."""
    if not is_admin(user):
        raise NotAllowed("Only administrators may delete sources.")


# The site's administration ------------------------------------------------------------------


def check_open_admin(*, user: User) -> None:
    """Open the Django admin (users, roles, sources, tags): the admin role, not the staff flag
    alone."""
    if not (user.is_active and is_admin(user)):
        raise NotAllowed("The admin is for accounts with the admin role; yours does not have it.")


def can_open_admin(*, user: User) -> bool:
    return allows(check_open_admin, user=user)
