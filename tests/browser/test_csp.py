"""The strict Content-Security-Policy holds on every main page in a real browser: nothing the
pages themselves do is blocked, htmx loads, and htmx interactions work under it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from annotations.roles import Role
from annotations.services.articles import article_search_vector_refresh
from tests.factories import ArticleFactory, CitationFactory, ClaimFactory, UserFactory
from tests.security.browser_watch import BrowserWatch

SEARCHED_TITLE = "Lighthouse keepers return to the headland"


def test_main_pages_load_under_the_policy_with_htmx(page, sign_in):
    desk = UserFactory(roles=(Role.EDITOR, Role.REVIEWER, Role.ADMIN))
    article = ArticleFactory(uploaded_by=desk)
    claim = ClaimFactory(article=article)
    citation = CitationFactory(claim=claim)
    watch = BrowserWatch(page)
    sign_in(desk)

    htmx_pages = [
        "/",
        "/articles/",
        f"/articles/{article.pk}/",
        "/articles/new/",
        f"/claims/{claim.pk}/",
        "/review/",
        "/review/dashboard/",
        "/sources/",
        f"/sources/{citation.source_id}/",
    ]
    for path in htmx_pages:
        watch.visit(path)
        if not page.evaluate("() => typeof window.htmx === 'object'"):
            watch.problems.append(f"{path}: htmx did not load")
    watch.visit("/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Corroborate API")
    watch.note("/api/v1/docs/ rendered")
    watch.assert_clean()


def test_the_article_search_updates_the_results_through_htmx_under_the_policy(page, sign_in):
    reader = UserFactory()
    for title, text in [
        (SEARCHED_TITLE, "The keepers walked up to the lamp room at dusk."),
        ("Harbour dues rise for small boats", "Owners of small boats pay more in June."),
    ]:
        article_search_vector_refresh(article=ArticleFactory(title=title, text=text))
    watch = BrowserWatch(page)
    sign_in(reader)
    watch.visit("/articles/")
    results = page.locator("#article-results")
    expect(results.get_by_role("link", name=SEARCHED_TITLE)).to_be_visible()

    with page.expect_request(re.compile(r"/articles/\?.*q=harbour")) as search:
        page.get_by_label("Search title and text").fill("harbour")
    assert search.value.headers.get("hx-request") == "true"
    expect(page).to_have_url(re.compile(r"[?&]q=harbour"))
    expect(results.get_by_role("link", name=SEARCHED_TITLE)).to_have_count(0)
    expect(results.get_by_role("link", name="Harbour dues rise for small boats")).to_be_visible()
    watch.note("after the search")
    watch.assert_clean()
