"""The page forms, fed a sample of the hostile corpus (every string that must be refused, and
every fourth of the rest): the forms add their own parsing (trimming, CRLF → LF, Django's NUL
check) in front of the same services the API tests cover, so each string is stored as the page
normalises it, or the page answers 400 and says why."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotations.canonical import canonicalize
from annotations.models import Article, Claim, ReviewEvent
from sources.models import Citation, Source
from tests.factories import ClaimFactory
from tests.security.conftest import ARTICLE_TEXT, CLAIM_SPAN, claims_in_review
from tests.security.hostile_strings import BROWSER_CORPUS, has_nul, must_be_refused
from tests.security.roundtrip import FieldRule, Report, collapsed, problem_detail

# The corpus is sent hundreds of times a minute; the rates are tested on their own.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

PAGE_SAMPLE = [
    value for index, value in enumerate(BROWSER_CORPUS) if index % 4 == 0 or must_be_refused(value)
]


def _unix_newlines(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n")


# A textarea's value: trimmed by the form, its line endings made "\n".
FORM_TEXT = FieldRule(normalise=lambda value: _unix_newlines(value.strip()))


def _succeeded(response) -> int:
    """A page that stored something redirects; report it as the API's 201."""
    return 201 if response.status_code == 302 else response.status_code


def test_marking_a_claim_on_the_article_page(world, article):
    start, end = CLAIM_SPAN
    exact = ARTICLE_TEXT[start:end]
    report = Report()
    for value in PAGE_SAMPLE:
        form = {"start": start, "end": end, "exact": exact, "text": value, "note": value}
        response = world.editor.post(reverse("claim-create", args=[article.pk]), form)

        def newest(name: str) -> str:
            return getattr(Claim.objects.latest("id"), name)

        fields = {
            "text": (FORM_TEXT, lambda: newest("text")),
            "note": (FORM_TEXT, lambda: newest("note")),
        }
        report.check(value, fields, status=_succeeded(response), reason=problem_detail(response))
    report.assert_clean()


def test_free_tags_typed_on_the_article_page(world, article):
    """Commas separate tags in the form, so only comma-free strings are one tag."""
    report = Report()
    tag_rule = FieldRule(normalise=collapsed, max_length=60, blank_allowed=False)
    for value in [value for value in PAGE_SAMPLE if "," not in value]:
        start, end = CLAIM_SPAN
        form = {
            "start": start,
            "end": end,
            "exact": ARTICLE_TEXT[start:end],
            "free_tags": value,
            "allow_duplicate": "on",  # one span, many claims: one per hostile value
        }
        response = world.editor.post(reverse("claim-create", args=[article.pk]), form)
        fields = {"tag": (tag_rule, lambda: Claim.objects.latest("id").tags.get().name)}
        report.check(value, fields, status=_succeeded(response), reason=problem_detail(response))
    report.assert_clean()


def test_adding_evidence_on_the_claim_page(world, article):
    claim = ClaimFactory(article=article, created_by=world.editor_user)
    limits = {"title": 500, "quote": None, "location": 200, "note": None}
    report = Report()
    for value in PAGE_SAMPLE:
        form = {"stance": "context", "url": "https://example.org/", **dict.fromkeys(limits, value)}
        response = world.editor.post(reverse("citation-create", args=[claim.pk]), form)

        def newest(name: str) -> str:
            return getattr(Citation.objects.latest("id"), name)

        fields = {
            name: (
                FieldRule(normalise=FORM_TEXT.normalise, max_length=limit),
                lambda name=name: newest(name),
            )
            for name, limit in limits.items()
        }
        report.check(value, fields, status=_succeeded(response), reason=problem_detail(response))
    report.assert_clean()


def test_adding_a_source_on_the_sources_page(world):
    report = Report()
    rule = FieldRule(normalise=collapsed, max_length=200, blank_allowed=False)
    for index, value in enumerate(PAGE_SAMPLE):
        form = {"name": value, "kind": "other", "domain": f"page-source{index}.example.org"}
        response = world.editor.post(reverse("source-create"), form)
        fields = {"name": (rule, lambda: Source.objects.latest("id").name)}
        report.check(value, fields, status=_succeeded(response), reason=problem_detail(response))
    report.assert_clean()


def test_rejecting_a_claim_on_the_review_page(world, article):
    claims = iter(claims_in_review(article, world, len(PAGE_SAMPLE)))
    claim = next(claims)
    rule = FieldRule(normalise=FORM_TEXT.normalise, max_length=5000, blank_allowed=False)
    report = Report()
    for value in PAGE_SAMPLE:
        url = reverse("review-claim-action", args=[claim.pk, "reject"])
        response = world.reviewer.post(url, {"reason": value})
        fields = {
            "reason": (rule, lambda claim=claim: ReviewEvent.objects.get(claim=claim).comment)
        }
        report.check(value, fields, status=_succeeded(response), reason=problem_detail(response))
        if response.status_code == 302:
            claim = next(claims)
    report.assert_clean()


def test_uploading_an_article_on_the_upload_page(world):
    """The pasted text is canonicalised (NUL refused by the form); the title is trimmed."""
    report = Report()
    for index, value in enumerate(PAGE_SAMPLE):
        text = f"Hostile upload {index}.\n\n{value}"
        form = {"text": text, "text_format": "text", "title": value}
        response = world.editor.post(reverse("article-upload"), form)

        def newest() -> Article:
            return Article.objects.select_related("current_revision").latest("id")

        fields = {
            "title": (FieldRule(max_length=500), lambda: newest().title),
            "text": (
                FieldRule(
                    normalise=lambda _value, text=text: canonicalize(text, "text").text,
                    refuse=has_nul,
                ),
                lambda: newest().current_revision.text,
            ),
        }
        report.check(value, fields, status=_succeeded(response), reason=problem_detail(response))
    report.assert_clean()
