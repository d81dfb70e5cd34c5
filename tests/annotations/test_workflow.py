"""The workflow tables themselves (pure Python)."""

from pathlib import Path

import pytest

from annotations.workflow import (
    TRANSITIONS,
    Action,
    Actor,
    ClaimStatus,
    actor_for,
    mermaid_state_diagram,
    transition_for,
)


def test_every_action_is_performed_by_one_kind_of_actor():
    for action in Action:
        assert len({t.actor for t in TRANSITIONS if t.action == action}) == 1
        assert actor_for(action) in Actor


def test_every_state_is_reachable_from_draft():
    reached, frontier = {ClaimStatus.DRAFT}, [ClaimStatus.DRAFT]
    while frontier:
        source = frontier.pop()
        for t in TRANSITIONS:
            if t.source == source and t.target not in reached:
                reached.add(t.target)
                frontier.append(t.target)
    assert reached == set(ClaimStatus)


def test_each_action_leads_to_one_state_from_a_given_state():
    pairs = [(t.action, t.source) for t in TRANSITIONS]
    assert len(pairs) == len(set(pairs))


@pytest.mark.parametrize(
    ("action", "slug", "field"),
    [
        (Action.REQUEST_CHANGES, "request-changes", "comment"),
        (Action.VERIFY, "verify", "note"),
        (Action.REJECT, "reject", "reason"),
    ],
)
def test_actions_name_their_url_slug_and_comment_field(action, slug, field):
    assert (action.slug, action.comment_field) == (slug, field)


def test_only_sending_back_and_rejecting_need_a_comment():
    assert {a for a in Action if a.comment_required} == {Action.REQUEST_CHANGES, Action.REJECT}


def test_reopen_leads_back_to_review():
    assert transition_for(Action.REOPEN, ClaimStatus.VERIFIED).target is ClaimStatus.IN_REVIEW


def test_the_diagram_lists_every_transition():
    diagram = mermaid_state_diagram()
    assert diagram.startswith("stateDiagram-v2\n    [*] --> draft")
    assert diagram.count("-->") == len(TRANSITIONS) + 1


README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_shows_the_workflow_as_the_code_defines_it():
    assert f"```mermaid\n{mermaid_state_diagram()}\n```" in README.read_text(encoding="utf-8")
