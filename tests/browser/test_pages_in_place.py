"""Issue 14 in a real browser: refusals shown where the user acted (with DEBUG on, where
django-htmx's debug helper would otherwise replace the page), a concurrent change explained in
place, handing a claim back, the duplicate warning, phone widths and accessibility."""

import re

import pytest
from playwright.sync_api import expect

from annotations.models import Claim
from annotations.roles import Role
from annotations.services.review import claim_transition
from annotations.workflow import Action, ClaimStatus
from tests.browser.axe import blocking_violations
from tests.factories import UserFactory, article_with_text, claim_in

# Selects `phrase` in the article text, across the text nodes highlights split it into (a mouse
# drag that starts on a highlight opens the claims under it instead).
SELECT_PHRASE = """(phrase) => {
  const walker = document.createTreeWalker(
    document.getElementById("article-text"), NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = "";
  while (walker.nextNode()) {
    nodes.push([walker.currentNode, text.length]);
    text += walker.currentNode.data;
  }
  const start = text.indexOf(phrase);
  const end = start + phrase.length;
  const at = (offset) => {
    const [node, base] = nodes.filter(([, base]) => base <= offset).pop();
    return [node, offset - base];
  };
  const range = document.createRange();
  range.setStart(...at(start));
  range.setEnd(...at(end - 1));
  range.setEnd(range.endContainer, range.endOffset + 1);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
}"""


def select_text(page, phrase: str) -> None:
    page.evaluate(SELECT_PHRASE, phrase)


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def test_a_refused_removal_is_shown_next_to_the_button_not_over_the_page(page, sign_in, debug_on):
    editor = UserFactory(roles=(Role.EDITOR,))
    claim = claim_in(ClaimStatus.DRAFT)
    sign_in(editor)
    page.goto(f"/claims/{claim.pk}/")
    # Meanwhile another editor submits it: its evidence is frozen.
    claim_transition(user=UserFactory(roles=(Role.EDITOR,)), claim=claim, action=Action.SUBMIT)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("^Remove")).click()

    refusal = page.locator(".refusal-slot .refusal")
    expect(refusal).to_contain_text("409 Conflict.")
    expect(refusal).to_be_focused()
    expect(page.locator(".refusal")).to_have_count(1)
    expect(page.locator(".site-header")).to_be_visible()
    expect(page.locator(f"#evidence-{claim.pk} .citation")).to_have_count(1)


def test_someone_elses_change_is_explained_in_place_with_a_reload_button(page, sign_in, debug_on):
    reviewer = UserFactory(roles=(Role.REVIEWER,))
    claim = claim_in(ClaimStatus.SUBMITTED)
    sign_in(reviewer)
    page.goto(f"/review/claims/{claim.pk}/")
    claim_transition(user=UserFactory(roles=(Role.REVIEWER,)), claim=claim, action=Action.TAKE)
    page.get_by_role("button", name="Take for review").click()

    error = page.locator(".review-error")
    expect(error).to_contain_text("412 Precondition failed.")
    expect(error).to_contain_text("Status: Submitted → In review.")
    error.get_by_role("link", name="Reload the page").click()
    expect(page.locator("#claim-review .status-chip")).to_have_text("In review")
    expect(page.locator(".review-error")).to_have_count(0)


def test_a_reviewer_hands_back_a_claim_taken_by_mistake(page, sign_in):
    reviewer = UserFactory(roles=(Role.REVIEWER,))
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    sign_in(reviewer)
    page.goto(f"/review/claims/{claim.pk}/")
    page.get_by_role("button", name="Hand back to the queue").click()

    expect(page.locator("#claim-review .status-chip")).to_have_text("Submitted")
    expect(page.locator(".review-notice")).to_contain_text("you handed it back to the queue")
    expect(page.get_by_role("button", name="Take for review")).to_be_visible()
    expect(page.locator(".review-timeline")).to_contain_text("handed it back to the queue")
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_marking_the_same_claim_twice_warns_and_links_to_the_first(page, sign_in):
    editor = UserFactory(roles=(Role.EDITOR,))
    article = article_with_text("The tram line carried 41 million riders in 2025.")
    sign_in(editor)
    page.goto(f"/articles/{article.pk}/")
    dialog = page.get_by_role("dialog", name="New claim")
    select_text(page, "41 million riders")
    page.keyboard.press("c")
    dialog.get_by_role("button", name="Save claim").click()
    expect(dialog).to_be_hidden()
    select_text(page, "41 million riders")
    page.keyboard.press("c")
    dialog.get_by_role("button", name="Save claim").click()
    first = Claim.objects.get()
    expect(dialog.locator("#claim-form-errors")).to_contain_text("already marks exactly this")
    expect(dialog.get_by_role("link", name=f"Open claim {first.pk}")).to_be_visible()
    dialog.get_by_role("button", name="Save claim").click()  # again: keep both
    expect(dialog).to_be_hidden()
    expect(page.locator(".claims-panel__count")).to_have_text("2")


PHONE_PAGES = [
    "/",
    "/articles/",
    "/articles/new/",
    "/articles/{article}/",
    "/claims/{claim}/",
    "/review/",
    "/review/claims/{claim}/",
    "/review/dashboard/",
    "/sources/",
    "/factchecks/{verified}/",
]


def test_every_page_fits_a_phone_and_has_no_serious_accessibility_violation(page, sign_in):
    desk = UserFactory(roles=(Role.EDITOR, Role.REVIEWER, Role.ADMIN))
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=desk, conflicting=1)
    verified = claim_in(ClaimStatus.VERIFIED)
    claim_transition(user=desk, claim=claim, action=Action.REJECT, comment="An opinion.")
    ids = {"article": claim.article_id, "claim": claim.pk, "verified": verified.pk}
    sign_in(desk)
    page.set_viewport_size({"width": 390, "height": 800})
    problems = {}
    for path in PHONE_PAGES:
        page.goto(path.format(**ids))
        width = page.evaluate("document.documentElement.scrollWidth")
        found = blocking_violations(page)
        if width > 390 or found:
            problems[path] = {"width": width, "violations": found}
    assert problems == {}
