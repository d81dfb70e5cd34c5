"""Uploading an article: decoding, canonical text, metadata, refusals and duplicates.

Corrected versions of an article: immutable revisions, the newest one current.

Deleting an article: admins only, after a confirmation that says what goes with it."""

import codecs
import hashlib
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.contrib.postgres.search import SearchQuery
from django.urls import reverse

from annotations.models import Article, ArticleRevision, Claim
from annotations.services.articles import (
    ArticleContent,
    ArticleMetadata,
    DuplicateArticle,
    article_content_from_file,
    article_content_from_text,
    article_delete,
    article_revision_create,
    article_upload,
)
from project.errors import Conflict, InvalidInput, NotAllowed, TooLarge
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    VerifiedClaimFactory,
    distinct_article,
    uploaded_file,
    withdrawals_in_feed,
)

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


FIRST = "The bridge reopens on 3 May.\n\nRepairs cost 2.1 million."
CORRECTED = "The bridge reopens on 10 May.\n\nRepairs cost 2.4 million."


@pytest.fixture
def article(editor) -> Article:
    return article_upload(user=editor, content=ArticleContent(FIRST, "text"))


def revise(user, article, text: str = CORRECTED):
    return article_revision_create(user=user, article=article, content=ArticleContent(text, "text"))


def test_new_revision_gets_the_next_number_and_becomes_current(editor, article):
    revision = revise(editor, article)
    article.refresh_from_db()
    assert revision.number == 2
    assert article.current_revision == revision
    assert article.current_revision.text == CORRECTED


def test_earlier_revision_keeps_its_text(editor, article):
    revise(editor, article)
    assert [r.text for r in article.revisions.order_by("number")] == [FIRST, CORRECTED]


def test_claims_stay_on_the_revision_they_were_made_on(editor, article):
    claim = ClaimFactory(article=article, created_by=editor, start=4, end=10)
    first_revision = claim.revision
    revise(editor, article)
    assert Claim.objects.get(pk=claim.pk).revision == first_revision


def test_search_reads_the_current_text(editor, article):
    revise(editor, article, "The ferry timetable changes in June.")
    matches = Article.objects.filter(search_vector=SearchQuery("ferry", config="english"))
    assert list(matches) == [article]
    assert not Article.objects.filter(search_vector=SearchQuery("repairs", config="english"))


def test_unchanged_text_is_a_duplicate_of_the_current_revision(editor, article):
    with pytest.raises(DuplicateArticle) as refused:
        revise(editor, article, FIRST + "\n")
    assert (refused.value.article, refused.value.revision.number) == (article, 1)
    assert article.revisions.count() == 1


def test_text_of_another_article_is_refused_as_its_duplicate(editor, article):
    other = article_upload(user=editor, content=ArticleContent("Unrelated text.", "text"))
    with pytest.raises(DuplicateArticle) as refused:
        revise(editor, article, "Unrelated text.")
    assert refused.value.article == other


def test_reader_may_not_add_a_revision(reader, article):
    with pytest.raises(NotAllowed):
        revise(reader, article)


# --- Pages ----------------------------------------------------------------------------------


def test_revision_page_shows_the_form(editor_client, article):
    response = editor_client.get(reverse("article-revision-upload", args=[article.pk]))
    assert response.status_code == 200
    assert reverse("article-revisions", args=[article.pk]).encode() in response.content


def test_posting_a_corrected_file_adds_a_revision_and_redirects_to_the_article(
    editor_client, article
):
    response = editor_client.post(
        reverse("article-revisions", args=[article.pk]),
        {"file": uploaded_file("bridge-v2.txt", CORRECTED)},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("article-detail", args=[article.pk])
    article.refresh_from_db()
    assert (article.current_revision.number, article.current_revision.original_filename) == (
        2,
        "bridge-v2.txt",
    )


def test_posting_the_same_text_redirects_to_the_article_with_a_message(editor_client, article):
    response = editor_client.post(reverse("article-revisions", args=[article.pk]), {"text": FIRST})
    assert response["Location"] == reverse("article-detail", args=[article.pk])
    [message] = get_messages(response.wsgi_request)
    assert "already stored as revision 1" in message.message
    assert article.revisions.count() == 1


def test_revision_list_url_accepts_only_posts(editor_client, article):
    response = editor_client.get(reverse("article-revisions", args=[article.pk]))
    assert response.status_code == 405


@pytest.mark.parametrize("client_fixture", ["reader_client", "reviewer_client"])
def test_revision_pages_are_forbidden_without_the_role(request, client_fixture, article):
    client = request.getfixturevalue(client_fixture)
    assert client.get(reverse("article-revision-upload", args=[article.pk])).status_code == 403
    response = client.post(reverse("article-revisions", args=[article.pk]), {"text": CORRECTED})
    assert response.status_code == 403
    assert article.revisions.count() == 1


def test_revision_page_for_a_missing_article_is_404(editor_client):
    assert editor_client.get(reverse("article-revision-upload", args=[999999])).status_code == 404


@pytest.fixture
def article_with_claims() -> Article:
    article = distinct_article()
    ClaimFactory(article=article, created_by=article.uploaded_by)
    VerifiedClaimFactory(article=article, start=20, end=40)
    VerifiedClaimFactory(article=article, start=40, end=60)
    return article


def test_confirmation_page_says_how_many_claims_and_verified_claims_go(
    admin_client_role, article_with_claims
):
    response = admin_client_role.get(reverse("article-delete", args=[article_with_claims.pk]))
    html = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "<strong>3 claims</strong>, of which <strong>2 verified</strong>" in html
    assert "Delete article and 3 claims" in html


def test_posting_deletes_the_article_its_revisions_and_claims(
    admin_client_role, article_with_claims
):
    response = admin_client_role.post(reverse("article-delete", args=[article_with_claims.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("article-list")
    assert not Article.objects.exists()
    assert not ArticleRevision.objects.exists()
    assert not Claim.objects.exists()


def test_the_export_withdraws_the_verified_claims_as_deleted(admin_user, article_with_claims):
    verified_ids = set(
        article_with_claims.claims.filter(status="verified").values_list("pk", flat=True)
    )
    deletion = article_delete(user=admin_user, article=article_with_claims)
    assert (deletion.claims, deletion.verified_claims) == (3, 2)
    assert withdrawals_in_feed() == dict.fromkeys(verified_ids, "deleted")


def test_an_article_with_several_revisions_is_deleted(admin_user, editor):
    article = distinct_article(uploaded_by=editor)
    article_revision_create(
        user=editor, article=article, content=ArticleContent("A corrected text.", "text")
    )
    article_delete(user=admin_user, article=article)
    assert not ArticleRevision.objects.exists()


def test_an_article_cited_by_another_articles_claim_is_not_deleted(admin_user):
    cited = distinct_article()
    revision = cited.current_revision
    CitationFactory(
        url="",
        source=None,
        cited_revision=revision,
        cited_start=0,
        cited_end=10,
        cited_exact=revision.text[:10],
    )
    with pytest.raises(Conflict, match="cite this one"):
        article_delete(user=admin_user, article=cited)
    assert Article.objects.filter(pk=cited.pk).exists()


def test_an_article_citing_itself_is_deleted(admin_user):
    article = distinct_article()
    revision = article.current_revision
    claim = ClaimFactory(article=article, created_by=article.uploaded_by)
    CitationFactory(
        claim=claim,
        url="",
        source=None,
        cited_revision=revision,
        cited_start=30,
        cited_end=40,
        cited_exact=revision.text[30:40],
    )
    article_delete(user=admin_user, article=article)
    assert not Article.objects.exists()


def test_page_explains_why_a_cited_article_cannot_be_deleted(admin_client_role):
    cited = distinct_article()
    revision = cited.current_revision
    CitationFactory(
        url="",
        source=None,
        cited_revision=revision,
        cited_start=0,
        cited_end=10,
        cited_exact=revision.text[:10],
    )
    response = admin_client_role.post(reverse("article-delete", args=[cited.pk]))
    assert response.status_code == 409
    assert b"cite this one as evidence" in response.content


@pytest.mark.parametrize("client_fixture", ["editor_client", "reviewer_client", "reader_client"])
def test_only_admins_may_delete(request, client_fixture, article_with_claims):
    client = request.getfixturevalue(client_fixture)
    url = reverse("article-delete", args=[article_with_claims.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert Article.objects.filter(pk=article_with_claims.pk).exists()


def test_delete_service_refuses_non_admins(editor, article_with_claims):
    with pytest.raises(NotAllowed):
        article_delete(user=editor, article=article_with_claims)
