"""The desk corrects an article: it lands on the corrections summary, compares old and new
wording, confirms one claim's new span and keeps another on the old revision, and every part
of the page (the row, the counts) says so without a reload."""

import re

from playwright.sync_api import expect

from annotations.models import Claim
from annotations.roles import Role
from annotations.services.articles import ArticleContent, article_revision_create
from annotations.workflow import ClaimStatus
from tests.factories import ArticleFactory, UserFactory, claim_in

LEAD = "The harbour authority said on Monday that cargo volumes rose by 12 percent last year."
BERTH = "Officials credited the new deep-water berth, opened in March, for most of the growth."
CRITICS = "Critics on the town council argued that the figures overstate real trade."
FIRST = "\n\n".join([LEAD, BERTH, CRITICS])
CORRECTED = "\n\n".join([LEAD.replace("12 percent", "14 percent"), CRITICS])


def claim_on(article, quote: str, status: ClaimStatus = ClaimStatus.DRAFT) -> Claim:
    start = article.current_revision.text.index(quote)
    return claim_in(status, article=article, start=start, end=start + len(quote))


def test_an_editor_corrects_an_article_and_decides_what_its_claims_become(page, sign_in):
    editor = UserFactory(roles=(Role.EDITOR,), first_name="Edna", last_name="Ortiz")
    article = ArticleFactory(text=FIRST, uploaded_by=editor)
    changed = claim_on(article, "cargo volumes rose by 12 percent", ClaimStatus.VERIFIED)
    orphaned = claim_on(article, "for most of the growth")
    followed = claim_on(article, "the figures overstate real trade", ClaimStatus.VERIFIED)
    sign_in(editor)

    page.goto(f"/articles/{article.pk}/revisions/new/")
    page.get_by_label("Or paste the text").fill(CORRECTED)
    page.get_by_role("button", name="Upload revision").click()

    page.wait_for_url(re.compile(rf"/articles/{article.pk}/revisions/2/corrections/$"))
    expect(page.get_by_role("heading", name="Corrections in revision 2")).to_be_visible()
    counts = page.locator("#correction-counts")
    expect(counts.locator("dd")).to_have_text(["1", "1", "1"])
    expect(counts).to_contain_text("2 claims wait for a decision.")
    expect(counts).to_contain_text("1 of them is verified")
    row = page.locator(f"#correction-{changed.pk}")
    expect(row.locator(".wording__side--old del")).to_have_text("12")
    expect(row.locator(".wording__side--new ins")).to_have_text("14")

    row.get_by_role("button", name="Confirm the new span").click()

    expect(row).to_contain_text("New span confirmed by Edna Ortiz")
    expect(row.get_by_role("button")).to_have_count(0)
    expect(row.locator(".status")).to_have_text("Submitted")
    expect(counts).to_contain_text("1 claim waits for a decision.")
    expect(counts).not_to_contain_text("verified")
    expect(page.get_by_role("status").filter(has_text="sent it back to review")).to_be_attached()

    orphan_row = page.locator(f"#correction-{orphaned.pk}")
    expect(orphan_row.get_by_role("button", name="Confirm the new span")).to_have_count(0)
    orphan_row.get_by_role("button", name="Keep on the old revision").click()

    expect(orphan_row).to_contain_text("Kept on the old revision by Edna Ortiz")
    expect(counts).to_contain_text("Nothing is waiting")
    changed.refresh_from_db()
    followed.refresh_from_db()
    assert (changed.revision.number, changed.status, changed.exact) == (
        2,
        "submitted",
        "cargo volumes rose by 14 percent",
    )
    assert (followed.revision.number, followed.status) == (2, "verified")

    page.get_by_role("link", name="Back to the article").click()
    expect(page.get_by_text("waiting on a correction")).to_have_count(0)


def test_the_article_page_points_the_desk_to_claims_waiting_on_a_correction(page, sign_in):
    editor = UserFactory(roles=(Role.EDITOR,))
    article = ArticleFactory(text=FIRST, uploaded_by=editor)
    claim_on(article, "cargo volumes rose by 12 percent")
    sign_in(editor)
    page.goto(f"/articles/{article.pk}/revisions/new/")
    page.get_by_label("Or paste the text").fill(CORRECTED)
    page.get_by_role("button", name="Upload revision").click()
    page.wait_for_url(re.compile(r"/corrections/$"))

    page.goto(f"/articles/{article.pk}/")
    notice = page.locator(".notice--corrections")
    expect(notice).to_contain_text("1 claim is waiting on a correction of this article.")
    notice.get_by_role("link", name="Review the corrections").click()

    expect(page.get_by_role("heading", name="Corrections in revision 2")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Corrections").click()
    expect(page.get_by_role("heading", name="Claims waiting on a correction")).to_be_visible()
    expect(page.locator(".correction")).to_contain_text("cargo volumes rose by 12 percent")


def test_a_reader_sees_the_summary_but_cannot_decide(page, sign_in):
    editor = UserFactory(roles=(Role.EDITOR,))
    article = ArticleFactory(text=FIRST, uploaded_by=editor)
    claim_on(article, "cargo volumes rose by 12 percent")
    article_revision_create(user=editor, article=article, content=ArticleContent(CORRECTED, "text"))
    sign_in(UserFactory())

    page.goto(f"/articles/{article.pk}/revisions/2/corrections/")

    expect(page.locator(".correction-counts__item--changed dd")).to_have_text("1")
    expect(page.get_by_role("button", name="Confirm the new span")).to_have_count(0)
    expect(page.get_by_text("Waiting for an editor to decide.")).to_be_visible()
