"""Seen before in a real browser: the claim dialog lists similar claims of other articles as the
quote is selected and as the restated claim is typed; on the claim page an editor links one."""

import re

import pytest
from playwright.sync_api import expect

from annotations.models import ClaimLink
from annotations.workflow import ClaimStatus
from tests.browser.test_annotate import drag_select, open_article
from tests.factories import article_with_text, claim_saying

TEXT = (
    "Unemployment in Scotland fell to 4.1 per cent in the three months to March.\n\n"
    "The pier reopened on Saturday after a winter of repairs."
)
EARLIER = "Unemployment in Scotland fell to 4.1% in the three months to March."
HOUSING = "Rents in Glasgow rose by 7% last year, the housing board said."


@pytest.fixture
def article():
    return article_with_text(TEXT, title="Jobs and the pier")


def claim_dialog_listing(page, sign_in, editor, article, earlier):
    """The claim dialog opened on the article's first sentence, once it lists `earlier`; the
    dialog and its "Seen before" list."""
    open_article(page, sign_in, editor, article)
    drag_select(page, "Unemployment in Scotland fell to 4.1 per cent in the three months to March.")
    page.keyboard.press("c")
    dialog = page.get_by_role("dialog", name="New claim")
    seen_before = dialog.locator("#seen-before-dialog")
    expect(seen_before.get_by_role("link", name=earlier.text)).to_be_visible()
    return dialog, seen_before


def test_the_claim_dialog_shows_similar_claims_and_follows_the_restated_claim(
    page, sign_in, editor, article
):
    earlier = claim_saying(EARLIER, ClaimStatus.VERIFIED, citations=1)
    housing = claim_saying(HOUSING)
    dialog, seen_before = claim_dialog_listing(page, sign_in, editor, article, earlier)
    expect(seen_before).to_contain_text("Verified")
    expect(seen_before).to_contain_text("Likely the same claim")

    dialog.get_by_role("textbox", name="Claim").fill(
        "Rents in Glasgow rose by 7 per cent last year."
    )
    expect(seen_before.get_by_role("link", name=housing.text)).to_be_visible()


def test_an_editor_links_a_draft_to_the_same_claim_on_the_claim_page(
    page, sign_in, editor, article
):
    earlier = claim_saying(EARLIER, ClaimStatus.VERIFIED, citations=1)
    draft = claim_saying(TEXT.split("\n\n")[0], article=article)
    sign_in(editor)
    page.goto(f"/claims/{draft.pk}/")
    section = page.locator("#seen-before")
    section.get_by_role("button", name=f"Same claim as claim {earlier.pk}").click()
    expect(section).to_contain_text(f"Linked to claim {earlier.pk} as the same claim.")
    expect(section).to_contain_text("Earlier verdict: True")
    assert ClaimLink.objects.filter(claim=draft, same_as=earlier).exists()

    section.get_by_role("button", name=f"Undo link to claim {earlier.pk}").click()
    expect(section).to_contain_text(f"No longer linked to claim {earlier.pk}.")
    assert not ClaimLink.objects.exists()


def test_an_editor_marks_a_claim_as_the_same_claim_in_the_dialog_and_saves_it_linked(
    page, sign_in, editor, article
):
    earlier = claim_saying(EARLIER, ClaimStatus.VERIFIED, citations=1)
    dialog, seen_before = claim_dialog_listing(page, sign_in, editor, article, earlier)
    seen_before.get_by_role("checkbox", name=f"Same claim as claim {earlier.pk}").check()
    # Typing asks for the list again (and htmx swaps the answer in): the box stays ticked.
    restated = "Scottish unemployment fell to 4.1% in the quarter to March."
    with page.expect_response(lambda response: "text=Scottish" in response.url):
        dialog.get_by_role("textbox", name="Claim").fill(restated)
    expect(seen_before).not_to_have_class(re.compile("htmx-request"))
    expect(
        seen_before.get_by_role("checkbox", name=f"Same claim as claim {earlier.pk}")
    ).to_be_checked()
    dialog.get_by_role("button", name="Save claim").click()
    expect(dialog).to_be_hidden()

    claim = article.claims.get()
    assert ClaimLink.objects.filter(claim=claim, same_as=earlier).exists()
    page.goto(f"/claims/{claim.pk}/")
    facts = page.locator(".claim-facts")
    expect(facts).to_contain_text("Draft")
    expect(facts.locator("[data-citation-count]")).to_have_text("0")
    section = page.locator("#seen-before")
    links = section.locator(".seen-before__link")
    expect(links).to_have_count(1)
    expect(links.get_by_role("link", name=earlier.text)).to_be_visible()
    expect(links).to_contain_text("Verified")
    expect(links).to_contain_text("Earlier verdict: True")
    expect(section.get_by_role("button", name=f"Undo link to claim {earlier.pk}")).to_be_visible()
    expect(section.get_by_role("button", name="Reuse this evidence")).to_be_visible()
