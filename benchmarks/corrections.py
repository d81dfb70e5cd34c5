"""What following claims into a corrected revision costs: 1,000 claims on a 50,000-character
article, corrected the way newsrooms correct (figures fixed, sentences deleted, paragraphs added
and moved).

    .venv/bin/python -m benchmarks.corrections [--claims 1000] [--chars 50000] [--rounds 5]

Two figures, each the median of the rounds: the alignment alone (`annotations.alignment`: align
the two texts once, follow every claim), and the whole write as a page or the API makes it
(`article_revision_create`: store the revision, lock the claims, follow them, write the moved
claims and the audit rows), in a transaction that is rolled back. The second needs the
embedded database (`make run` or `make test` starts it); `--pure` skips it.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import time
from collections import Counter

from annotations import canonical
from annotations.alignment import align
from annotations.anchoring import Span
from benchmarks import prose

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")
_NUMBER = re.compile(r"\d+")


def _article(rng: random.Random, chars: int) -> str:
    return canonical.canonicalize(prose.article_markdown(rng, target_chars=chars), "markdown").text


def _corrected(rng: random.Random, text: str) -> str:
    """Ten figures fixed, three sentences deleted, two paragraphs added, one moved."""
    paragraphs = text.split("\n\n")
    for _ in range(10):
        index = rng.randrange(len(paragraphs))
        paragraphs[index] = _NUMBER.sub(lambda m: str(int(m.group()) + 1), paragraphs[index], 1)
    for _ in range(3):
        index = rng.randrange(len(paragraphs))
        sentences = _SENTENCE.findall(paragraphs[index])
        if len(sentences) > 1:
            paragraphs[index] = paragraphs[index].replace(sentences[-1], "", 1).strip()
    for _ in range(2):
        paragraphs.insert(rng.randrange(len(paragraphs)), prose.sentence(rng))
    paragraphs.insert(
        rng.randrange(len(paragraphs)), paragraphs.pop(rng.randrange(len(paragraphs)))
    )
    return "\n\n".join(paragraphs)


def _claims(rng: random.Random, text: str, count: int) -> list[Span]:
    sentences = [Span(m.start(), m.end()) for m in _SENTENCE.finditer(text)]
    return [rng.choice(sentences) for _ in range(count)]


def _load() -> str:
    """The machine's load (the benchmark shares it): wall times grow with it, CPU times less."""
    one_minute, _, _ = os.getloadavg()
    return f"load average {one_minute:.1f} on {os.cpu_count()} cores"


def measure_alignment(old: str, new: str, claims: list[Span], rounds: int) -> None:
    wall, cpu, outcomes = [], [], Counter()
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        alignment = align(old, new)
        outcomes = Counter(alignment.follow(span).outcome.value for span in claims)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    print(
        f"alignment: {len(claims)} claims on {len(old):,} characters: "
        f"{statistics.median(wall):.0f} ms wall, {statistics.median(cpu):.0f} ms CPU ({_load()})"
    )
    print(f"  outcomes: {dict(outcomes)}")


def measure_service(old: str, new: str, claims: list[Span], rounds: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    django.setup()
    from django.contrib.auth.models import User
    from django.db import transaction

    from annotations.models import Claim, ClaimCorrection
    from annotations.roles import Role
    from annotations.services.articles import (
        ArticleContent,
        article_revision_create,
        article_upload,
    )
    from annotations.services.roles import user_set_roles

    class RolledBack(Exception):
        pass

    def one_round() -> float:
        try:
            with transaction.atomic():
                editor = User.objects.create(username="corrections-benchmark")
                user_set_roles(user=editor, roles=(Role.EDITOR,))
                article = article_upload(user=editor, content=ArticleContent(old, "text"))
                revision = article.current_revision
                Claim.objects.bulk_create(
                    Claim(
                        article=article,
                        revision=revision,
                        start=span.start,
                        end=span.end,
                        exact=span.quote(revision.text),
                        text=span.quote(revision.text),
                        created_by=editor,
                    )
                    for span in claims
                )
                started, started_cpu = time.perf_counter(), time.process_time()
                article_revision_create(
                    user=editor, article=article, content=ArticleContent(new, "text")
                )
                elapsed = (
                    (time.perf_counter() - started) * 1000,
                    (time.process_time() - started_cpu) * 1000,
                )
                assert ClaimCorrection.objects.filter(claim__article=article).count() == len(claims)
                raise RolledBack(elapsed)
        except RolledBack as done:
            return done.args[0]

    timings = [one_round() for _ in range(rounds)]
    wall = statistics.median(t[0] for t in timings)
    cpu = statistics.median(t[1] for t in timings)
    print(
        f"article_revision_create with {len(claims)} claims: {wall:.0f} ms wall, {cpu:.0f} ms "
        f"CPU in the app ({_load()}); it stores the revision, follows the claims, writes them "
        "and the audit rows"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--chars", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pure", action="store_true", help="only the alignment, no database")
    args = parser.parse_args()
    rng = random.Random(16)
    old = _article(rng, args.chars)
    new = _corrected(rng, old)
    claims = _claims(rng, old, args.claims)
    measure_alignment(old, new, claims, args.rounds)
    if not args.pure:
        measure_service(old, new, claims, args.rounds)


if __name__ == "__main__":
    main()
