"""Every free-text field of the API, fed the whole hostile corpus: each string is stored exactly
as the field's documented normalisation gives it, or refused with a 400 that says why; never a
server error. The corpus is looped inside each test on shared objects, every field of a
resource carrying the string in one request, so the corpus costs seconds and a failure lists
every string that broke the rule."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client
from django.urls import reverse

from annotations.canonical import canonicalize
from annotations.models import Claim, ReviewEvent
from tests.factories import CitationFactory
from tests.security.conftest import CLAIM_SPAN, claims_in_review
from tests.security.hostile_strings import CORPUS, has_lone_surrogate, has_nul, must_be_refused
from tests.security.roundtrip import TEXT, FieldRule, Report, collapsed, problem_detail

# The corpus is sent hundreds of times a minute; the rates are tested on their own.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

COMMENT_LIMIT = 5000


def _post(client: Client, url: str, body: dict):
    return client.post(url, body, content_type="application/json")


def _reader(response, name: str):
    return lambda: response.json()[name]


# Articles -----------------------------------------------------------------------------------

# Article text is canonicalised by design (NFC, control characters removed), so it round-trips
# as `canonicalize(input)`; NUL and lone surrogates, which no text file holds, are refused.
_ARTICLE_TEXT_REFUSES = FieldRule(refuse=lambda value: has_nul(value) or has_lone_surrogate(value))


def _canonical(source: str, key: str) -> FieldRule:
    return FieldRule(
        normalise=lambda _value: canonicalize(source, key).text,
        refuse=_ARTICLE_TEXT_REFUSES.refuse,
    )


def test_article_text_and_metadata_round_trip(world):
    report = Report()
    limits = {"title": 500, "publisher": 200, "author": 300}
    for index, value in enumerate(CORPUS):
        source = f"Hostile input article {index}.\n\n{value}"
        body = {"text": source, **dict.fromkeys(limits, value)}
        response = _post(world.editor, reverse("api-article-list"), body)
        fields = {"text": (_canonical(source, "text"), _reader(response, "text"))}
        for name, limit in limits.items():
            fields[name] = (FieldRule(max_length=limit), _reader(response, name))
        report.check(value, fields, status=response.status_code, reason=problem_detail(response))
    report.assert_clean()


def test_uploaded_html_is_stored_as_its_canonical_text(world):
    report = Report()
    for index, value in enumerate(CORPUS):
        source = f"<p>Hostile input article {index}.</p><p>{value}</p>"
        response = _post(world.editor, reverse("api-article-list"), {"html": source})
        fields = {"text": (_canonical(source, "html"), _reader(response, "text"))}
        report.check(value, fields, status=response.status_code, reason=problem_detail(response))
    report.assert_clean()


# Claims -------------------------------------------------------------------------------------

TAG = FieldRule(normalise=collapsed, max_length=60, blank_allowed=False)


def _claim_body(article, **fields) -> dict:
    start, end = CLAIM_SPAN
    selector = {"type": "TextPositionSelector", "start": start, "end": end}
    return {"article": article.pk, "selector": selector, **fields}


def _claim_fields(response) -> dict:
    return {
        "text": (TEXT, _reader(response, "text")),
        "note": (TEXT, _reader(response, "note")),
        "tag": (TAG, lambda: response.json()["tags"][0]),
    }


def test_claim_text_note_and_tags_round_trip_when_marking_a_claim(world, article):
    report = Report()
    for value in CORPUS:
        body = _claim_body(article, text=value, note=value, tags=[value])
        response = _post(world.editor, reverse("api-claim-list"), body)
        report.check(
            value,
            _claim_fields(response),
            status=response.status_code,
            reason=problem_detail(response),
        )
    report.assert_clean()


# Editing goes through the same checks; a few strings of each kind show it.
EDIT_SAMPLE = [value for value in CORPUS if must_be_refused(value)][:4] + CORPUS[:4]


def test_claim_text_note_and_tags_round_trip_when_editing_a_claim(world, article):
    claim_url = _post(world.editor, reverse("api-claim-list"), _claim_body(article)).json()["url"]
    report = Report()
    for value in EDIT_SAMPLE:
        body = {"text": value, "note": value, "tags": [value]}
        response = world.editor.patch(claim_url, body, content_type="application/json")
        report.check(
            value,
            _claim_fields(response),
            status=response.status_code,
            reason=problem_detail(response),
        )
    report.assert_clean()


# Citations and sources ----------------------------------------------------------------------


def test_citation_text_fields_round_trip(world, article):
    claim_id = _post(world.editor, reverse("api-claim-list"), _claim_body(article)).json()["id"]
    url = reverse("api-claim-citation-list", args=[claim_id])
    limits = {"title": 500, "quote": None, "location": 200, "note": None}
    report = Report()
    for value in CORPUS:
        body = {"stance": "corroborates", "url": "https://example.org/report"}
        response = _post(world.editor, url, {**body, **dict.fromkeys(limits, value)})
        fields = {
            name: (FieldRule(max_length=limit), _reader(response, name))
            for name, limit in limits.items()
        }
        report.check(value, fields, status=response.status_code, reason=problem_detail(response))
    report.assert_clean()


def test_source_name_and_reliability_reason_round_trip(world):
    report = Report()
    for index, value in enumerate(CORPUS):
        body = {
            "name": value,
            "domain": f"source{index}.example.org",
            "reliability": "mixed",
            "reliability_reason": value,
        }
        response = _post(world.admin, reverse("api-source-list"), body)
        fields = {
            "name": (
                FieldRule(normalise=collapsed, max_length=200, blank_allowed=False),
                _reader(response, "name"),
            ),
            "reliability_reason": (
                FieldRule(blank_allowed=False),
                _reader(response, "reliability_reason"),
            ),
        }
        report.check(value, fields, status=response.status_code, reason=problem_detail(response))
    report.assert_clean()


HOSTILE_URLS = [
    "javascript:window.__xss=1",
    "JaVaScRiPt:window.__xss=1",
    " javascript:window.__xss=1",
    "java\tscript:window.__xss=1",
    "javascript&colon;window.__xss=1",
    "vbscript:msgbox(1)",
    "data:text/html,<script>window.__xss=1</script>",
    "file:///etc/passwd",
    "ftp://example.org/report",
    "//evil.example/report",
    "https://example.org/\x00",
    "https://exa mple.org/",
    'https://example.org/"><b id=injected>',
    "https:///no-host",
    "https://" + "a" * 2000 + ".example.org/",
]


@pytest.mark.parametrize("hostile", HOSTILE_URLS)
def test_hostile_urls_are_refused_everywhere_a_url_is_given(world, article, hostile):
    claim_id = _post(world.editor, reverse("api-claim-list"), _claim_body(article)).json()["id"]
    citations = reverse("api-claim-citation-list", args=[claim_id])
    attempts = [
        _post(world.editor, citations, {"stance": "context", "url": hostile}),
        _post(
            world.editor,
            citations,
            {"stance": "context", "url": "https://example.org/", "archive_url": hostile},
        ),
        _post(world.editor, reverse("api-source-list"), {"name": "Hostile", "homepage": hostile}),
        _post(
            world.editor, reverse("api-article-list"), {"text": "A hostile link.", "url": hostile}
        ),
    ]
    assert [response.status_code for response in attempts] == [400] * len(attempts)
    assert all(problem_detail(response) for response in attempts)


# Review comments ----------------------------------------------------------------------------

COMMENT = FieldRule(max_length=COMMENT_LIMIT)
REASON = FieldRule(max_length=COMMENT_LIMIT, blank_allowed=False)


def _last_comment(claim: Claim) -> str:
    events = ReviewEvent.objects.filter(claim=claim).order_by("-id")
    return events.values_list("comment", flat=True)[0]


# One claim goes round the workflow: (who acts, action, the field carrying the string, the body
# that moves the claim on when the string is refused).
REVIEW_ROUND = [
    ("reviewer", "request-changes", "comment", {"comment": "Please check the figure."}),
    ("editor", "submit", "comment", {}),
    ("reviewer", "take", None, {}),
    ("reviewer", "verify", "note", {"verdict": "mixed"}),
    ("reviewer", "reopen", "comment", {}),
]


def test_review_comments_round_trip(world, article):
    """Each string is the comment of the next step round the workflow, so every comment-carrying
    action sees a quarter of the corpus."""
    (claim,) = claims_in_review(article, world, 1)
    CitationFactory(claim=claim, created_by=world.editor_user)  # verifying needs evidence
    steps = itertools.cycle(REVIEW_ROUND)
    report = Report()
    for value in CORPUS:
        who, action, field, body = next(steps)
        client = getattr(world, who)
        url = reverse(f"api-claim-{action}", args=[claim.pk])
        if field is None:
            assert _post(client, url, body).status_code == 200
            who, action, field, body = next(steps)
            client, url = getattr(world, who), reverse(f"api-claim-{action}", args=[claim.pk])
        response = _post(client, url, {**body, field: value})
        fields = {field: (COMMENT, lambda: _last_comment(claim))}
        report.check(value, fields, status=response.status_code, reason=problem_detail(response))
        if response.status_code != 200:
            assert _post(client, url, body).status_code == 200
    report.assert_clean()


def test_rejection_reasons_round_trip(world, article):
    claims = iter(claims_in_review(article, world, len(CORPUS)))
    claim = next(claims)
    report = Report()
    for value in CORPUS:
        response = _post(
            world.reviewer, reverse("api-claim-reject", args=[claim.pk]), {"reason": value}
        )
        fields = {"reason": (REASON, lambda claim=claim: _last_comment(claim))}
        report.check(value, fields, status=response.status_code, reason=problem_detail(response))
        if response.status_code == 200:
            claim = next(claims)
    report.assert_clean()


# Inputs that once reached a server error ----------------------------------------------------


@pytest.mark.parametrize("field", ["exact", "prefix", "suffix"])
def test_a_lone_surrogate_in_a_selector_is_refused_without_being_echoed(world, article, field):
    quote = {"type": "TextQuoteSelector", "exact": "Text", field: "x\ud800y"}
    response = _post(
        world.editor, reverse("api-claim-list"), {"article": article.pk, "selector": quote}
    )
    assert response.status_code == 400
    assert "unpaired UTF-16 surrogate" in response.json()["detail"]
    assert b"\\ud800" not in response.content.lower()
    assert b"x" + "\ud800".encode("utf-8", "surrogatepass") not in response.content
    assert not Claim.objects.exists()


@pytest.mark.parametrize("query", ["-" * 500, "- " * 250, "-(" * 200, "a " + "-" * 100 + "b"])
def test_a_search_of_many_minus_signs_is_answered(world, query):
    api = world.editor.get(reverse("api-article-list"), {"q": query})
    page = world.editor.get(reverse("article-list"), {"q": query})
    assert (api.status_code, page.status_code) == (200, 200)
