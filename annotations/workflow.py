"""The verification workflow, defined once: claim states, verdicts and the allowed transitions.

Pages, the API, exports and the docs all read these tables; `services/review.py` enforces them.
Pure Python: no Django imports, so the rules can be read (and tested) on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ClaimStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    VERIFIED = "verified"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def description(self) -> str:
        return STATUS_DESCRIPTIONS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(status.value, status.label) for status in cls]


STATUS_LABELS: dict[ClaimStatus, str] = {
    ClaimStatus.DRAFT: "Draft",
    ClaimStatus.SUBMITTED: "Submitted",
    ClaimStatus.IN_REVIEW: "In review",
    ClaimStatus.VERIFIED: "Verified",
    ClaimStatus.CHANGES_REQUESTED: "Changes requested",
    ClaimStatus.REJECTED: "Rejected",
}

STATUS_DESCRIPTIONS: dict[ClaimStatus, str] = {
    ClaimStatus.DRAFT: "The editor is still working on it.",
    ClaimStatus.SUBMITTED: "Waiting in the review queue.",
    ClaimStatus.IN_REVIEW: "A reviewer has taken it.",
    ClaimStatus.VERIFIED: "Approved with a verdict; part of the export.",
    ClaimStatus.CHANGES_REQUESTED: "Sent back to the editor with the reviewer's comment.",
    ClaimStatus.REJECTED: "Not a checkable claim, or a wrong annotation.",
}

# The states in which the claim's editor may still change its text, span, tags, note and evidence.
EDITABLE_STATUSES: frozenset[ClaimStatus] = frozenset(
    {ClaimStatus.DRAFT, ClaimStatus.CHANGES_REQUESTED}
)


@dataclass(frozen=True)
class VerdictInfo:
    label: str
    definition: str
    rating_value: int | None  # schema.org ClaimReview ratingValue, 5 (best) to 1 (worst)


class Verdict(StrEnum):
    TRUE = "true"
    MOSTLY_TRUE = "mostly_true"
    MIXED = "mixed"
    MOSTLY_FALSE = "mostly_false"
    FALSE = "false"
    UNPROVEN = "unproven"

    @property
    def info(self) -> VerdictInfo:
        return VERDICTS[self]

    @property
    def label(self) -> str:
        return VERDICTS[self].label

    @property
    def definition(self) -> str:
        return VERDICTS[self].definition

    @property
    def rating_value(self) -> int | None:
        return VERDICTS[self].rating_value

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(verdict.value, verdict.label) for verdict in cls]


VERDICTS: dict[Verdict, VerdictInfo] = {
    Verdict.TRUE: VerdictInfo("True", "Accurate, with nothing significant missing.", 5),
    Verdict.MOSTLY_TRUE: VerdictInfo(
        "Mostly true", "Accurate, but needs clarification or added context.", 4
    ),
    Verdict.MIXED: VerdictInfo(
        "Mixed", "Partly accurate and partly inaccurate, in about equal measure.", 3
    ),
    Verdict.MOSTLY_FALSE: VerdictInfo(
        "Mostly false", "Contains an element of truth but ignores facts that change it.", 2
    ),
    Verdict.FALSE: VerdictInfo("False", "Not accurate.", 1),
    Verdict.UNPROVEN: VerdictInfo(
        "Unproven", "The available evidence neither confirms nor refutes it.", None
    ),
}
CLAIMREVIEW_BEST_RATING = 5
CLAIMREVIEW_WORST_RATING = 1

# Verdicts that approve a claim: giving one while a citation conflicts needs a note addressing it.
APPROVING_VERDICTS: frozenset[Verdict] = frozenset({Verdict.TRUE, Verdict.MOSTLY_TRUE})


class Action(StrEnum):
    SUBMIT = "submit"
    TAKE = "take"
    VERIFY = "verify"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"
    REOPEN = "reopen"
    RELEASE = "release"  # an abandoned in-review claim returns to the queue (by the system)

    @property
    def slug(self) -> str:
        """The action as it appears in URLs: `request-changes`."""
        return self.value.replace("_", "-")

    @property
    def comment_field(self) -> str:
        """What the action's free text is called in forms and the API (a verdict's note, a
        rejection's reason, otherwise a comment)."""
        return ACTION_COMMENT_FIELDS.get(self, "comment")

    @property
    def comment_required(self) -> bool:
        return self in ACTIONS_NEEDING_A_COMMENT

    @property
    def done(self) -> str:
        """What the actor did, for a history: "requested changes"."""
        return ACTIONS_DONE[self]


ACTIONS_DONE: dict[Action, str] = {
    Action.SUBMIT: "submitted it for review",
    Action.TAKE: "took it for review",
    Action.VERIFY: "verified it",
    Action.REQUEST_CHANGES: "requested changes",
    Action.REJECT: "rejected it",
    Action.REOPEN: "reopened it",
    Action.RELEASE: "returned it to the queue",
}
ACTION_COMMENT_FIELDS: dict[Action, str] = {Action.VERIFY: "note", Action.REJECT: "reason"}
# A reviewer who sends a claim back or turns it down must say why.
ACTIONS_NEEDING_A_COMMENT: frozenset[Action] = frozenset({Action.REQUEST_CHANGES, Action.REJECT})


class Actor(StrEnum):
    """Who may perform an action: a role name, or the system itself."""

    EDITOR = "editor"
    REVIEWER = "reviewer"
    SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    action: Action
    source: ClaimStatus
    target: ClaimStatus
    actor: Actor
    label: str


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        Action.SUBMIT, ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, Actor.EDITOR, "Submit for review"
    ),
    Transition(
        Action.SUBMIT,
        ClaimStatus.CHANGES_REQUESTED,
        ClaimStatus.SUBMITTED,
        Actor.EDITOR,
        "Resubmit",
    ),
    Transition(
        Action.TAKE, ClaimStatus.SUBMITTED, ClaimStatus.IN_REVIEW, Actor.REVIEWER, "Take for review"
    ),
    Transition(
        Action.VERIFY, ClaimStatus.IN_REVIEW, ClaimStatus.VERIFIED, Actor.REVIEWER, "Verify"
    ),
    Transition(
        Action.REQUEST_CHANGES,
        ClaimStatus.IN_REVIEW,
        ClaimStatus.CHANGES_REQUESTED,
        Actor.REVIEWER,
        "Request changes",
    ),
    Transition(
        Action.REJECT, ClaimStatus.IN_REVIEW, ClaimStatus.REJECTED, Actor.REVIEWER, "Reject"
    ),
    Transition(
        Action.REOPEN, ClaimStatus.VERIFIED, ClaimStatus.IN_REVIEW, Actor.REVIEWER, "Reopen"
    ),
    Transition(
        Action.RELEASE,
        ClaimStatus.IN_REVIEW,
        ClaimStatus.SUBMITTED,
        Actor.SYSTEM,
        "Return to queue",
    ),
)


# The states in which a claim is before a reviewer: those a reviewer's transition starts from.
REVIEWABLE_STATUSES: frozenset[ClaimStatus] = frozenset(
    t.source for t in TRANSITIONS if t.actor is Actor.REVIEWER
)


def transition_for(action: Action, source: ClaimStatus) -> Transition | None:
    for transition in TRANSITIONS:
        if transition.action == action and transition.source == source:
            return transition
    return None


def transitions_from(source: ClaimStatus) -> tuple[Transition, ...]:
    return tuple(t for t in TRANSITIONS if t.source == source)


def actor_for(action: Action) -> Actor:
    """Who performs `action`: the same role from every state it starts from."""
    return next(t.actor for t in TRANSITIONS if t.action == action)


def is_editable(status: ClaimStatus | str) -> bool:
    return ClaimStatus(status) in EDITABLE_STATUSES


def mermaid_state_diagram() -> str:
    """The state machine as a mermaid diagram: README.md embeds this output (a test keeps it so)."""
    lines = ["stateDiagram-v2", f"    [*] --> {ClaimStatus.DRAFT.value}"]
    for t in TRANSITIONS:
        lines.append(
            f"    {t.source.value} --> {t.target.value}: {t.action.value} ({t.actor.value})"
        )
    return "\n".join(lines)
