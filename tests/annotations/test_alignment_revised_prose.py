"""Following claims through real corrections: successive versions of public documents
(`tests/fixtures/revised_prose/`, CC0), with a claim on every sentence and on every clause.

The counts per outcome are those reported in the README. Every changed claim's proposal was
read and is listed below; no claim was anchored to a wrong place.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotations import canonical
from annotations.alignment import Outcome, align
from annotations.anchoring import Span

PROSE = Path(__file__).resolve().parents[1] / "fixtures" / "revised_prose"
SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
CLAUSE = re.compile(r"[^.!?,;:\n]+")

# (document, claims on its sentences or clauses) → (anchored, changed, orphaned)
COUNTS = {
    ("github-community-guidelines", "sentences"): (89, 14, 1),
    ("github-community-guidelines", "clauses"): (183, 21, 2),
    ("github-misinformation-policy", "sentences"): (9, 3, 0),
    ("github-misinformation-policy", "clauses"): (19, 3, 0),
}

# How each changed sentence begins, and how its proposed new wording begins (read, all right).
CHANGED_SENTENCES = {
    "github-community-guidelines": [
        ("• /articles/github-community-guidelines ", "• /articles/github-community-guidelines "),
        ("We rely on our community members to comm", "We rely on our community members to comm"),
        ("By outlining what we expect to see withi", "By outlining what we expect to see withi"),
        ("We will investigate any abuse reports an", "We will investigate any abuse reports an"),
        ("Of course, you can always contact us to ", "Of course, you can always contact us to "),
        ("• Threats of violence - You may not thre", "• Threats of violence\n\nYou may not threa"),
        ("• Hate speech and discrimination - While", "• Hate speech and discrimination\n\nWhile "),
        ("• Bullying and harassment - We do not to", "• Bullying and harassment\n\nWe do not tol"),
        ("• Impersonation - You may not seek to mi", "• Impersonation\n\nYou may not seek to mis"),
        ("• Doxxing and invasion of privacy - Don'", "• Doxxing and invasion of privacy\n\nDon't"),
        ("• Sexually obscene content - Don’t post ", "• Sexually obscene content\n\nDon’t post c"),
        ("• Gratuitously violent content - Don’t p", "• Gratuitously violent content*\n\nDon’t p"),
        ("• Misinformation and disinformation - Yo", "• Misinformation and disinformation\n\nYou"),
        ("• Active malware or exploits - Being par", "• Active malware or exploits\n\nBeing part"),
    ],
    "github-misinformation-policy": [
        ("title: GitHub Misinformation and Disinfo", "title: GitHub Misinformation and Disinfo"),
        ("• Legal", "• Legal"),
        ("We generally allow parody and satire tha", "We generally allow parody and satire tha"),
    ],
}


def versions(document: str) -> tuple[str, str]:
    folder = PROSE / document
    return tuple(
        canonical.canonicalize((folder / name).read_text(encoding="utf-8"), "markdown").text
        for name in ("1.md", "2.md")
    )


def claims(text: str, pattern: re.Pattern[str], shortest: int) -> list[Span]:
    """A claim on each piece the pattern finds longer than `shortest`, without its surrounding
    whitespace."""
    spans = []
    for match in pattern.finditer(text):
        piece = match.group()
        start = match.start() + len(piece) - len(piece.lstrip())
        end = match.end() - (len(piece) - len(piece.rstrip()))
        if end - start > shortest:
            spans.append(Span(start, end))
    return spans


def surroundings(text: str, span: Span) -> Span:
    """The span widened by 32 characters each side, within its paragraph."""
    paragraph_start = text.rfind("\n\n", 0, span.start)
    paragraph_end = text.find("\n\n", span.end)
    return Span(
        max(span.start - 32, paragraph_start + 2 if paragraph_start >= 0 else 0),
        min(span.end + 32, paragraph_end if paragraph_end >= 0 else len(text)),
    )


def right_place(old: str, new: str, span: Span, found: Span) -> bool:
    """Whether `found` is where `span` went, judged independently of the alignment: the words
    around the claim identify its place when they occur once in each text; for text repeated
    verbatim (boilerplate), the copy of the same rank is the right one (no earlier copy of any
    repeated passage here was deleted or added between the versions, which was read)."""
    around = surroundings(old, span).quote(old)
    places = [m.start() for m in re.finditer(re.escape(around), new)]
    if old.count(around) == 1 and len(places) == 1:
        return places[0] + (span.start - surroundings(old, span).start) == found.start
    quote = span.quote(old)
    old_places = [m.start() for m in re.finditer(re.escape(quote), old)]
    new_places = [m.start() for m in re.finditer(re.escape(quote), new)]
    return old_places.index(span.start) == new_places.index(found.start)


@pytest.mark.parametrize(("document", "kind"), list(COUNTS), ids=lambda key: key)
def test_real_corrections_give_the_reported_counts_and_no_wrong_place(document, kind):
    old, new = versions(document)
    pattern, shortest = (SENTENCE, 3) if kind == "sentences" else (CLAUSE, 8)
    alignment = align(old, new)
    counts = dict.fromkeys(Outcome, 0)

    for span in claims(old, pattern, shortest):
        followed = alignment.follow(span)
        counts[followed.outcome] += 1
        if followed.outcome is Outcome.ANCHORED:
            assert followed.span.quote(new) == span.quote(old)
            assert right_place(old, new, span, followed.span), span.quote(old)

    assert tuple(counts.values()) == COUNTS[(document, kind)]


@pytest.mark.parametrize("document", list(CHANGED_SENTENCES))
def test_each_changed_sentence_proposes_its_own_new_wording(document):
    old, new = versions(document)
    alignment = align(old, new)

    proposals = [
        (span.quote(old)[:40], followed.span.quote(new)[:40])
        for span in claims(old, SENTENCE, 3)
        if (followed := alignment.follow(span)).outcome is Outcome.CHANGED
    ]

    assert proposals == CHANGED_SENTENCES[document]
