"""How well "Seen before" ranks, measured on the test set in `seen_before_pairs.json`: claims
from the demo and test articles and claims written for it, each with claims that say the same
in other words and near misses that differ in a number, a date, a place or a negation.

The corpus holds every original and every near miss, each as a claim of its own article. Each
other wording asks for similar claims: its original is the one right answer, and no near miss
may rank above it. Each near miss asks too: its original is similar but not the same claim,
so offering it as "likely the same" counts against precision. `python -m
tests.annotations.selectors.test_similarity_quality` is not needed: the figures the README
reports are in the assertion messages (`pytest -rA` shows them).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import transaction

from annotations.selectors.similarity import similar_claims
from tests.factories import ArticleFactory, ClaimFactory, UserFactory

PAIRS_FILE = Path(__file__).with_name("seen_before_pairs.json")
GROUPS = json.loads(PAIRS_FILE.read_text(encoding="utf-8"))["groups"]
TOP = 3

# The floors under the figures the README reports (measured: see the module docstring).
RECALL_FLOOR = 0.85
PRECISION_FLOOR = 0.85


@dataclass(frozen=True)
class Group:
    original: int
    """The original's claim id."""
    near_misses: dict[int, str]
    """Near-miss claim id → its text."""
    near_miss_articles: dict[int, int]
    same: list[str]


def _claim_of_own_article(text: str, author) -> tuple[int, int]:
    article = ArticleFactory(text=text, uploaded_by=author)
    claim = ClaimFactory(article=article, start=0, end=len(text), created_by=author)
    return claim.pk, article.pk


def _corpus() -> list[Group]:
    author = UserFactory()
    groups = []
    for group in GROUPS:
        original, _ = _claim_of_own_article(group["original"], author)
        near_misses, articles = {}, {}
        for near_miss in group["near_misses"]:
            claim_id, article_id = _claim_of_own_article(near_miss["text"], author)
            near_misses[claim_id] = near_miss["text"]
            articles[claim_id] = article_id
        groups.append(Group(original, near_misses, articles, group["same"]))
    return groups


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker) -> Iterator[list[Group]]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _corpus()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _top(text: str, *, exclude_article_id: int | None = None):
    return similar_claims(text=text, quote=text, exclude_article_id=exclude_article_id, limit=TOP)


@dataclass
class Counts:
    """Pairs judged at the top 3: a true match offered as likely the same claim is a hit."""

    hits: int = 0
    offered: int = 0
    positives: int = 0
    found: int = 0
    """True matches anywhere in the top 3, offered as the same or not."""

    @property
    def precision(self) -> float:
        return self.hits / self.offered if self.offered else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.positives

    def describe(self) -> str:
        return (
            f"precision@{TOP} {self.precision:.3f} ({self.hits}/{self.offered}), "
            f"recall@{TOP} {self.recall:.3f} ({self.hits}/{self.positives}), "
            f"true match in the top {TOP}: {self.found}/{self.positives}"
        )


def _measure(corpus: list[Group]) -> Counts:
    counts = Counts()
    for group in corpus:
        for wording in group.same:
            counts.positives += 1
            results = _top(wording)
            counts.found += any(item.pk == group.original for item in results)
            for item in results:
                if item.likely_same:
                    counts.offered += 1
                    counts.hits += item.pk == group.original
        for claim_id, text in group.near_misses.items():
            results = _top(text, exclude_article_id=group.near_miss_articles[claim_id])
            counts.offered += sum(item.likely_same for item in results)
    return counts


@pytest.mark.django_db
def test_the_test_set_has_at_least_200_pairs():
    pairs = sum(len(group["same"]) + len(group["near_misses"]) for group in GROUPS)
    kinds = {near_miss["differs"] for group in GROUPS for near_miss in group["near_misses"]}
    assert pairs >= 200
    assert kinds == {"number", "date", "place", "negation"}


def test_no_near_miss_ranks_above_the_true_match(db, corpus):
    wrong = []
    for group in corpus:
        for wording in group.same:
            ranked = [item.pk for item in _top(wording)]
            rank = ranked.index(group.original) if group.original in ranked else len(ranked)
            above = [group.near_misses[pk] for pk in ranked[:rank] if pk in group.near_misses]
            if above:
                wrong.append(f"{wording!r}: {above} above the original")
    assert not wrong, "\n".join(wrong)


def test_precision_and_recall_at_the_top_3_reach_what_the_readme_reports(db, corpus):
    counts = _measure(corpus)
    assert counts.recall >= RECALL_FLOOR, counts.describe()
    assert counts.precision >= PRECISION_FLOOR, counts.describe()
