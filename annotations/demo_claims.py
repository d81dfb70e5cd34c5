"""Demo claims: a few draft claims on real sentences of each demo article.

Spans are found by searching each revision's text, never by fixed offsets, so the demo survives
edits to the demo articles. Claims go through `claim_create`, like every other claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

from django.contrib.auth.models import User
from django.db import transaction

from annotations import anchoring
from annotations.models import Article, ArticleRevision, Claim, Tag
from annotations.services.claims import claim_create, tags_resolve

CLAIMS_PER_ARTICLE: Final = 4
CONTROLLED_TAGS: Final = ("statistic", "quote", "cause and effect", "prediction")
# A sentence ends at . ! or ? followed by a space or the end, so "£4.2 million" is not cut.
_SENTENCE: Final = re.compile(r"[\w\"“‘(£$€].*?[.!?]+[\"”’)]*(?=\s|$)", re.DOTALL)
_SHORTEST_SENTENCE: Final = 30
_LONGEST_SENTENCE: Final = 320
_TAG_CUES: Final = (
    ("statistic", re.compile(r"\d")),
    ("quote", re.compile(r"[\"“”]|\bsaid\b|\bsays\b", re.IGNORECASE)),
    (
        "cause and effect",
        re.compile(r"\bbecause\b|\bled to\b|\bdue to\b|\bcaused\b", re.IGNORECASE),
    ),
    ("prediction", re.compile(r"\bwill\b|\bexpect|\bforecast", re.IGNORECASE)),
)
_NOTES: Final = (
    "Find the original figures before submitting.",
    "Who said this, and where was it first reported?",
    "",
    "Check against the official record.",
)


@transaction.atomic
def load_demo_claims(*, articles: Iterable[Article], editors: Sequence[User]) -> list[Claim]:
    """Three to five draft claims per article that has none yet, one pair of them overlapping."""
    controlled = tags_resolve(CONTROLLED_TAGS)
    Tag.objects.filter(pk__in=[tag.pk for tag in controlled]).update(is_controlled=True)
    created: list[Claim] = []
    for index, article in enumerate(articles):
        revision = article.current_revision
        if revision is None or article.claims.exists():
            continue
        editor = editors[index % len(editors)]
        created.extend(_claims_for(article, revision, editor))
    return created


def _claims_for(article: Article, revision: ArticleRevision, editor: User) -> list[Claim]:
    sentences = _checkable_sentences(revision)
    claims = []
    for number, span in enumerate(sentences[:CLAIMS_PER_ARTICLE]):
        claims.append(_claim(article, editor, span, note=_NOTES[number % len(_NOTES)]))
    if sentences:
        overlapping = _overlapping_span(revision, sentences[0])
        if overlapping is not None:
            claims.append(_claim(article, editor, overlapping, note="Overlaps the claim before."))
    return claims


def _claim(article: Article, editor: User, span: anchoring.Span, *, note: str) -> Claim:
    exact = span.quote(article.current_revision.text)
    return claim_create(
        user=editor,
        article=article,
        position=anchoring.TextPositionSelector(span.start, span.end),
        quote=anchoring.TextQuoteSelector(exact=exact),
        tags=[*(name for name, cue in _TAG_CUES if cue.search(exact)), "demo"],
        note=note,
    )


def _sentences(revision: ArticleRevision) -> list[anchoring.Span]:
    spans = []
    for block in revision.blocks:
        if block["kind"] != "paragraph":
            continue
        text = revision.text[block["start"] : block["end"]]
        for match in _SENTENCE.finditer(text):
            spans.append(
                anchoring.Span(block["start"] + match.start(), block["start"] + match.end())
            )
    return spans


def _checkable_sentences(revision: ArticleRevision) -> list[anchoring.Span]:
    """Sentences of a readable length, those with figures first, then in document order."""
    usable = [
        span
        for span in _sentences(revision)
        if _SHORTEST_SENTENCE <= span.end - span.start <= _LONGEST_SENTENCE
    ]
    with_figures = [span for span in usable if re.search(r"\d", span.quote(revision.text))]
    chosen = with_figures + [span for span in usable if span not in with_figures]
    return sorted(chosen[:CLAIMS_PER_ARTICLE], key=lambda span: span.start)


def _overlapping_span(revision: ArticleRevision, sentence: anchoring.Span) -> anchoring.Span | None:
    """From the middle of `sentence` to the end of the sentence after it (or, if it is the last
    of its paragraph, its second half alone): a claim that overlaps the first one."""
    text = revision.text
    middle = text.find(" ", sentence.start + (sentence.end - sentence.start) // 2, sentence.end)
    if middle == -1:
        return None
    start = middle + 1
    following = next((span for span in _sentences(revision) if span.start >= sentence.end), None)
    same_paragraph = following is not None and "\n" not in text[sentence.end : following.start]
    end = following.end if same_paragraph else sentence.end
    return anchoring.Span(start, end) if start < end else None
