import re

from playwright.sync_api import expect

from annotations.models import Article


def test_editor_pastes_an_article_and_finds_it_in_the_list(page, sign_in, editor):
    sign_in(editor)
    page.goto("/articles/new/")
    page.get_by_label("Or paste the text").fill(
        "# Night buses return\n\nThe N4 and N7 night buses run again from Friday, the operator "
        "said, after a six-month pause blamed on a shortage of drivers."
    )
    page.get_by_label("Publisher").fill("Millbrook Courier")
    page.get_by_role("button", name="Upload article").click()

    page.wait_for_url(re.compile(r"/articles/\d+/$"))
    assert page.url.endswith(f"/articles/{Article.objects.get().pk}/")

    page.goto("/articles/")
    page.get_by_label("Search title and text").fill("drivers")
    results = page.locator("#article-results")
    expect(page).to_have_url(re.compile(r"[?&]q=drivers"))
    expect(results.get_by_role("link", name="Night buses return", exact=True)).to_be_visible()
    expect(results.locator("mark")).to_have_text("drivers")
