"""Annotating in a real browser: select with the mouse, claim, see the highlight, move with j/k."""

import re

import pytest
from playwright.sync_api import expect

from annotations.models import Claim
from tests.factories import ClaimFactory, article_with_text

TEXT = (
    "The tram line carried 41 million riders in 2025, the transport authority said.\n\n"
    "Ticket sales 🚋🎫 rose by a fifth after the fare cap came in during March."
)

# The viewport rectangles of the first and last characters of `phrase` in the article text,
# which highlights may have split across several text nodes.
PHRASE_EDGES = """(phrase) => {
  const container = document.getElementById("article-text");
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = "";
  while (walker.nextNode()) {
    nodes.push([walker.currentNode, text.length]);
    text += walker.currentNode.data;
  }
  const index = text.indexOf(phrase);
  if (index === -1) return null;
  const charRect = (at) => {
    const [node, base] = nodes.filter(([, base]) => base <= at).pop();
    const range = document.createRange();
    range.setStart(node, at - base);
    range.setEnd(node, at - base + 1);
    return range.getBoundingClientRect();
  };
  const first = charRect(index);
  const last = charRect(index + phrase.length - 1);
  return {x1: first.left + 1, y1: first.top + first.height / 2,
          x2: last.right - 1, y2: last.top + last.height / 2};
}"""


@pytest.fixture
def article():
    return article_with_text(TEXT, title="Tram ridership")


def open_article(page, sign_in, user, article):
    sign_in(user)
    page.goto(f"/articles/{article.pk}/")
    expect(page.locator("#article-text")).to_be_visible()


def drag_select(page, phrase: str) -> None:
    edges = page.evaluate(PHRASE_EDGES, phrase)
    assert edges, f"{phrase!r} is not in the article"
    page.mouse.move(edges["x1"], edges["y1"])
    page.mouse.down()
    page.mouse.move(edges["x2"], edges["y2"], steps=8)
    page.mouse.up()


def claim_selection(page, text: str = "") -> None:
    page.keyboard.press("c")
    dialog = page.get_by_role("dialog", name="New claim")
    expect(dialog).to_be_visible()
    if text:
        dialog.get_by_role("textbox", name="Claim").fill(text)
    dialog.get_by_role("button", name="Save claim").click()
    expect(dialog).to_be_hidden()


def code_points(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def test_an_editor_selects_text_with_the_mouse_and_saves_a_claim(page, sign_in, editor, article):
    open_article(page, sign_in, editor, article)
    drag_select(page, "41 million riders")
    page.get_by_role("toolbar", name="Selected text").get_by_role("button", name="Claim").click()
    dialog = page.get_by_role("dialog", name="New claim")
    expect(dialog.locator("#claim-quote")).to_have_text("41 million riders")
    dialog.get_by_role("textbox", name="Claim").fill(
        "The tram line carried 41 million riders in 2025."
    )
    dialog.get_by_label("Other tags").fill("transport")
    dialog.get_by_role("button", name="Save claim").click()

    expect(page.locator("#article-text mark")).to_have_text("41 million riders")
    expect(page.locator("#claim-list")).to_contain_text("The tram line carried 41 million")
    claim = Claim.objects.get()
    assert (claim.start, claim.end) == code_points("41 million riders")
    assert [tag.name for tag in claim.tags.all()] == ["transport"]

    page.reload()
    expect(page.locator(f'#article-text mark[data-claims="{claim.pk}"]')).to_have_text(
        "41 million riders"
    )


def test_escape_closes_the_claim_panel_without_saving(page, sign_in, editor, article):
    open_article(page, sign_in, editor, article)
    drag_select(page, "transport authority")
    page.keyboard.press("c")
    expect(page.get_by_role("dialog", name="New claim")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="New claim")).to_be_hidden()
    assert not Claim.objects.exists()


def test_two_overlapping_claims_share_a_highlight(page, sign_in, editor, article):
    open_article(page, sign_in, editor, article)
    drag_select(page, "tram line carried")
    claim_selection(page)
    drag_select(page, "carried 41")
    claim_selection(page)

    first, second = Claim.objects.order_by("id")
    shared = page.locator(f'#article-text mark[data-claims="{first.pk} {second.pk}"]')
    expect(shared).to_have_text("carried")
    expect(shared).to_have_class(re.compile(r"\bhl--depth-2\b"))


def test_a_span_after_emoji_is_stored_in_code_points(page, sign_in, editor, article):
    open_article(page, sign_in, editor, article)
    drag_select(page, "rose by a fifth")
    claim_selection(page)
    claim = Claim.objects.get()
    assert (claim.start, claim.end, claim.exact) == (
        *code_points("rose by a fifth"),
        "rose by a fifth",
    )


def test_j_and_k_move_between_claims_in_document_order(page, sign_in, editor, article):
    later = ClaimFactory(
        article=article, start=code_points("Ticket sales")[0], end=code_points("Ticket sales")[1]
    )
    earlier = ClaimFactory(
        article=article, start=code_points("tram line")[0], end=code_points("tram line")[1]
    )
    open_article(page, sign_in, editor, article)

    page.keyboard.press("j")
    expect(page.locator(f'mark[data-claims="{earlier.pk}"]')).to_be_focused()
    expect(page.locator(f"#claim-{earlier.pk}")).to_have_attribute("aria-current", "true")
    page.keyboard.press("j")
    expect(page.locator(f'mark[data-claims="{later.pk}"]')).to_be_focused()
    page.keyboard.press("k")
    expect(page.locator(f'mark[data-claims="{earlier.pk}"]')).to_be_focused()
    expect(page.locator(f"#claim-{later.pk}")).not_to_have_attribute("aria-current", "true")


def test_clicking_a_highlight_lists_the_claims_covering_it(page, sign_in, reader, article):
    start, end = code_points("41 million")
    ClaimFactory(article=article, start=start, end=end, text="Ridership was 41 million.")
    open_article(page, sign_in, reader, article)
    page.locator("#article-text mark").click()
    popover = page.get_by_role("dialog", name="Claims on this passage")
    expect(popover.get_by_role("link", name="Ridership was 41 million.")).to_be_visible()
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()


def test_a_selection_extended_with_the_keyboard_can_be_claimed(page, sign_in, editor, article):
    open_article(page, sign_in, editor, article)
    edges = page.evaluate(PHRASE_EDGES, "41")
    page.mouse.dblclick(edges["x1"], edges["y1"])
    for _ in range(len(" million riders")):
        page.keyboard.press("Shift+ArrowRight")
    expect(page.get_by_role("toolbar", name="Selected text")).to_be_visible()
    claim_selection(page)
    assert Claim.objects.get().exact == "41 million riders"


def test_change_span_moves_a_claim_to_newly_selected_text(page, sign_in, editor, article):
    start, end = code_points("tram line")
    claim = ClaimFactory(article=article, start=start, end=end, created_by=editor)
    sign_in(editor)
    page.goto(f"/claims/{claim.pk}/")
    page.get_by_role("link", name="Change span").click()
    expect(page.get_by_text("Changing the span of claim")).to_be_visible()
    # The selection is read by annotate.js, which runs once the page has loaded.
    page.wait_for_load_state("load")
    drag_select(page, "fare cap")
    page.get_by_role("button", name="Move claim here").click()
    page.get_by_role("button", name="Save new span").click()
    page.wait_for_url(f"**/claims/{claim.pk}/")
    expect(page.locator(".quote-context mark")).to_have_text("fare cap")


def test_a_span_the_server_refuses_shows_the_reason_in_the_open_panel(
    page, sign_in, editor, article
):
    open_article(page, sign_in, editor, article)
    drag_select(page, "fare cap")
    page.keyboard.press("c")
    dialog = page.get_by_role("dialog", name="New claim")
    # As if the page and the stored text disagreed: the server checks every anchor.
    page.locator("#claim-form [name=exact]").evaluate("(input) => { input.value = 'fare cup'; }")
    dialog.get_by_role("button", name="Save claim").click()
    expect(dialog.get_by_role("alert")).to_contain_text("the quote does not match the text")
    expect(dialog).to_be_visible()
    assert not Claim.objects.exists()


# Saving answers with only what changed (issue 18, point 5): the page must end up as a reload
# would show it. The regions a save may change, read from the live page; what the page's own
# scripts add afterwards (the flash and focus on the new claim) is left out.
CHANGED_REGIONS = """() => {
  const clean = (selector) => {
    const element = document.querySelector(selector);
    if (!element) return null;
    const copy = element.cloneNode(true);
    copy.querySelectorAll("*").forEach((node) => {
      node.classList.remove("hl--active", "hl--flash");
      if (!node.classList.length) node.removeAttribute("class");
      node.removeAttribute("tabindex");
      node.removeAttribute("aria-current");
    });
    return copy.outerHTML;
  };
  return {
    text: clean("#article-text"),
    rows: Array.from(document.querySelectorAll("#claim-list > li"), (row) => row.id),
    list: clean("#claim-list"),
    count: document.getElementById("claims-count").textContent,
    hint: clean("#annotate-hint"),
    empty: document.getElementById("claims-empty") !== null,
  };
}"""


def changed_regions(page) -> dict:
    return page.evaluate(CHANGED_REGIONS)


def claim_with_status(article, phrase: str, status: str = "draft") -> Claim:
    start, end = code_points(phrase)
    return ClaimFactory(article=article, start=start, end=end, status=status, text=phrase)


def test_a_claim_saved_among_others_changes_the_page_as_a_reload_would(
    page, sign_in, editor, article
):
    earlier = claim_with_status(article, "tram line carried")
    submitted = claim_with_status(article, "41 million riders", "submitted")
    later = claim_with_status(article, "Ticket sales")
    open_article(page, sign_in, editor, article)
    expect(page.locator("#claims-count")).to_have_text("3")

    drag_select(page, "carried 41 million")
    claim_selection(page, "Trams carried 41 million.")
    new = Claim.objects.get(text="Trams carried 41 million.")
    shared = page.locator(f'#article-text mark[data-claims="{earlier.pk} {new.pk}"]')
    expect(shared).to_have_text("carried")
    expect(page.locator(f'#article-text mark[data-claims="{new.pk} {submitted.pk}"]')).to_have_text(
        "41 million"
    )
    expect(page.locator("#claims-count")).to_have_text("4")
    expect(page.locator(f"#claim-{new.pk}")).to_have_attribute("aria-current", "true")
    swapped = changed_regions(page)
    assert swapped["rows"] == [f"claim-{pk}" for pk in (earlier.pk, new.pk, submitted.pk, later.pk)]

    # The swapped-in text is read like the rest: a second claim, over both new highlights.
    drag_select(page, "line carried 41")
    claim_selection(page, "The line carried 41.")
    second = Claim.objects.get(text="The line carried 41.")
    expect(page.locator("#claims-count")).to_have_text("5")
    expect(page.locator(f"#claim-{second.pk}")).to_have_attribute("aria-current", "true")
    assert (second.start, second.end) == code_points("line carried 41")
    swapped = changed_regions(page)

    page.reload()
    expect(page.locator("#article-text")).to_be_visible()
    assert swapped == changed_regions(page)


def test_the_first_claim_turns_the_empty_panel_into_the_list(page, sign_in, editor, article):
    open_article(page, sign_in, editor, article)
    expect(page.locator("#claims-empty")).to_be_visible()
    expect(page.locator("#annotate-hint")).not_to_contain_text("move between claims")

    drag_select(page, "fare cap")
    claim_selection(page)
    expect(page.locator("#claim-list > li")).to_have_count(1)
    expect(page.locator("#annotate-hint")).to_contain_text("move between claims")
    swapped = changed_regions(page)
    assert not swapped["empty"]

    page.reload()
    expect(page.locator("#article-text")).to_be_visible()
    assert swapped == changed_regions(page)
