"""The whole job in a real browser, with DEBUG on: an editor uploads an article, marks a claim,
cites a web page and another article, submits; a reviewer takes it, is refused a verdict, gives
one, and opens the public fact-check page. After every step the page is checked as a person
would look at it: the status, the buttons there and not there, the counts, and no error."""

import re

import pytest
from playwright.sync_api import expect

from annotations.models import Article, Claim
from annotations.roles import Role
from tests.browser.test_annotate import drag_select
from tests.factories import UserFactory, other_article

TEXT = (
    "Harbour traffic rose sharply this spring, the port authority said on Monday. Cargo "
    "volumes grew by 14 percent in the first quarter, the fastest rise in a decade.\n\n"
    "Dock workers reported longer shifts and more overtime."
)
PHRASE = "Cargo volumes grew by 14 percent"


@pytest.fixture(autouse=True)
def debug_on(settings):
    settings.DEBUG = True


def no_error_box(page) -> None:
    expect(page.locator(".form-errors:visible, .refusal:visible")).to_have_count(0)


def status_chip(page):
    return page.locator("#claim-review .status-chip")


def test_an_article_goes_from_upload_to_the_public_fact_check(page, sign_in):
    editor = UserFactory(roles=(Role.EDITOR,), first_name="Elena", last_name="Marsh")
    reviewer = UserFactory(roles=(Role.REVIEWER,), first_name="Ravi", last_name="Okafor")
    cited = other_article(title="Dock report")

    # Upload, without a title: the form proposes the first sentence, and it is kept.
    sign_in(editor)
    page.goto("/articles/new/")
    page.get_by_label("Or paste the text").fill(TEXT)
    title = "Harbour traffic rose sharply this spring, the port authority said on Monday."
    expect(page.get_by_label("Title")).to_have_value(title)
    page.get_by_role("button", name="Upload article").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    # The keys below need annotate.js, which runs once the new page has loaded.
    page.wait_for_load_state("load")
    no_error_box(page)
    article = Article.objects.get(title=title)

    # Mark: c with nothing selected says what to do; then select, c, save.
    page.keyboard.press("c")
    expect(page.locator("#annotate-nudge")).to_contain_text("Select some text")
    drag_select(page, PHRASE)
    page.keyboard.press("c")
    dialog = page.get_by_role("dialog", name="New claim")
    dialog.get_by_role("button", name="Save claim").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".claims-panel__count")).to_have_text("1")
    no_error_box(page)
    claim = Claim.objects.get(article=article)

    # The claim page: a draft the editor may change.
    page.goto(f"/claims/{claim.pk}/")
    expect(page.locator("[data-claim-status]")).to_have_text("Draft")
    expect(page.get_by_role("link", name="Edit", exact=True)).to_be_visible()
    expect(page.locator("[data-citation-count]")).to_have_text("0")

    # Cite a web page (it conflicts): the count, the version and the summary follow.
    evidence = page.locator(f"#evidence-{claim.pk}")
    evidence.get_by_role("link", name="Add evidence").click()
    evidence.get_by_role("radio", name=re.compile("^Conflicts")).check()
    evidence.get_by_label("Cited URL").fill("https://data.port-stats.example/2025/q1")
    evidence.get_by_label("Title").fill("Port volumes, first quarter")
    evidence.get_by_role("button", name="Add evidence").click()
    expect(page.locator("[data-citation-count]")).to_have_text("1")
    expect(page.locator("span[data-claim-version]")).to_have_text("2")
    expect(page.locator(f"#evidence-{claim.pk} .evidence-summary")).to_contain_text("1 conflicting")
    no_error_box(page)

    # Cite a passage of another article.
    page.get_by_role("link", name="Cite another article").click()
    page.get_by_role("link", name="Dock report").click()
    page.evaluate(
        """() => {
            const text = document.querySelector("[data-picker-text] [data-offset='0']").firstChild;
            const range = document.createRange();
            range.setStart(text, 0);
            range.setEnd(text, 12);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }"""
    )
    expect(page.locator("[data-picker-quote]")).to_have_text("Dock workers")
    page.get_by_role("radio", name=re.compile("^Corroborates")).check()
    page.get_by_role("button", name="Cite this passage").click()
    page.wait_for_url(re.compile(rf"/claims/{claim.pk}/"))
    expect(page.locator("[data-citation-count]")).to_have_text("2")
    expect(page.locator(f"#evidence-{claim.pk} .citation")).to_have_count(2)
    assert cited.pk

    # Submit on the same page: no 412 from the editor's own changes; everything says so.
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("[data-claim-status]")).to_have_text("Submitted")
    expect(status_chip(page)).to_have_text("Submitted")
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Delete")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Remove"))).to_have_count(0)
    expect(page.get_by_role("link", name="Add evidence")).to_have_count(0)
    expect(page.locator(".review-notice")).to_contain_text("you submitted it for review")
    no_error_box(page)

    # The reviewer takes it with n.
    page.get_by_role("button", name="Sign out").click()
    sign_in(reviewer)
    page.goto("/review/")
    expect(page.locator("#nav-review-count")).to_contain_text("1")
    page.keyboard.press("n")
    page.wait_for_url(re.compile(rf"/review/claims/{claim.pk}/$"))
    expect(status_chip(page)).to_have_text("In review")
    expect(page.locator("#nav-review-count")).to_contain_text("0")
    expect(page.locator(f"#evidence-{claim.pk} .citation")).to_have_count(2)

    # "True" over a conflicting citation without a note: refused in place, once, styled.
    page.get_by_role("radio", name=re.compile("^True")).check()
    page.get_by_role("button", name="Verify").click()
    expect(page.locator(".review-error")).to_have_count(1)
    expect(page.locator(".review-error")).to_contain_text("400 Invalid input.")
    expect(page.locator(".site-header")).to_be_visible()
    expect(page.get_by_role("radio", name=re.compile("^True"))).to_be_checked()
    expect(status_chip(page)).to_have_text("In review")

    # A verdict with the note: verified, and the public page is one click away.
    page.get_by_role("radio", name=re.compile("^Mostly true")).check()
    page.get_by_label("Note").fill("The conflicting figure counts containers, not tonnes.")
    page.get_by_role("button", name="Verify").click()
    expect(status_chip(page)).to_have_text("Verified")
    expect(page.locator(".review-verdict")).to_contain_text("Mostly true")
    expect(page.locator(".review-error")).to_have_count(0)
    # Keys that do nothing any more are not offered.
    expect(page.locator(".review-shortcuts")).not_to_contain_text("verify")
    page.get_by_role("link", name="Public fact-check page").click()
    page.wait_for_url(re.compile(rf"/factchecks/{claim.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"“{PHRASE}”")
    expect(page.locator(".verdict")).to_contain_text("Mostly true")
