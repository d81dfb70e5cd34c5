"""Uploading an article: decoding, canonical text, metadata, refusals and duplicates."""

import codecs
import hashlib
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.contrib.postgres.search import SearchQuery
from django.urls import reverse

from annotations.models import Article, ArticleRevision
from annotations.services.articles import (
    ArticleContent,
    ArticleMetadata,
    DuplicateArticle,
    article_content_from_file,
    article_content_from_text,
    article_upload,
)
from project.errors import InvalidInput, NotAllowed, TooLarge
from tests.factories_articles import uploaded_file

pytestmark = pytest.mark.django_db

PARAGRAPHS = (
    "Die Fähre nach Nordstrand fährt ab Mai zweimal täglich, sagte der Hafenmeister.\n\n"
    "Im Vorjahr nutzten 48.000 Fahrgäste die Verbindung."
)


def upload_file(user, name: str, data: bytes, **metadata) -> Article:
    content = article_content_from_file(file=uploaded_file(name, data))
    return article_upload(user=user, content=content, metadata=ArticleMetadata(**metadata))


def stored_text(article: Article) -> str:
    article.refresh_from_db()
    return article.current_revision.text


# --- Encodings and characters ---------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        PARAGRAPHS.encode("utf-8"),
        codecs.BOM_UTF8 + PARAGRAPHS.encode("utf-8"),
        codecs.BOM_UTF16_LE + PARAGRAPHS.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + PARAGRAPHS.encode("utf-16-be"),
        PARAGRAPHS.encode("latin-1"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "latin-1"],
)
def test_text_file_in_any_common_encoding_is_stored_as_the_same_text(editor, data):
    article = upload_file(editor, "faehre.txt", data, title="Fähre")
    assert stored_text(article) == PARAGRAPHS


def test_windows_1251_cyrillic_file_is_decoded(editor):
    text = (
        "Городской совет утвердил бюджет на 2025 год в среду вечером.\n\n"
        "Расходы на ремонт дорог вырастут на двенадцать процентов."
    )
    article = upload_file(editor, "budget.txt", text.encode("windows-1251"))
    assert stored_text(article) == text


def test_crlf_line_endings_become_newlines(editor):
    article = upload_file(editor, "crlf.txt", b"First paragraph.\r\n\r\nSecond one\r\nwraps.\r\n")
    assert stored_text(article) == "First paragraph.\n\nSecond one\nwraps."


def test_emoji_and_astral_plane_characters_are_kept_and_counted_as_code_points(editor):
    text = "Turnout hit 61% 🎉 at the 𝔐𝔦𝔩𝔩 vote.\n\nThe 𠀋 sign was repainted."
    article = upload_file(editor, "astral.txt", text.encode("utf-8"))
    revision = Article.objects.get(pk=article.pk).current_revision
    assert revision.text == text
    second_block = revision.blocks[1]
    assert text[second_block["start"] : second_block["end"]] == "The 𠀋 sign was repainted."


def test_combining_marks_are_composed_to_nfc(editor):
    article = upload_file(editor, "nfc.txt", "Cafe\u0301 owners met the mayor.".encode())
    assert stored_text(article) == "Café owners met the mayor."


def test_revision_records_hash_format_filename_and_blocks(editor):
    article = upload_file(editor, "report.md", b"# Port report\n\nCargo rose 12 percent.")
    revision = Article.objects.get(pk=article.pk).current_revision
    assert revision.number == 1
    assert revision.source_format == "markdown"
    assert revision.original_filename == "report.md"
    assert revision.content_hash == hashlib.sha256(revision.text.encode()).hexdigest()
    assert revision.blocks == [
        {"kind": "heading", "start": 0, "end": 11, "level": 1},
        {"kind": "paragraph", "start": 13, "end": 35, "level": 0},
    ]


# --- Refusals -------------------------------------------------------------------------------


def test_empty_file_is_refused_and_nothing_is_stored(editor):
    with pytest.raises(InvalidInput, match="empty"):
        upload_file(editor, "empty.txt", b"")
    assert not Article.objects.exists()


def test_binary_file_is_refused_as_binary(editor):
    with pytest.raises(InvalidInput, match="binary"):
        upload_file(editor, "scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    assert not ArticleRevision.objects.exists()


def test_file_over_the_limit_is_refused_as_too_large(editor, settings):
    settings.ARTICLE_MAX_UPLOAD_BYTES = 100
    with pytest.raises(TooLarge, match="largest accepted is 100"):
        upload_file(editor, "long.txt", b"word " * 30)
    assert not Article.objects.exists()


def test_pasted_text_over_the_limit_is_refused_by_its_utf8_size(settings):
    settings.ARTICLE_MAX_UPLOAD_BYTES = 10
    with pytest.raises(TooLarge):
        article_content_from_text(text="ééééé é")  # 7 characters, 12 bytes


def test_unsupported_file_type_is_refused(editor):
    with pytest.raises(InvalidInput, match="not a supported type"):
        upload_file(editor, "article.docx", b"plain words")


def test_html_with_only_markup_and_scripts_is_refused(editor):
    with pytest.raises(InvalidInput, match="No article text"):
        upload_file(editor, "x.html", b"<html><script>alert(1)</script><img src=x></html>")
    assert not Article.objects.exists()


@pytest.mark.parametrize("user_fixture", ["reader", "reviewer"])
def test_users_without_the_editor_or_admin_role_may_not_upload(request, user_fixture):
    user = request.getfixturevalue(user_fixture)
    with pytest.raises(NotAllowed):
        article_upload(user=user, content=ArticleContent("Some text.", "text"))


def test_admin_may_upload(admin_user):
    article = article_upload(user=admin_user, content=ArticleContent("Some text.", "text"))
    assert article.uploaded_by == admin_user


# --- Hostile HTML ---------------------------------------------------------------------------

HOSTILE_HTML = b"""<html><head><title>Budget <script>alert('t')</script> vote</title>
<style>body { background: url(javascript:alert(1)) }</style></head>
<body><p>The council <b onmouseover="alert(2)">approved</b> the budget.</p>
<img src=x onerror="alert(3)"><iframe src="https://evil.example/"></iframe>
<p><a href="javascript:alert(4)">Read the minutes</a> online.</p>
<script>document.write('injected')</script></body></html>"""


def test_hostile_html_leaves_only_its_readable_text(editor):
    article = upload_file(editor, "hostile.html", HOSTILE_HTML)
    assert stored_text(article) == ("The council approved the budget.\n\nRead the minutes online.")


# --- Metadata -------------------------------------------------------------------------------

HTML_WITH_METADATA = b"""<!doctype html><html lang="en-GB"><head>
<title>Ferry timetable doubles</title>
<meta name="author" content="Ana Ruiz"><meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2025-04-03T08:00:00Z">
<link rel="canonical" href="https://harbour.example/ferry"></head>
<body><h1>Ferry timetable doubles</h1><p>Two sailings a day from May.</p></body></html>"""


def test_html_metadata_fills_the_article(editor):
    article = upload_file(editor, "ferry.html", HTML_WITH_METADATA)
    assert (article.title, article.author, article.publisher) == (
        "Ferry timetable doubles",
        "Ana Ruiz",
        "Harbour Times",
    )
    assert article.published_on == date(2025, 4, 3)
    assert (article.url, article.language) == ("https://harbour.example/ferry", "en-GB")


def test_given_metadata_overrides_what_the_html_says(editor):
    article = upload_file(
        editor,
        "ferry.html",
        HTML_WITH_METADATA,
        title="Ferries twice daily",
        publisher="Coastal Ledger",
        published_on=date(2025, 4, 4),
    )
    assert (article.title, article.publisher, article.author) == (
        "Ferries twice daily",
        "Coastal Ledger",
        "Ana Ruiz",
    )
    assert article.published_on == date(2025, 4, 4)


def test_markdown_title_is_its_first_heading(editor):
    article = upload_file(editor, "n.md", b"Intro line.\n\n## Water rates rise\n\nBy 4 percent.")
    assert article.title == "Water rates rise"


def test_plain_text_title_is_its_first_line(editor):
    article = upload_file(editor, "n.txt", b"Water rates rise\nBy 4 percent, says the board.")
    assert article.title == "Water rates rise"


def test_non_http_url_is_refused(editor):
    with pytest.raises(InvalidInput, match="url"):
        article_upload(
            user=editor,
            content=ArticleContent("Text.", "text"),
            metadata=ArticleMetadata(url="ftp://files.example/a.txt"),
        )


def test_upload_indexes_title_and_text_for_search(editor):
    article = upload_file(editor, "n.txt", b"Reservoir levels\n\nThe drought continued.")
    matches = Article.objects.filter(search_vector=SearchQuery("drought", config="english"))
    assert list(matches) == [article]


# --- Duplicates -----------------------------------------------------------------------------


def test_same_text_again_is_refused_as_a_duplicate_naming_the_article(editor):
    first = upload_file(editor, "a.txt", b"Same words.")
    with pytest.raises(DuplicateArticle) as refused:
        upload_file(editor, "b.md", b"Same words.\n")
    assert refused.value.article == first
    assert Article.objects.count() == 1


def test_text_that_differs_only_in_line_endings_is_a_duplicate(editor):
    upload_file(editor, "a.txt", b"One.\n\nTwo.")
    with pytest.raises(DuplicateArticle):
        upload_file(editor, "b.txt", b"One.\r\n\r\nTwo.\r\n")


# --- Pasted formats -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plain words.\n\nMore words.", "text"),
        ("# Heading\n\nBody.", "markdown"),
        ("See [the report](https://example.org/r).", "markdown"),
        ("<p>Hello</p>", "html"),
    ],
)
def test_pasted_text_format_is_detected(text, expected):
    assert article_content_from_text(text=text).source_format == expected


# --- The upload page ------------------------------------------------------------------------


def test_upload_page_shows_the_form_to_editors(editor_client):
    response = editor_client.get(reverse("article-upload"))
    assert response.status_code == 200
    assert b'name="file"' in response.content and b'name="text"' in response.content


@pytest.mark.parametrize("client_fixture", ["reader_client", "reviewer_client"])
def test_upload_page_is_forbidden_without_the_role(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    assert client.get(reverse("article-upload")).status_code == 403
    response = client.post(reverse("article-upload"), {"text": "Words."})
    assert response.status_code == 403
    assert not Article.objects.exists()


def test_pasting_text_creates_the_article_and_redirects_to_it(editor_client, editor):
    response = editor_client.post(
        reverse("article-upload"),
        {"text": "# Tram returns\n\nThe line reopens in June.", "publisher": "City Post"},
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("article-detail", args=[article.pk])
    assert (article.title, article.publisher, article.uploaded_by) == (
        "Tram returns",
        "City Post",
        editor,
    )


def test_uploading_a_file_through_the_page_stores_it(editor_client):
    file = uploaded_file("tram.html", "<h1>Tram returns</h1><p>In June.</p>", "text/html")
    response = editor_client.post(reverse("article-upload"), {"file": file})
    assert response.status_code == 302
    assert Article.objects.get().current_revision.source_format == "html"


def test_page_refuses_an_oversized_file_with_413_and_says_so(editor_client, settings):
    settings.ARTICLE_MAX_UPLOAD_BYTES = 50
    response = editor_client.post(
        reverse("article-upload"), {"file": uploaded_file("big.txt", "x " * 40)}
    )
    assert response.status_code == 413
    assert "largest accepted is 50" in response.content.decode()
    assert not Article.objects.exists()


def test_page_refuses_a_binary_file_with_400_and_says_so(editor_client):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    response = editor_client.post(
        reverse("article-upload"), {"file": uploaded_file("photo.txt", png)}
    )
    assert response.status_code == 400
    assert b"binary file" in response.content


@pytest.mark.parametrize("data", [{}, {"text": "  \n "}], ids=["nothing", "whitespace"])
def test_page_asks_for_a_file_or_text(editor_client, data):
    response = editor_client.post(reverse("article-upload"), data)
    assert response.status_code == 400
    assert b"Choose a file or paste" in response.content


def test_page_refuses_both_a_file_and_text(editor_client):
    response = editor_client.post(
        reverse("article-upload"), {"file": uploaded_file("a.txt", "A."), "text": "B."}
    )
    assert response.status_code == 400
    assert b"not both" in response.content


def test_duplicate_upload_takes_the_editor_to_the_existing_article(editor_client):
    editor_client.post(reverse("article-upload"), {"text": "Only once."})
    existing = Article.objects.get()
    response = editor_client.post(reverse("article-upload"), {"text": "Only once."}, follow=False)
    assert response.status_code == 302
    assert response["Location"] == reverse("article-detail", args=[existing.pk])
    assert Article.objects.count() == 1
    assert "already stored" in [m.message for m in get_messages(response.wsgi_request)][-1]
