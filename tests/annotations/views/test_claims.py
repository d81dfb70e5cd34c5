import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Claim
from annotations.roles import Role
from tests.factories import (
    ArticleRevisionFactory,
    ClaimFactory,
    TagFactory,
    UserFactory,
    article_with_text,
    many_claims,
    markdown_article,
)
from tests.htmx_oob import apply_oob

pytestmark = pytest.mark.django_db

TEXT = (
    "The ferry carried 1.2 million passengers in 2024 🚢, a record.\n\n"
    "Fares rose <by 5%> & more\nin the winter timetable."
)
HTMX = {"HX-Request": "true"}


@pytest.fixture
def article():
    return article_with_text(TEXT, title="Ferry <record> year")


def page(client, article, **params):
    return client.get(reverse("article-detail", args=[article.pk]), params)


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def span(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


# The article page ---------------------------------------------------------------------------


def test_the_article_page_shows_title_and_metadata_escaped(reader_client, article):
    response = page(reader_client, article)
    assert response.status_code == 200
    assert b"<h1>Ferry &lt;record&gt; year</h1>" in response.content
    assert b"Coastal Ledger" in response.content


def test_an_http_url_is_a_link_that_passes_no_referrer_and_no_ranking(reader_client, article):
    link = soup_of(page(reader_client, article)).find("a", href=article.url)
    assert link["rel"] == ["noopener", "noreferrer", "nofollow"]


def test_a_url_that_is_not_http_is_not_a_link(reader_client):
    article = article_with_text(TEXT, url="javascript:alert(1)")
    response = page(reader_client, article)
    assert b'href="javascript:' not in response.content


def test_the_article_text_is_escaped_and_keeps_its_line_breaks(reader_client, article):
    paragraphs = soup_of(page(reader_client, article)).select("#article-text p")
    assert paragraphs[1].get_text() == "Fares rose <by 5%> & more\nin the winter timetable."
    assert (
        b"Fares rose &lt;by 5%&gt; &amp; more\nin the winter"
        in page(reader_client, article).content
    )


def test_headings_are_rendered_as_headings_below_the_page_title(reader_client):
    article = markdown_article("# Budget\n\nThe plan.\n\n## Details\n\nMore.")
    text = soup_of(page(reader_client, article)).select_one("#article-text")
    assert [element.name for element in text.children] == ["h2", "p", "h3", "p"]


def test_every_offset_element_holds_the_canonical_text_from_its_offset(reader_client, article):
    ClaimFactory(article=article, start=4, end=30)
    ClaimFactory(article=article, start=20, end=80)
    text = soup_of(page(reader_client, article)).select_one("#article-text")
    for element in text.select("[data-offset]"):
        offset = int(element["data-offset"])
        content = element.get_text()
        assert TEXT[offset : offset + len(content)] == content


def test_overlapping_claims_show_every_claim_on_the_shared_text(reader_client, article):
    first = ClaimFactory(article=article, start=span("ferry carried")[0], end=span("carried")[1])
    second = ClaimFactory(article=article, start=span("carried 1.2")[0], end=span("1.2")[1])
    marks = soup_of(page(reader_client, article)).select("#article-text mark")
    assert [(mark.get_text(), mark["data-claims"]) for mark in marks] == [
        ("ferry ", f"{first.pk}"),
        ("carried", f"{first.pk} {second.pk}"),
        (" 1.2", f"{second.pk}"),
    ]
    assert "hl--depth-2" in marks[1]["class"]


def test_a_highlight_is_styled_by_its_claims_status(reader_client, article):
    ClaimFactory(article=article, start=0, end=9, status="submitted")
    mark = soup_of(page(reader_client, article)).select_one("#article-text mark")
    assert "hl--submitted" in mark["class"]


def test_the_claim_list_shows_status_tags_and_citation_count(reader_client, article):
    ClaimFactory(
        article=article, start=0, end=9, text="Ferry claim", tags=[TagFactory(name="transport")]
    )
    item = soup_of(page(reader_client, article)).select_one("#claim-list li")
    assert "Ferry claim" in item.get_text()
    assert "Draft" in item.select_one(".status").get_text()
    assert "transport" in item.get_text()
    assert "0 citations" in item.get_text()


def test_an_editor_gets_the_claim_panel_and_a_reader_does_not(
    editor_client, reader_client, article
):
    assert soup_of(page(editor_client, article)).select_one("#claim-dialog form")
    assert not soup_of(page(reader_client, article)).select_one("#claim-dialog")


def test_an_older_revision_is_read_only_and_says_a_newer_one_exists(editor_client, article):
    article.current_revision = ArticleRevisionFactory(article=article, text=TEXT + " Updated.")
    article.save()
    response = page(editor_client, article, revision=1)
    assert b"a newer revision, 2, exists" in response.content
    assert not soup_of(response).select_one("#claim-dialog")


def test_an_unknown_revision_is_a_404(reader_client, article):
    assert page(reader_client, article, revision=7).status_code == 404


def test_the_page_takes_the_same_queries_with_1_or_1000_claims(
    editor_client, django_assert_num_queries
):
    text = " ".join(f"Sentence number {n} states a figure." for n in range(300))
    tags = [TagFactory(name="one"), TagFactory(name="two", is_controlled=True)]
    with_one = article_with_text(text)
    with_thousand = article_with_text(text)
    many_claims(with_one, 1, tags=tags)
    many_claims(with_thousand, 1000, tags=tags)
    page(editor_client, with_one)  # the session and roles are cached from here on
    with CaptureQueriesContext(connection) as one_claim:
        page(editor_client, with_one)
    with django_assert_num_queries(len(one_claim.captured_queries)):
        response = page(editor_client, with_thousand)
    assert len(soup_of(response).select("#claim-list li")) == 1000


# Creating through htmx ----------------------------------------------------------------------


def create(client, article, start, end, exact, **fields):
    data = {"start": start, "end": end, "exact": exact, "text": "", "note": "", **fields}
    return client.post(reverse("claim-create", args=[article.pk]), data, headers=HTMX)


def test_saving_a_claim_returns_the_reader_with_the_new_highlight(editor_client, article):
    start, end = span("a record")
    response = create(editor_client, article, start, end, "a record", free_tags="ferries, Records")
    claim = Claim.objects.get()
    assert (claim.start, claim.end, claim.exact) == (start, end, "a record")
    assert sorted(tag.name for tag in claim.tags.all()) == ["Records", "ferries"]
    mark = soup_of(response).select_one(f'mark[data-claims="{claim.pk}"]')
    assert mark.get_text() == "a record"
    assert response["HX-Trigger-After-Settle"] == f'{{"claim-saved": {{"id": {claim.pk}}}}}'
    assert b"<html" not in response.content


# What the answer to saving a claim swaps in (issue 18, point 5) ------------------------------

PARAGRAPHS = "\n\n".join(
    " ".join(f"Paragraph {p} sentence {n} states a figure." for n in range(8)) for p in range(40)
)


def busy_article(claims: int):
    """An article of 40 paragraphs whose first `claims` overlapping claims (12 characters
    each, 7 apart) run over the first paragraphs."""
    article = article_with_text(PARAGRAPHS)
    many_claims(article, claims)
    return article


def phrase(text: str) -> tuple[int, int, str]:
    start = PARAGRAPHS.index(text)
    return start, start + len(text), text


def regions(soup: BeautifulSoup) -> dict[str, object]:
    """What saving a claim may change on the article page, as markup to compare."""
    return {
        "text": str(soup.select_one("#article-text")),
        "rows": [str(row) for row in soup.select("#claim-list > li")],
        "count": soup.select_one("#claims-count").get_text(),
        "hint": str(soup.select_one("#annotate-hint")),
        "empty": soup.select_one("#claims-empty") is not None,
    }


@pytest.mark.parametrize(
    ("claims", "quote"),
    [
        pytest.param(0, "Paragraph 2 sentence 3 states", id="the first claim of the article"),
        pytest.param(300, "Paragraph 1 sentence 5 states a", id="among overlapping claims"),
        pytest.param(
            300, "figure.\n\nParagraph 2 sentence 0", id="across two overlapping paragraphs"
        ),
        pytest.param(300, "Paragraph 39 sentence 7", id="after every other claim"),
        pytest.param(300, "Paragraph 0 sentence 0", id="before every other claim"),
    ],
)
def test_the_page_with_the_answer_swapped_in_is_the_page_rendered_afresh(
    editor_client, claims, quote
):
    article = busy_article(claims)
    before = page(editor_client, article).content.decode()
    answer = create(editor_client, article, *phrase(quote), text="A restated claim")
    assert answer.status_code == 200
    swapped = apply_oob(before, answer.content.decode())
    afresh = soup_of(page(editor_client, article))
    assert regions(swapped) == regions(afresh)
    assert regions(afresh)["count"] == str(claims + 1)


def test_the_answer_holds_only_the_blocks_the_span_touches_and_the_new_row(editor_client):
    article = busy_article(300)
    answer = soup_of(create(editor_client, article, *phrase("Paragraph 1 sentence 5"), text="x"))
    claim = Claim.objects.get(text="x")
    [block] = answer.select("[hx-swap-oob][data-offset]")
    assert block["data-offset"] == str(PARAGRAPHS.index("Paragraph 1 sentence 0"))
    paragraph_end = PARAGRAPHS.index("\n\nParagraph 2")
    on_block = Claim.objects.filter(
        article=article, start__lt=paragraph_end, end__gt=int(block["data-offset"])
    )
    shown = {int(pk) for mark in answer.select("mark") for pk in mark["data-claims"].split()}
    assert shown == set(on_block.values_list("pk", flat=True))
    assert [row["id"] for row in answer.select("li.claim-item")] == [f"claim-{claim.pk}"]


def test_saving_a_claim_takes_the_same_queries_with_1_or_1000_claims(
    editor_client, django_assert_num_queries
):
    with_one, with_thousand = busy_article(1), busy_article(1000)
    quote = phrase("Paragraph 3 sentence 2 states")
    create(editor_client, busy_article(0), *quote)  # the session and roles are cached from here on
    with CaptureQueriesContext(connection) as one_claim:
        create(editor_client, with_one, *quote)
    with django_assert_num_queries(len(one_claim.captured_queries)):
        response = create(editor_client, with_thousand, *quote)
    assert response.status_code == 200
    assert Claim.objects.filter(article=with_thousand).count() == 1001


def test_controlled_tags_are_chosen_by_checkbox(editor_client, article):
    TagFactory(name="Statistic", is_controlled=True)
    create(editor_client, article, *span("1.2"), "1.2", controlled_tags=["Statistic"])
    assert [tag.name for tag in Claim.objects.get().tags.all()] == ["Statistic"]


def test_offsets_count_code_points_after_an_emoji(editor_client, article):
    start, end = span("a record")
    assert TEXT[start - 3 : start] == "🚢, "
    assert create(editor_client, article, start, end, "a record").status_code == 200


def test_a_quote_that_does_not_match_the_span_is_a_400_shown_in_the_panel(editor_client, article):
    start, end = span("a record")
    response = create(editor_client, article, start, end, "a recorx")
    assert response.status_code == 400
    assert "the quote does not match the text" in response.content.decode()
    assert response["HX-Retarget"] == "#claim-form-errors"
    assert not Claim.objects.exists()


def test_a_missing_span_asks_to_select_text_first(editor_client, article):
    response = editor_client.post(reverse("claim-create", args=[article.pk]), {}, headers=HTMX)
    assert response.status_code == 400
    assert b"Select the text of the claim" in response.content


def test_a_reader_may_not_save_a_claim(reader_client, article):
    response = create(reader_client, article, *span("a record"), "a record")
    assert response.status_code == 403
    assert not Claim.objects.exists()


def test_without_htmx_saving_redirects_to_the_claim_on_the_article(editor_client, article):
    data = {"start": span("1.2")[0], "end": span("1.2")[1], "exact": "1.2"}
    response = editor_client.post(reverse("claim-create", args=[article.pk]), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#claim-{Claim.objects.get().pk}")


# Tag suggestions ----------------------------------------------------------------------------


def test_tag_suggestions_complete_the_last_tag_typed_and_skip_those_already_given(editor_client):
    TagFactory(name="transport")
    TagFactory(name="tax")
    TagFactory(name="travel", is_controlled=True)
    response = editor_client.get(reverse("tag-suggestions"), {"free_tags": "tax, t"})
    names = [b["data-tag"] for b in soup_of(response).select("button[data-tag]")]
    assert names == ["travel", "transport"]


# The claim page -----------------------------------------------------------------------------


@pytest.fixture
def claim(article, editor):
    return ClaimFactory(
        article=article,
        start=span("a record")[0],
        end=span("a record")[1],
        text="It was a record year.",
        note="Compare with 2019.",
        created_by=editor,
        tags=[TagFactory(name="ferries")],
    )


def claim_page(client, claim):
    return client.get(reverse("claim-detail", args=[claim.pk]))


def test_the_claim_page_shows_the_claim_its_quote_in_context_and_facts(reader_client, claim):
    response = claim_page(reader_client, claim)
    soup = soup_of(response)
    assert soup.select_one("h1").get_text() == "It was a record year."
    quote = soup.select_one(".quote-context__text").get_text()
    # The stored context is cut anywhere; the page shows whole words of the quote's paragraph.
    assert quote == "…million passengers in 2024 🚢, a record."
    facts = soup.select_one(".claim-facts").get_text()
    assert "ferries" in facts and "Compare with 2019." in facts and "Draft" in facts


def test_an_editor_sees_edit_controls_on_a_draft(editor_client, claim):
    soup = soup_of(claim_page(editor_client, claim))
    assert soup.find("a", href=reverse("claim-edit", args=[claim.pk]))
    assert soup.find("a", href=reverse("claim-delete", args=[claim.pk]))
    assert soup.find("a", string="Change span")


def test_a_reviewer_sees_no_edit_controls(reviewer_client, claim):
    soup = soup_of(claim_page(reviewer_client, claim))
    assert not soup.find("a", href=reverse("claim-edit", args=[claim.pk]))


def test_a_submitted_claim_has_no_edit_controls(editor_client, claim):
    Claim.objects.filter(pk=claim.pk).update(status="submitted")
    soup = soup_of(claim_page(editor_client, claim))
    assert not soup.find("a", href=reverse("claim-edit", args=[claim.pk]))


def test_an_unknown_claim_is_a_404(reader_client):
    assert reader_client.get(reverse("claim-detail", args=[999_999])).status_code == 404


# Editing and deleting -----------------------------------------------------------------------


def test_an_editor_edits_a_claims_text_tags_and_note(editor_client, claim):
    data = {"text": "Record year.", "free_tags": "ferries, records", "note": "", "version": 1}
    response = editor_client.post(reverse("claim-edit", args=[claim.pk]), data)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.text, claim.note, claim.version) == ("Record year.", "", 2)
    assert sorted(tag.name for tag in claim.tags.all()) == ["ferries", "records"]


def test_the_edit_form_starts_from_the_claim(editor_client, claim):
    soup = soup_of(editor_client.get(reverse("claim-edit", args=[claim.pk])))
    assert soup.select_one("textarea[name=text]").get_text().strip() == "It was a record year."
    assert soup.select_one("input[name=free_tags]")["value"] == "ferries"


def test_a_reviewer_may_not_open_the_edit_form(reviewer_client, claim):
    assert reviewer_client.get(reverse("claim-edit", args=[claim.pk])).status_code == 403


def test_editing_a_submitted_claim_is_a_409_with_the_reason(editor_client, claim):
    Claim.objects.filter(pk=claim.pk).update(status="submitted")
    response = editor_client.post(reverse("claim-edit", args=[claim.pk]), {"text": "x"})
    assert response.status_code == 409
    assert b"only be changed or deleted while it is" in response.content


def test_editing_from_a_stale_form_is_a_412(editor_client, claim):
    Claim.objects.filter(pk=claim.pk).update(version=2)
    response = editor_client.post(
        reverse("claim-edit", args=[claim.pk]), {"text": "x", "version": 1}
    )
    assert response.status_code == 412


def test_an_editor_deletes_a_draft_and_returns_to_the_article(editor_client, claim):
    response = editor_client.post(reverse("claim-delete", args=[claim.pk]), {"version": 1})
    assert response["Location"] == reverse("article-detail", args=[claim.article_id])
    assert not Claim.objects.exists()


def test_a_reviewer_may_not_delete_a_claim(reviewer_client, claim):
    assert reviewer_client.post(reverse("claim-delete", args=[claim.pk])).status_code == 403
    assert Claim.objects.exists()


# Changing the span --------------------------------------------------------------------------


def test_the_article_opens_in_re_anchor_mode_for_an_editable_claim(editor_client, claim):
    soup = soup_of(page(editor_client, claim.article, reanchor=claim.pk))
    form = soup.select_one("#claim-dialog form")
    assert form["action"] == reverse("claim-span", args=[claim.pk])
    assert "Changing the span of claim" in soup.select_one(".notice--reanchor").get_text()


def test_re_anchor_mode_is_refused_for_a_submitted_claim(editor_client, claim):
    Claim.objects.filter(pk=claim.pk).update(status="submitted")
    response = page(editor_client, claim.article, reanchor=claim.pk)
    assert not soup_of(response).select_one(".notice--reanchor")
    assert b"can only be changed or deleted" in response.content


def test_saving_a_new_span_moves_the_claim(editor_client, claim):
    start, end = span("1.2 million passengers")
    data = {"start": start, "end": end, "exact": "1.2 million passengers", "version": 1}
    response = editor_client.post(reverse("claim-span", args=[claim.pk]), data, headers=HTMX)
    assert response["HX-Redirect"] == reverse("claim-detail", args=[claim.pk])
    claim.refresh_from_db()
    assert (claim.exact, claim.text, claim.version) == (
        "1.2 million passengers",
        "It was a record year.",
        2,
    )


def test_re_anchor_mode_is_refused_for_a_claim_on_an_older_revision(editor_client, claim):
    newer = ArticleRevisionFactory(article=claim.article, text=TEXT + " Corrected.")
    claim.article.current_revision = newer
    claim.article.save(update_fields=["current_revision"])
    response = page(editor_client, claim.article, reanchor=claim.pk)
    assert not soup_of(response).select_one(".notice--reanchor")
    assert b"on an older revision of the article; its span cannot be moved" in response.content


def test_posting_a_new_span_for_a_claim_on_an_older_revision_is_refused(editor_client, claim):
    newer = ArticleRevisionFactory(article=claim.article, text=TEXT + " Corrected.")
    claim.article.current_revision = newer
    claim.article.save(update_fields=["current_revision"])
    start, end = span("1.2 million passengers")
    data = {"start": start, "end": end, "exact": "1.2 million passengers", "version": 1}
    response = editor_client.post(reverse("claim-span", args=[claim.pk]), data, headers=HTMX)
    assert response.status_code == 409
    claim.refresh_from_db()
    assert (claim.exact, claim.version) == ("a record", 1)


def test_a_new_span_is_checked_like_a_new_claim(editor_client, claim):
    data = {"start": 0, "end": 10_000, "exact": "x", "version": 1}
    response = editor_client.post(reverse("claim-span", args=[claim.pk]), data, headers=HTMX)
    assert response.status_code == 400
    assert b"beyond the end of the text" in response.content


def test_a_desk_editor_who_also_reviews_may_edit(claim):
    desk = UserFactory(roles=(Role.EDITOR, Role.REVIEWER))
    client = Client()
    client.force_login(desk)
    assert client.get(reverse("claim-edit", args=[claim.pk])).status_code == 200
