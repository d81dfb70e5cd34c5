"""The article list: full-text search, snippets, filters, sorting, pagination, query count."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.selectors import articles as selectors
from annotations.selectors.articles import (
    HIGHLIGHT_START,
    HIGHLIGHT_STOP,
    ArticleFilters,
    ArticleSort,
    article_list,
)
from annotations.services.articles import ArticleContent, article_upload
from annotations.views.articles import ARTICLES_PER_PAGE, highlighted_snippet
from tests.factories import (
    ClaimFactory,
    PasswordlessUserFactory,
    VerifiedClaimFactory,
    distinct_article,
    indexed_article,
)

pytestmark = pytest.mark.django_db

LIST = reverse("article-list")


def titles(response) -> list[str]:
    return [article.title for article in response.context["page"]]


# --- Search ---------------------------------------------------------------------------------


def test_search_finds_articles_by_their_text(reader_client):
    indexed_article(title="Harbour", text="Cargo volumes rose at the deep-water berth.")
    indexed_article(title="Library", text="Visitor numbers climbed after refurbishment.")
    response = reader_client.get(LIST, {"q": "visitors"})
    assert titles(response) == ["Library"]


def test_a_match_in_the_title_ranks_above_a_match_in_the_text(reader_client):
    indexed_article(title="Budget news", text="The reservoir plan was mentioned in passing.")
    indexed_article(title="Reservoir plan approved", text="Councillors voted on Tuesday.")
    response = reader_client.get(LIST, {"q": "reservoir"})
    assert titles(response) == ["Reservoir plan approved", "Budget news"]


def test_websearch_syntax_excludes_words(reader_client):
    indexed_article(title="Bus lane", text="Buses and parking on Northgate Road.")
    indexed_article(title="Car park", text="Parking at the new Fenwick Street car park.")
    response = reader_client.get(LIST, {"q": "parking -buses"})
    assert titles(response) == ["Car park"]


def test_snippet_highlights_the_matched_words(reader_client):
    indexed_article(text="The ferry timetable doubles in May, the harbour master said.")
    response = reader_client.get(LIST, {"q": "timetable"})
    assert "<mark>timetable</mark>" in response.content.decode()


def test_snippet_escapes_the_article_text_around_the_highlight(reader_client):
    indexed_article(text="Fees & charges < 10 percent, <script>alert(1)</script> said the mayor.")
    html = reader_client.get(LIST, {"q": "mayor"}).content.decode()
    assert "Fees &amp; charges &lt; 10 percent" in html
    assert "<mark>mayor</mark>" in html
    assert "<script>alert(1)" not in html


def test_highlighted_snippet_allows_only_its_own_mark_elements():
    headline = (
        f"a <img src=x onerror=alert(1)> {HIGHLIGHT_START}<i>hit</i>{HIGHLIGHT_STOP} "
        f"stray {HIGHLIGHT_START}start"
    )
    assert highlighted_snippet(headline) == (
        "a &lt;img src=x onerror=alert(1)&gt; <mark>&lt;i&gt;hit&lt;/i&gt;</mark> stray start"
    )


def test_hostile_html_article_never_reaches_the_list_page_as_markup(editor, reader_client):
    article_upload(
        user=editor,
        content=ArticleContent(
            '<title>Vote <script>alert("t")</script></title><p onclick="alert(1)">Council '
            'vote <img src=x onerror="alert(2)"> <a href="javascript:alert(3)">tonight</a>'
            '</p><iframe src="https://evil.example"></iframe><style>p{}</style>',
            "html",
        ),
    )
    for params in ({}, {"q": "council"}):
        html = reader_client.get(LIST, params).content.decode()
        main = html[html.index('id="main"') :]
        assert "<script>alert" not in main
        assert "onerror" not in main and "onclick" not in main
        assert "javascript:" not in main and "<iframe" not in main
        assert "Vote &lt;script&gt;" in main


def test_search_for_only_stop_words_returns_nothing_without_error(reader_client):
    indexed_article(title="Anything")
    response = reader_client.get(LIST, {"q": "the and"})
    assert response.status_code == 200
    assert titles(response) == []


# --- Filters and sorting --------------------------------------------------------------------


def test_filters_by_publisher(reader_client):
    distinct_article(title="From the Ledger", publisher="Coastal Ledger")
    distinct_article(title="From the Post", publisher="Vale Post")
    response = reader_client.get(LIST, {"publisher": "Vale Post"})
    assert titles(response) == ["From the Post"]


def test_filters_by_published_date_range(reader_client):
    distinct_article(title="March", published_on=date(2025, 3, 10))
    distinct_article(title="May", published_on=date(2025, 5, 10))
    distinct_article(title="July", published_on=date(2025, 7, 10))
    distinct_article(title="Undated", published_on=None)
    response = reader_client.get(
        LIST, {"published_from": "2025-04-01", "published_to": "2025-07-10"}
    )
    assert titles(response) == ["July", "May"]


def test_filters_by_uploader(reader_client):
    someone = PasswordlessUserFactory(username="uploader_one")
    distinct_article(title="Mine", uploaded_by=someone)
    distinct_article(title="Theirs")
    response = reader_client.get(LIST, {"uploader": "uploader_one"})
    assert titles(response) == ["Mine"]


def test_an_unknown_filter_value_is_ignored(reader_client):
    distinct_article(title="Any")
    response = reader_client.get(LIST, {"publisher": "Nobody", "published_from": "not-a-date"})
    assert response.status_code == 200
    assert titles(response) == ["Any"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["Bravo", "Charlie", "Alpha"]),
        ("oldest", ["Alpha", "Charlie", "Bravo"]),
        ("title", ["Alpha", "Bravo", "Charlie"]),
        ("published", ["Charlie", "Alpha", "Bravo"]),
    ],
)
def test_sorts(reader_client, sort, expected):
    distinct_article(title="Alpha", published_on=date(2024, 1, 1))
    distinct_article(title="Charlie", published_on=date(2025, 1, 1))
    distinct_article(title="Bravo", published_on=None)
    assert titles(reader_client.get(LIST, {"sort": sort})) == expected


def test_relevance_is_the_default_order_when_searching_and_newest_otherwise():
    assert ArticleFilters(query="port").effective_sort is ArticleSort.RELEVANCE
    assert ArticleFilters().effective_sort is ArticleSort.NEWEST
    assert ArticleFilters(sort=ArticleSort.RELEVANCE).effective_sort is ArticleSort.NEWEST


# --- Claims, pagination, query count --------------------------------------------------------


def test_each_article_shows_its_claim_counts():
    article = distinct_article()
    ClaimFactory(article=article, created_by=article.uploaded_by)
    ClaimFactory(article=article, start=20, end=40, created_by=article.uploaded_by)
    VerifiedClaimFactory(article=article, start=40, end=60)
    distinct_article()
    counts = [
        (a.claim_count, a.verified_claim_count) for a in article_list(filters=ArticleFilters())
    ]
    assert counts == [(0, 0), (3, 1)]


def test_list_paginates(reader_client):
    author = PasswordlessUserFactory()
    for number in range(ARTICLES_PER_PAGE + 3):
        distinct_article(title=f"Article {number:02d}", uploaded_by=author)
    first = reader_client.get(LIST, {"sort": "title"})
    second = reader_client.get(LIST, {"sort": "title", "page": 2})
    assert len(titles(first)) == ARTICLES_PER_PAGE
    assert titles(second) == [f"Article {n:02d}" for n in range(ARTICLES_PER_PAGE, 23)]
    assert b'rel="next"' in first.content and b"page=2" in first.content


def _add_articles(count: int, author) -> None:
    for number in range(count):
        article = indexed_article(uploaded_by=author, publisher=f"Publisher {number % 3}")
        ClaimFactory(article=article, created_by=author)


def _queries(client, params: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("params", [{}, {"q": "harbour"}], ids=["browsing", "searching"])
def test_list_page_takes_the_same_queries_whatever_the_number_of_articles(
    params, admin_client_role, unthrottled, django_assert_max_num_queries
):
    author = PasswordlessUserFactory()
    _add_articles(10, author)
    queries_for_ten = _queries(admin_client_role, params)
    _add_articles(30, author)
    with django_assert_max_num_queries(queries_for_ten):
        assert admin_client_role.get(LIST, params).status_code == 200
    # Session, user, roles, filter choices, count and page, plus what the base page needs.
    assert queries_for_ten <= 10


# --- htmx, empty states ---------------------------------------------------------------------


def test_htmx_request_gets_only_the_results(reader_client):
    distinct_article(title="Partial")
    response = reader_client.get(LIST, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Partial" in html
    assert "<html" not in html and 'role="search"' not in html


def test_filter_form_works_without_javascript(reader_client):
    html = reader_client.get(LIST).content.decode()
    assert f'method="get" action="{LIST}"' in html
    assert f'hx-get="{LIST}"' in html and 'hx-push-url="true"' in html


def test_empty_list_invites_uploaders_to_upload(editor_client):
    html = editor_client.get(LIST).content.decode()
    assert "No articles yet" in html
    assert f'href="{reverse("article-upload")}"' in html


def test_empty_list_offers_readers_no_upload_button(reader_client):
    html = reader_client.get(LIST).content.decode()
    assert "No articles yet" in html
    assert reverse("article-upload") not in html


def test_no_match_offers_to_clear_the_filters(reader_client):
    indexed_article(title="Harbour")
    html = reader_client.get(LIST, {"q": "volcano"}).content.decode()
    assert "No articles match" in html


def test_only_admins_see_delete_links(editor_client, admin_client_role):
    article = distinct_article()
    delete_url = reverse("article-delete", args=[article.pk])
    assert delete_url not in editor_client.get(LIST).content.decode()
    assert delete_url in admin_client_role.get(LIST).content.decode()


# --- Relevance ranks the newest matches -----------------------------------------------------


@pytest.fixture
def three_ranked_matches(monkeypatch):
    monkeypatch.setattr(selectors, "RANKED_MATCHES_MAX", 3)


def _ferry_notices(count: int) -> None:
    for number in range(count):
        indexed_article(title=f"Notice {number}", text=f"The ferry is late ({number}).")


def test_when_more_match_than_are_ranked_the_page_says_so(reader_client, three_ranked_matches):
    _ferry_notices(4)
    html = reader_client.get(LIST, {"q": "ferry"}).content.decode()
    assert "More than 3 articles matching “ferry”" in html
    assert "Best match ranks the 3 newest uploads among them." in html
    assert "sort by upload date to list every match" in html

    newest = reader_client.get(LIST, {"q": "ferry", "sort": "newest"})
    assert "4 articles matching “ferry”" in newest.content.decode()
    assert "Best match ranks" not in newest.content.decode()
    assert len(titles(newest)) == 4


def test_when_all_matches_are_ranked_the_count_is_exact(reader_client, three_ranked_matches):
    _ferry_notices(3)
    html = reader_client.get(LIST, {"q": "ferry"}).content.decode()
    assert "3 articles matching “ferry”" in html
    assert "More than" not in html and "Best match ranks" not in html


def test_ranked_results_paginate(reader_client):
    author = PasswordlessUserFactory()
    for number in range(ARTICLES_PER_PAGE + 3):
        indexed_article(
            title=f"Ferry notice {number:02d}", text=f"Late ({number}).", uploaded_by=author
        )
    first = reader_client.get(LIST, {"q": "ferry"})
    second = reader_client.get(LIST, {"q": "ferry", "page": 2})
    assert len(titles(first)) == ARTICLES_PER_PAGE
    # Equal ranks, newest first.
    assert titles(second) == [f"Ferry notice {n:02d}" for n in range(2, -1, -1)]
    assert "page 2 of 2" in second.content.decode()
