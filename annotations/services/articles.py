"""Writes that concern articles: uploading one, adding a corrected revision, deleting it.

An upload becomes text in two steps: `article_content_from_file` / `article_content_from_text`
refuse what is not a readable article (wrong type, too large, binary, empty) and say why; then
`article_upload` / `article_revision_create` canonicalize it, refuse a text already stored (as
`DuplicateArticle`, which names the article that holds it) and store an immutable revision.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.template.defaultfilters import filesizeformat, pluralize

from annotations import canonical
from annotations.canonical import CanonicalDocument, Format
from annotations.decoding import UnreadableUpload, decode_upload
from annotations.models import Article, ArticleRevision, Claim
from annotations.policies import check_delete_articles, check_upload_articles
from annotations.services.corrections import claims_follow_revision
from annotations.workflow import ClaimStatus
from project.errors import Conflict, InvalidInput, TooLarge
from project.validators import refuse_control_characters
from project.web_urls import NotAWebUrl, web_uri
from sources.models import Citation

# What an uploaded file's extension says about its format. Only these types are accepted.
FILE_FORMATS: dict[str, Format] = {
    ".txt": "text",
    ".md": "markdown",
    ".html": "html",
    ".htm": "html",
}
SEARCH_CONFIG = "english"
# A tsvector must stay under 1 MB, which adversarial text near the upload limit can exceed;
# this many characters hold any real news article and always fit.
SEARCH_INDEX_MAX_CHARS = 100_000
TITLE_FROM_TEXT_MAX_CHARS = 120
# A possible end of a sentence: . ! or ? (and a closing quote or bracket) before a space.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)\]]))\s+")
# Words whose full stop does not end a sentence.
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "prof", "st", "no", "vs", "etc", "e.g", "i.e"})

# Pasted text is Markdown when it has what plain prose never has: an ATX heading or a link.
_MARKDOWN_HINT = re.compile(r"^#{1,6}[ \t]+\S|\[[^\]\n]+\]\([^)\s]+\)", re.MULTILINE)
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class ArticleContent:
    """An upload decoded to text, before canonicalization."""

    text: str
    source_format: Format
    original_filename: str = ""


@dataclass(frozen=True)
class ArticleMetadata:
    """What the uploader says about the article. Empty fields fall back to the HTML's own."""

    title: str = ""
    url: str = ""
    publisher: str = ""
    author: str = ""
    published_on: date | None = None
    language: str = ""

    @classmethod
    def from_cleaned(cls, data: Mapping[str, object]) -> ArticleMetadata:
        """From a form's or serializer's cleaned data, which name the fields the same way."""
        return cls(**{field.name: data[field.name] for field in fields(cls)})


@dataclass(frozen=True)
class ArticleDeletion:
    claims: int
    verified_claims: int


class DuplicateArticle(Conflict):
    """The text is already stored, as `revision` (of `revision.article`)."""

    def __init__(self, revision: ArticleRevision) -> None:
        self.revision = revision
        self.article = revision.article
        super().__init__(
            f"This text is already stored as revision {revision.number} of “{self.article.title}”."
        )

    def extra(self) -> dict[str, object]:
        return {**super().extra(), "article_id": self.article.pk, "revision": self.revision.number}


# --- Reading an upload ----------------------------------------------------------------------


def _refuse_oversized(size: int, *, what: str) -> None:
    limit = settings.ARTICLE_MAX_UPLOAD_BYTES
    if size > limit:
        raise TooLarge(
            f"{what} is {filesizeformat(size)}; the largest accepted is {filesizeformat(limit)}."
        )


def article_content_from_file(*, file: File) -> ArticleContent:
    """Read an uploaded .txt, .md, .html or .htm file, refusing anything that is not one."""
    filename = os.path.basename(file.name or "")
    extension = os.path.splitext(filename)[1].lower()
    if extension not in FILE_FORMATS:
        accepted = ", ".join(FILE_FORMATS)
        raise InvalidInput(
            f"“{filename or 'The file'}” is not a supported type: upload a {accepted} file.",
            errors={"file": [f"Accepted types: {accepted}."]},
        )
    _refuse_oversized(file.size, what="The file")
    file.seek(0)
    data = file.read(settings.ARTICLE_MAX_UPLOAD_BYTES + 1)
    _refuse_oversized(len(data), what="The file")
    try:
        text = decode_upload(data)
    except UnreadableUpload as error:
        raise InvalidInput(error.message, errors={"file": [error.message]}) from None
    return ArticleContent(
        text=text, source_format=FILE_FORMATS[extension], original_filename=filename
    )


def guess_pasted_format(text: str) -> Format:
    """HTML when it has tags, Markdown when it has headings or links, else plain text."""
    if canonical.guess_format(None, text) == "html":
        return "html"
    return "markdown" if _MARKDOWN_HINT.search(text) else "text"


def article_content_from_text(*, text: str, source_format: Format | None = None) -> ArticleContent:
    """Pasted or posted text; `source_format=None` guesses it (see `guess_pasted_format`)."""
    _refuse_oversized(len(text.encode("utf-8", "surrogatepass")), what="The text")
    if not text.strip():
        raise InvalidInput("The text is empty.", errors={"text": ["Paste the article's text."]})
    return ArticleContent(text=text, source_format=source_format or guess_pasted_format(text))


# --- Canonical text and metadata ------------------------------------------------------------


def _canonical_document(content: ArticleContent) -> CanonicalDocument:
    try:
        document = canonical.canonicalize(content.text, content.source_format)
    except canonical.TooComplex as error:
        raise TooLarge(error.message, errors={"text": [error.message]}) from None
    except canonical.TooDeeplyNested as error:
        raise InvalidInput(error.message, errors={"text": [error.message]}) from None
    if not document.text:
        raise InvalidInput(
            "No article text was found: the upload holds only markup, scripts or whitespace.",
            errors={"text": ["No readable text."]},
        )
    return document


def title_from_text(text: str) -> str:
    """A title for a text uploaded without one: its first sentence (of its first line), cut at
    a word boundary to at most `TITLE_FROM_TEXT_MAX_CHARS` characters."""
    first_line = text.strip().split("\n", 1)[0].strip()
    first_sentence = first_line
    for boundary in _SENTENCE_END.finditer(first_line):
        last_word = first_line[: boundary.start()].rsplit(None, 1)[-1].strip("\"'”’)]")
        stem = last_word.rstrip(".!?").lower()
        # "U.S.", "J." and "Dr." end abbreviations, not sentences.
        if last_word.endswith((".",)) and (len(stem) <= 1 or "." in stem or stem in _ABBREVIATIONS):
            continue
        first_sentence = first_line[: boundary.start()]
        break
    if len(first_sentence) <= TITLE_FROM_TEXT_MAX_CHARS:
        return first_sentence
    cut = first_sentence[:TITLE_FROM_TEXT_MAX_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"


def title_for_pasted_text(*, text: str, source_format: Format | None = None) -> str:
    """The title an upload of `text` gets when its title is left empty (the upload form
    shows it): the document's own title (an HTML <title>, say) or its first sentence."""
    if not text.strip():
        return ""
    document = canonical.canonicalize(text, source_format or guess_pasted_format(text))
    return _fit(document.title or title_from_text(document.text), "title")


def _valid_url(value: str) -> str:
    """The URL as a URI if it is an http(s) one that fits the field, else "" (never a truncated
    one)."""
    try:
        return web_uri(value)
    except NotAWebUrl:
        return ""


def _date_from_metadata(value: str) -> date | None:
    for candidate in (value, value[:10]):
        try:
            return datetime.fromisoformat(candidate).date()
        except ValueError:
            continue
    return None


def _fit(value: str, field: str) -> str:
    return value[: Article._meta.get_field(field).max_length]


def _merged_metadata(given: ArticleMetadata, document: CanonicalDocument) -> ArticleMetadata:
    """The uploader's fields, filled in from the document's own metadata where left empty."""
    found = document.metadata
    language = found.get("language", "")
    title = given.title.strip() or document.title or title_from_text(document.text)
    return ArticleMetadata(
        title=_fit(title, "title"),
        url=_valid_url(given.url) if given.url.strip() else _valid_url(found.get("url", "")),
        publisher=given.publisher.strip() or _fit(found.get("publisher", ""), "publisher"),
        author=given.author.strip() or _fit(found.get("author", ""), "author"),
        published_on=given.published_on or _date_from_metadata(found.get("published", "")),
        language=given.language.strip() or (language if _LANGUAGE_TAG.match(language) else ""),
    )


def _check_metadata(metadata: ArticleMetadata) -> None:
    refuse_control_characters(
        title=metadata.title, publisher=metadata.publisher, author=metadata.author
    )
    errors: dict[str, list[str]] = {}
    if metadata.url:
        try:
            web_uri(metadata.url)
        except NotAWebUrl as error:
            errors["url"] = [str(error)]
    if metadata.language and not _LANGUAGE_TAG.match(metadata.language):
        errors["language"] = ["Enter a language tag such as en or pt-BR."]
    if errors:
        field, messages = next(iter(errors.items()))
        raise InvalidInput(f"{field}: {messages[0]}", errors=errors)


def _full_clean(instance: Article | ArticleRevision, *, exclude: list[str]) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        errors = error.message_dict
        field, messages = next(iter(errors.items()))
        raise InvalidInput(f"{field}: {messages[0]}", errors=errors) from None


# --- Storing --------------------------------------------------------------------------------


def _refuse_duplicate(content_hash: str) -> None:
    existing = (
        ArticleRevision.objects.select_related("article").filter(content_hash=content_hash).first()
    )
    if existing is not None:
        raise DuplicateArticle(existing)


def _store_revision(
    *,
    user: AbstractBaseUser,
    article: Article,
    number: int,
    content: ArticleContent,
    document: CanonicalDocument,
) -> ArticleRevision:
    _refuse_duplicate(document.content_hash)
    revision = ArticleRevision(
        article=article,
        number=number,
        text=document.text,
        blocks=[
            {"kind": block.kind, "start": block.start, "end": block.end, "level": block.level}
            for block in document.blocks
        ],
        content_hash=document.content_hash,
        source_format=content.source_format,
        original_filename=_fit_filename(content.original_filename),
        created_by=user,
    )
    _full_clean(revision, exclude=["article", "created_by"])
    try:
        with transaction.atomic():
            revision.save()
    except IntegrityError:
        # Someone stored the same text between the check and the insert.
        _refuse_duplicate(document.content_hash)
        raise
    return revision


def _fit_filename(filename: str) -> str:
    limit = ArticleRevision._meta.get_field("original_filename").max_length
    if len(filename) <= limit:
        return filename
    stem, extension = os.path.splitext(filename)
    return stem[: limit - len(extension)] + extension


def _make_current(article: Article, revision: ArticleRevision) -> None:
    article.current_revision = revision
    article.save(update_fields=["current_revision", "updated_at"])
    article_search_vector_refresh(article=article)


def article_search_vector_refresh(*, article: Article) -> None:
    """Index the title (weight A) and the current revision's text (weight B)."""
    text = article.current_revision.text if article.current_revision else ""
    Article.objects.filter(pk=article.pk).update(
        search_vector=SearchVector(Value(article.title), weight="A", config=SEARCH_CONFIG)
        + SearchVector(Value(text[:SEARCH_INDEX_MAX_CHARS]), weight="B", config=SEARCH_CONFIG)
    )


@transaction.atomic
def article_upload(
    *, user: AbstractBaseUser, content: ArticleContent, metadata: ArticleMetadata | None = None
) -> Article:
    """Store a new article with its first revision.

    Raises `DuplicateArticle` when any article already has this exact canonical text.
    """
    check_upload_articles(user=user)
    given = metadata or ArticleMetadata()
    _check_metadata(given)
    document = _canonical_document(content)
    merged = _merged_metadata(given, document)
    article = Article(
        title=merged.title,
        url=merged.url,
        publisher=merged.publisher,
        author=merged.author,
        published_on=merged.published_on,
        language=merged.language,
        uploaded_by=user,
    )
    _full_clean(article, exclude=["uploaded_by", "current_revision"])
    article.save()
    revision = _store_revision(
        user=user, article=article, number=1, content=content, document=document
    )
    _make_current(article, revision)
    return article


def article_named_by(*, content: ArticleContent) -> Article | None:
    """The article whose original URL the upload declares (an HTML file's canonical link or
    og:url), so that a corrected copy of it can become its next revision; None when the upload
    names no URL or no single article has it."""
    url = _valid_url(_canonical_document(content).metadata.get("url", ""))
    if not url:
        return None
    matches = list(Article.objects.filter(url=url)[:2])
    return matches[0] if len(matches) == 1 else None


@transaction.atomic
def article_revision_create(
    *, user: AbstractBaseUser, article: Article, content: ArticleContent
) -> ArticleRevision:
    """Store a corrected text as the article's next revision and make it current, and give
    each claim concerned its outcome: moved with the text, changed or orphaned (see
    `annotations.services.corrections`). Earlier revisions stay as they are."""
    check_upload_articles(user=user)
    locked = Article.objects.select_for_update().get(pk=article.pk)
    latest = locked.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    revision = _store_revision(
        user=user,
        article=locked,
        number=latest + 1,
        content=content,
        document=_canonical_document(content),
    )
    _make_current(locked, revision)
    claims_follow_revision(user=user, revision=revision)
    article.refresh_from_db()
    return revision


@transaction.atomic
def article_delete(*, user: AbstractBaseUser, article: Article) -> ArticleDeletion:
    """Delete the article with all its revisions and claims; admins only.

    Export consumers learn that its verified claims are withdrawn from the export's change log
    (written by database triggers). An article whose text other articles' claims cite as
    evidence cannot be deleted.
    """
    check_delete_articles(user=user)
    article = Article.objects.select_for_update().get(pk=article.pk)
    citing_elsewhere = (
        Citation.objects.filter(cited_revision__article=article)
        .exclude(claim__article=article)
        .count()
    )
    if citing_elsewhere:
        raise Conflict(
            f"Claims on other articles cite this one as evidence ({citing_elsewhere} "
            f"citation{pluralize(citing_elsewhere)}); remove those citations first."
        )
    claims = Claim.objects.filter(article=article)
    verified_ids = list(
        claims.filter(status=ClaimStatus.VERIFIED.value).values_list("pk", flat=True)
    )
    deletion = ArticleDeletion(claims=claims.count(), verified_claims=len(verified_ids))
    # Both references are PROTECT so that nothing deletes a revision by accident; here it is
    # deliberate, so they are released before the cascade.
    Citation.objects.filter(cited_revision__article=article).delete()
    Article.objects.filter(pk=article.pk).update(current_revision=None)
    article.current_revision = None
    article.delete()
    return deletion
