"""A reviewer works the queue from the keyboard: n takes the next claim, v goes to the
verdicts, and the verdict is given without touching the mouse."""

import re

from playwright.sync_api import expect

from annotations.models import Claim
from annotations.roles import Role
from annotations.workflow import ClaimStatus
from tests.factories import UserFactory, claim_in


def test_a_reviewer_verifies_the_next_claim_with_the_keyboard(page, sign_in):
    reviewer = UserFactory(roles=(Role.REVIEWER,), first_name="Ravi", last_name="Okafor")
    claim = claim_in(ClaimStatus.SUBMITTED, text="Cargo volumes rose by 12 percent last year.")
    sign_in(reviewer)
    page.goto("/review/")

    page.keyboard.press("n")
    page.wait_for_url(re.compile(rf"/review/claims/{claim.pk}/$"))
    expect(page.locator(".review-panel .status-chip")).to_have_text("In review")

    page.keyboard.press("v")
    expect(page.get_by_role("radio", name=re.compile("^True"))).to_be_focused()
    page.keyboard.press("ArrowDown")  # moves to, and selects, "Mostly true"
    expect(page.get_by_role("radio", name=re.compile("^Mostly true"))).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Note")).to_be_focused()
    # Typing shortcut letters into the note must not trigger them.
    page.keyboard.type("Rounded from 11.8 percent in the annual review.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page.locator(".review-panel .status-chip")).to_have_text("Verified")
    expect(page.locator(".review-verdict")).to_contain_text("Mostly true")
    expect(page.locator(".review-notice")).to_be_focused()
    assert page.url.endswith(f"/review/claims/{claim.pk}/")
    claim.refresh_from_db()
    assert (claim.status, claim.verdict) == ("verified", "mostly_true")
    assert claim.verdict_note == "Rounded from 11.8 percent in the annual review."
    assert Claim.objects.get(pk=claim.pk).verified_by == reviewer


def test_a_refused_verdict_is_explained_in_place(page, sign_in):
    reviewer = UserFactory(roles=(Role.REVIEWER,))
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer, conflicting=1)
    sign_in(reviewer)
    page.goto(f"/review/claims/{claim.pk}/")

    page.get_by_role("radio", name=re.compile("^True")).check()
    page.get_by_role("button", name="Verify").click()

    expect(page.locator(".review-error")).to_contain_text("400 Invalid input.")
    expect(page.locator(".review-error")).to_be_focused()
    expect(page.get_by_role("radio", name=re.compile("^True"))).to_be_checked()
    claim.refresh_from_db()
    assert claim.status == "in_review"


def test_x_and_r_go_to_the_comment_and_the_reason(page, sign_in):
    reviewer = UserFactory(roles=(Role.REVIEWER,))
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    sign_in(reviewer)
    page.goto(f"/review/claims/{claim.pk}/")

    page.keyboard.press("x")
    comment = page.get_by_label("What should the editor change?")
    expect(comment).to_be_focused()
    page.keyboard.type("r")  # typed into the comment, not a shortcut
    expect(comment).to_have_value("r")

    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("r")
    expect(page.get_by_label("Why is this not a checkable claim?")).to_be_focused()
