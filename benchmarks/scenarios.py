"""The six measurements. Each compares side by side in one run where the issue asks for a
ratio, so a noisy machine moves both sides of it alike."""

from __future__ import annotations

import itertools
import math
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import orjson
import psycopg
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client as DjangoClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token

from annotations.models import Article, Claim, ReviewEvent
from annotations.selectors.similarity import similar_to_claim
from annotations.workflow import Action, ClaimStatus
from benchmarks import prose
from benchmarks.dataset import Dataset, sentence_spans
from benchmarks.measure import (
    Metric,
    ScenarioResult,
    at_least,
    at_most,
    latency_summary,
    median,
    megabytes,
    milliseconds,
    percentile,
)
from benchmarks.reference_drf import PAGE_SIZE
from benchmarks.server import AppServer, Client, Response


@dataclass
class Bench:
    server: AppServer
    dataset: Dataset
    database_url: str
    quick: bool

    def client(self, headers: dict[str, str] | None = None) -> Client:
        return Client(self.server.port, headers=headers)

    def token_client(self, user_id: int) -> Client:
        token, _ = Token.objects.get_or_create(user_id=user_id)
        return self.client({"Authorization": f"Token {token.key}"})

    def session_client(self, user_id: int) -> Client:
        """A signed-in browser: session cookie, CSRF cookie and the header htmx sends it in."""
        django_client = DjangoClient()
        django_client.force_login(User.objects.get(pk=user_id))
        session = django_client.cookies[settings.SESSION_COOKIE_NAME].value
        cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
        page = self.client({"Cookie": cookie}).get("/articles/")
        csrf = page.cookies[settings.CSRF_COOKIE_NAME]
        return self.client(
            {"Cookie": f"{cookie}; {settings.CSRF_COOKIE_NAME}={csrf}", "X-CSRFToken": csrf}
        )


def _check(response: Response, what: str, status: int = 200) -> Response:
    if response.status != status:
        raise RuntimeError(f"{what}: HTTP {response.status}: {response.body[:300]!r}")
    return response


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


# 1. The article page ------------------------------------------------------------------------


def article_page(bench: Bench) -> ScenarioResult:
    """The page with 1,000 claims against the same text with one: queries (in process, Django's
    test client) and response time through gunicorn, alternating between the two pages. The
    pages are read again unchanged, as readers read them; then once more, each request after an
    edit of one claim's text on its article, so that the reader's remembered markup cannot be
    used (`article.cold.*`: the first view after every change)."""
    result = ScenarioResult("Article page")
    editor = bench.dataset.editor_ids[0]
    articles = {
        "heavy": bench.dataset.heavy_article_id,
        "one_claim": bench.dataset.twin_article_id,
    }
    pages = {name: reverse("article-detail", args=[pk]) for name, pk in articles.items()}
    queries = _query_counts(editor, pages)
    client = bench.session_client(editor)
    repeats = 8 if bench.quick else 40
    sizes: dict[str, int] = {}

    def timed(before_each: Callable[[str], None] | None = None) -> dict[str, list[float]]:
        seconds: dict[str, list[float]] = {name: [] for name in pages}
        for round_number in range(3 + repeats):
            order = list(pages) if round_number % 2 else list(reversed(pages))
            for name in order:
                if before_each is not None:
                    before_each(name)
                response = _check(client.get(pages[name]), f"article page {name}")
                sizes[name] = len(response.body)
                if round_number >= 3:
                    seconds[name].append(response.seconds)
        return seconds

    seconds = timed()
    claims = Claim.objects.filter(article_id=bench.dataset.heavy_article_id).count()
    _heavy_beside_one(
        result,
        "article",
        queries=queries,
        seconds=seconds,
        limit=2,
        heavy=f"page with {claims:,} claims",
        one="same page with 1 claim",
    )
    edited = {
        name: Claim.objects.filter(article_id=pk, status=ClaimStatus.DRAFT.value)
        .order_by("pk")
        .values_list("pk", "text")
        .first()
        for name, pk in articles.items()
    }
    edits = itertools.count()

    def edit_one_claim(name: str) -> None:
        pk, text = edited[name]
        Claim.objects.filter(pk=pk).update(text=f"{text} ({next(edits)})")

    try:
        cold = timed(before_each=edit_one_claim)
    finally:
        for pk, text in edited.values():
            Claim.objects.filter(pk=pk).update(text=text)
    medians = {name: median(values) for name, values in cold.items()}
    for name, label in (("heavy", "1,000 claims"), ("one_claim", "1 claim")):
        result.add(
            Metric(
                f"article.cold.median_ms.{name}",
                f"After an edit: median time, {label}",
                milliseconds(medians[name]),
                "ms",
            )
        )
    result.add(
        Metric(
            "article.cold.ratio",
            "After an edit: time ratio (first view, nothing remembered)",
            round(medians["heavy"] / medians["one_claim"], 2),
            "×",
        )
    )
    result.details = {
        "requests_per_page": repeats,
        "response_bytes": sizes,
        "p95_ms": {name: milliseconds(percentile(s, 0.95)) for name, s in seconds.items()},
    }
    return result


def _heavy_beside_one(
    result: ScenarioResult,
    key: str,
    *,
    queries: dict[str, int],
    seconds: dict[str, list[float]],
    limit: float,
    heavy: str,
    one: str,
) -> None:
    """The figures of one side-by-side comparison of the heavy article with its one-claim twin:
    the query counts (equal), the median times, and their ratio (at most `limit`)."""
    result.add(
        Metric(
            f"{key}.queries.heavy",
            f"Queries, {heavy}",
            queries["heavy"],
            "",
            f"= {queries['one_claim']}",
            queries["heavy"] == queries["one_claim"],
        )
    )
    result.add(Metric(f"{key}.queries.one_claim", f"Queries, {one}", queries["one_claim"], ""))
    medians = {name: median(values) for name, values in seconds.items()}
    result.add(
        Metric(
            f"{key}.median_ms.heavy", f"Median time, {heavy}", milliseconds(medians["heavy"]), "ms"
        )
    )
    result.add(
        Metric(
            f"{key}.median_ms.one_claim",
            f"Median time, {one}",
            milliseconds(medians["one_claim"]),
            "ms",
        )
    )
    ratio = medians["heavy"] / medians["one_claim"]
    target, passed = at_most(ratio, limit, "×")
    result.add(
        Metric(
            f"{key}.ratio", "Time ratio, the two side by side", round(ratio, 2), "×", target, passed
        )
    )


def _query_counts(user_id: int, pages: dict[str, str]) -> dict[str, int]:
    django_client = DjangoClient()
    django_client.force_login(User.objects.get(pk=user_id))
    counts = {}
    for name, path in pages.items():
        django_client.get(path)  # the first request of a session reads it; count the next one
        with CaptureQueriesContext(connection) as captured:
            response = django_client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"article page {name}: HTTP {response.status_code}")
        counts[name] = len(captured)
    return counts


# 2. The export ------------------------------------------------------------------------------

EXPORT_PATH = "/api/v1/export/claims/"


def export(bench: Bench) -> ScenarioResult:
    """The whole export as ndjson (streamed) and jsonld (pages of 1,000), against two
    references over the same rows: a plain DRF list view and PostgreSQL's COPY of
    row_to_json. The fast three alternate over several rounds; the DRF view runs once."""
    result = ScenarioResult("Export of verified claims")
    client = bench.token_client(bench.dataset.reader_id)
    expected = Claim.objects.filter(status=ClaimStatus.VERIFIED.value).count()
    article = bench.dataset.main_article_ids[0]
    # Warm both workers (imports, URL reversal, connections) with small requests only: the
    # reference's pages of models leave a worker holding hundreds of MB, which would hide what
    # the export takes. So the first round measures the export's memory before any of them.
    for _ in range(4):
        _check(client.get(f"{EXPORT_PATH}?format=ndjson&article={article}"), "warm-up")
        _check(client.get(f"{EXPORT_PATH}?format=jsonld&page_size=50"), "warm-up")

    rounds = 1 if bench.quick else 3
    drf_pages = range(1, 11) if bench.quick else range(1, math.ceil(expected / PAGE_SIZE) + 1)
    runs: dict[str, list[dict]] = {"ndjson": [], "jsonld": [], "copy": [], "drf": []}
    for number in range(rounds):
        runs["copy"].append(_copy_reference(bench.database_url))
        runs["ndjson"].append(_ndjson(bench, client))
        runs["jsonld"].append(_jsonld(bench, client))
        runs["drf"].append(_drf_reference(bench, client, drf_pages[number::rounds]))
    drf = _combined(runs.pop("drf"))

    for name, measured in runs.items():
        for run in measured:
            if run["claims"] != expected:
                raise RuntimeError(f"{name} export gave {run['claims']} claims, not {expected}")
    if not bench.quick and drf["claims"] != expected:
        raise RuntimeError(f"The DRF reference gave {drf['claims']} claims, not {expected}")

    def median_run(name: str) -> dict:
        # One slow round on a shared machine does not decide the speed. Memory is the most any
        # round took: a worker keeps what it once allocated, so later rounds grow less.
        ordered = sorted(runs[name], key=lambda run: run["claims_per_second"])
        growth = max(run.get("memory_growth_bytes", 0) for run in runs[name])
        return {**ordered[len(ordered) // 2], "memory_growth_bytes": growth}

    ndjson, jsonld, copy = median_run("ndjson"), median_run("jsonld"), median_run("copy")
    rate = ndjson["claims_per_second"]
    result.add(
        Metric(
            "export.ndjson.rate",
            f"ndjson, {expected:,} claims",
            rate,
            "claims/s",
            *at_least(rate, 20_000),
        )
    )
    growth = megabytes(ndjson["memory_growth_bytes"])
    result.add(
        Metric(
            "export.ndjson.memory",
            "ndjson, worker memory growth",
            growth,
            "MB",
            *at_most(growth, 50, " MB"),
        )
    )
    result.add(
        Metric(
            "export.jsonld.rate", "jsonld (pages of 1,000)", jsonld["claims_per_second"], "claims/s"
        )
    )
    growth = megabytes(jsonld["memory_growth_bytes"])
    result.add(
        Metric(
            "export.jsonld.memory",
            "jsonld, worker memory growth",
            growth,
            "MB",
            *at_most(growth, 50, " MB"),
        )
    )
    result.add(
        Metric(
            "export.drf.rate",
            "Reference: DRF ListAPIView (pages of 1,000)",
            drf["claims_per_second"],
            "claims/s",
        )
    )
    result.add(
        Metric(
            "export.drf.memory",
            "Reference: DRF, worker memory growth",
            megabytes(drf["memory_growth_bytes"]),
            "MB",
        )
    )
    speedup = round(rate / drf["claims_per_second"], 1)
    result.add(
        Metric(
            "export.ndjson_vs_drf",
            "ndjson speed-up over DRF",
            speedup,
            "×",
            *at_least(speedup, 10, "×"),
        )
    )
    result.add(
        Metric(
            "export.copy.rate",
            "Reference: COPY (row_to_json) TO STDOUT",
            copy["claims_per_second"],
            "claims/s",
        )
    )
    gap = round(copy["claims_per_second"] / rate, 2)
    result.add(
        Metric("export.copy_vs_ndjson", "COPY's lead over ndjson", gap, "×", *at_most(gap, 3, "×"))
    )
    result.details = {"runs": runs, "drf": drf, "verified_claims": expected}
    return result


def _timed_export(bench: Bench, fetch: Callable[[], int]) -> dict:
    with bench.server.memory_watch() as watch:
        started = time.perf_counter()
        claims = fetch()
        seconds = time.perf_counter() - started
    return {
        "claims": claims,
        "seconds": round(seconds, 3),
        "claims_per_second": round(claims / seconds),
        "memory_growth_bytes": watch.growth_bytes,
        "memory_peak_bytes": watch.peak_bytes,
    }


def _ndjson(bench: Bench, client: Client) -> dict:
    def fetch() -> int:
        lines = 0

        def count(chunk: bytes) -> None:
            nonlocal lines
            lines += chunk.count(b"\n")

        _check(client.get(f"{EXPORT_PATH}?format=ndjson", on_chunk=count), "ndjson export")
        return lines

    return _timed_export(bench, fetch)


def _jsonld(bench: Bench, client: Client) -> dict:
    def fetch() -> int:
        claims, path = 0, f"{EXPORT_PATH}?format=jsonld&page_size=1000"
        while path:
            response = _check(client.get(path), "jsonld export")
            document = orjson.loads(response.body)
            page = document.get("first", document)
            claims += len(page["items"])
            path = _path(page["next"]) if page.get("next") else None
        return claims

    return _timed_export(bench, fetch)


def _drf_reference(bench: Bench, client: Client, pages: range) -> dict:
    """Some pages of the DRF view: its 100 pages take long enough that they are spread over the
    rounds, between the other measurements, rather than measured in one stretch."""

    def fetch() -> int:
        claims = 0
        for page in pages:
            path = f"/bench/reference/claims/?page={page}"
            claims += len(orjson.loads(_check(client.get(path), "DRF reference").body)["results"])
        return claims

    return _timed_export(bench, fetch)


def _combined(runs: list[dict]) -> dict:
    claims = sum(run["claims"] for run in runs)
    seconds = sum(run["seconds"] for run in runs)
    return {
        "claims": claims,
        "seconds": round(seconds, 3),
        "claims_per_second": round(claims / seconds),
        "memory_growth_bytes": max(run["memory_growth_bytes"] for run in runs),
        "memory_peak_bytes": max(run["memory_peak_bytes"] for run in runs),
        "parts": runs,
    }


COPY_REFERENCE = """
COPY (
    WITH claim_citations AS (
        SELECT citation.claim_id,
               json_agg(json_build_object(
                   'id', citation.id, 'stance', citation.stance, 'url', citation.url,
                   'title', citation.title, 'quote', citation.quote,
                   'location', citation.location, 'accessed_on', citation.accessed_on,
                   'archive_url', citation.archive_url,
                   'source', CASE WHEN source.id IS NOT NULL THEN json_build_object(
                       'name', source.name, 'domain', source.domain, 'kind', source.kind,
                       'reliability', source.reliability) END,
                   'article', CASE WHEN cited.id IS NOT NULL THEN json_build_object(
                       'id', cited_article.id, 'title', cited_article.title,
                       'start', citation.cited_start, 'end', citation.cited_end,
                       'exact', citation.cited_exact) END
               ) ORDER BY citation.created_at, citation.id) AS citations
        FROM sources_citation AS citation
        LEFT JOIN sources_source AS source ON source.id = citation.source_id
        LEFT JOIN annotations_articlerevision AS cited ON cited.id = citation.cited_revision_id
        LEFT JOIN annotations_article AS cited_article ON cited_article.id = cited.article_id
        GROUP BY citation.claim_id
    ), claim_tags AS (
        SELECT link.claim_id, json_agg(tag.name ORDER BY tag.name) AS tags
        FROM annotations_claim_tags AS link
        JOIN annotations_tag AS tag ON tag.id = link.tag_id
        GROUP BY link.claim_id
    )
    SELECT row_to_json(claim_row) FROM (
        SELECT claim.id, claim.text, claim.exact, claim.prefix, claim.suffix,
               claim.start, claim."end", claim.verdict, claim.verdict_note,
               claim.created_at, claim.updated_at, claim.verified_at,
               json_build_object(
                   'id', article.id, 'title', article.title, 'url', article.url,
                   'publisher', article.publisher, 'author', article.author,
                   'published_on', article.published_on, 'revision', revision.number
               ) AS article,
               json_build_object('username', editor.username, 'first_name', editor.first_name,
                                 'last_name', editor.last_name) AS editor,
               json_build_object('username', reviewer.username,
                                 'first_name', reviewer.first_name,
                                 'last_name', reviewer.last_name) AS reviewer,
               coalesce(claim_tags.tags, '[]') AS tags,
               coalesce(claim_citations.citations, '[]') AS citations
        FROM annotations_claim AS claim
        JOIN annotations_article AS article ON article.id = claim.article_id
        JOIN annotations_articlerevision AS revision ON revision.id = claim.revision_id
        JOIN auth_user AS editor ON editor.id = claim.created_by_id
        JOIN auth_user AS reviewer ON reviewer.id = claim.verified_by_id
        LEFT JOIN claim_tags ON claim_tags.claim_id = claim.id
        LEFT JOIN claim_citations ON claim_citations.claim_id = claim.id
        WHERE claim.status = 'verified'
        ORDER BY claim.updated_at, claim.id
    ) AS claim_row
) TO STDOUT
"""


def _copy_reference(database_url: str) -> dict:
    """The practical floor: PostgreSQL writes the JSON itself and nothing is done per row in
    Python (read by this process, over the same socket the app uses). Citations and tags are
    aggregated per claim in one pass each, which ran faster here than a subquery per claim."""
    with psycopg.connect(database_url) as conn, conn.cursor() as cursor:
        started = time.perf_counter()
        lines = 0
        with cursor.copy(COPY_REFERENCE) as copy:
            for data in copy:
                lines += bytes(data).count(b"\n")
        seconds = time.perf_counter() - started
    return {
        "claims": lines,
        "seconds": round(seconds, 3),
        "claims_per_second": round(lines / seconds),
    }


# 3. The review queue ------------------------------------------------------------------------

REVIEW_NEXT_PATH = "/api/v1/review/next/"


def review_queue(bench: Bench) -> ScenarioResult:
    """Sixteen reviewers take the next claim at once, until 2,000 are taken."""
    result = ScenarioResult("Review queue")
    wanted = 300 if bench.quick else 2_000
    reviewers = bench.dataset.reviewer_ids
    clients = {user_id: bench.token_client(user_id) for user_id in reviewers}
    names = dict(User.objects.filter(pk__in=reviewers).values_list("pk", "username"))
    lock = threading.Lock()
    issued = 0
    taken: list[tuple[int, int]] = []  # (claim id, reviewer id)
    seconds: list[float] = []
    failures: list[str] = []
    started_at = time.perf_counter()

    def reviewer(user_id: int) -> None:
        nonlocal issued
        while True:
            with lock:
                if issued >= wanted:
                    return
                issued += 1
            response = clients[user_id].post(REVIEW_NEXT_PATH)
            with lock:
                seconds.append(response.seconds)
                if response.status != 200:
                    failures.append(f"HTTP {response.status}: {response.body[:200]!r}")
                    continue
                claim = orjson.loads(response.body)
                if claim["assigned_to"] != names[user_id]:
                    failures.append(f"claim {claim['id']} went to {claim['assigned_to']}")
                taken.append((claim["id"], user_id))

    _run_threads(reviewer, reviewers)
    elapsed = time.perf_counter() - started_at
    per_claim = Counter(claim_id for claim_id, _ in taken)
    doubles_in_answers = sum(1 for count in per_claim.values() if count > 1)
    # The database's own record: claims with more than one take event.
    doubles_in_db = _claims_taken_twice(reviewers)
    doubles = max(doubles_in_answers, doubles_in_db)
    latency = latency_summary(seconds)
    result.add(
        Metric(
            "review.taken",
            "Claims taken by 16 reviewers",
            len(taken),
            "",
            f"= {wanted:,}",
            len(taken) == wanted and not failures,
        )
    )
    result.add(
        Metric("review.double_assignments", "Double assignments", doubles, "", "= 0", doubles == 0)
    )
    result.add(
        Metric("review.rate", "Assignments per second", round(len(taken) / elapsed, 1), "/s")
    )
    result.add(Metric("review.p50", "Take next, p50", latency["p50_ms"], "ms"))
    result.add(Metric("review.p95", "Take next, p95", latency["p95_ms"], "ms"))
    result.details = {"latency": latency, "failures": failures[:20], "seconds": elapsed}
    return result


def _claims_taken_twice(reviewers: tuple[int, ...]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT claim_id FROM {ReviewEvent._meta.db_table} "
            "WHERE action = %s AND actor_id = ANY(%s) GROUP BY claim_id HAVING count(*) > 1) t",
            [Action.TAKE.value, list(reviewers)],
        )
        return cursor.fetchone()[0]


def _run_threads(target: Callable[[int], None], arguments) -> None:
    threads = [threading.Thread(target=target, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# 4. Claim creation --------------------------------------------------------------------------


def claim_creation(bench: Bench) -> ScenarioResult:
    """Saving one claim on the article with 1,000 claims against the same text with one (side
    by side, each claim deleted again), then eight editors marking claims through the htmx
    endpoint for 30 seconds, each on an article of typical length and density; every answer
    must carry the new claim's regions."""
    result = ScenarioResult("Claim creation (htmx)")
    ratio_details = _create_ratio(bench, result)
    duration = 5 if bench.quick else 30
    writers = bench.dataset.writer_ids
    articles = _typical_articles(bench.dataset, len(writers))
    clients = {user_id: bench.session_client(user_id) for user_id in writers}
    lock = threading.Lock()
    seconds: list[float] = []
    failures: list[str] = []
    deadline = time.perf_counter() + duration

    def writer(index: int) -> None:
        user_id = writers[index]
        article_id, text, sentences = articles[index]
        rng = random.Random(index)
        path = reverse("claim-create", args=[article_id])
        number = 0
        while time.perf_counter() < deadline:
            start, end, _ = rng.choice(sentences)
            number += 1
            # Restated in words of its own: the data set's claims read as their quotes, and a
            # claim with exactly another's span and words is refused as a likely slip (409).
            restated = f"Editor {index} restates claim {number}."
            form = {"start": start, "end": end, "exact": text[start:end], "text": restated}
            form["note"] = ""
            if rng.random() < 0.3:
                form["free_tags"] = rng.choice(prose.TOPICS)
            response = clients[user_id].post(
                path,
                body=urlencode(form).encode(),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "HX-Request": "true",
                },
            )
            with lock:
                seconds.append(response.seconds)
                if response.status != 200 or "hx-trigger-after-settle" not in response.headers:
                    failures.append(f"HTTP {response.status}: {response.body[:200]!r}")

    started = time.perf_counter()
    _run_threads(writer, range(len(writers)))
    elapsed = time.perf_counter() - started
    created = Claim.objects.filter(created_by_id__in=writers).count()
    latency = latency_summary(seconds)
    result.add(
        Metric(
            "create.rate",
            f"Claims created by {len(writers)} editors in {duration} s",
            round(created / elapsed, 1),
            "claims/s",
        )
    )
    result.add(Metric("create.p50", "Create, p50", latency["p50_ms"], "ms"))
    result.add(Metric("create.p95", "Create, p95", latency["p95_ms"], "ms"))
    result.add(Metric("create.errors", "Errors", len(failures), "", "= 0", not failures))
    result.details = {
        "side_by_side": ratio_details,
        "latency": latency,
        "created": created,
        "requests": len(seconds),
        "failures": failures[:20],
        "articles": {
            article_id: Claim.objects.filter(article_id=article_id).count()
            for article_id, _, _ in articles
        },
    }
    return result


CREATE_SPANS = 20
"""Sentences spread over the heavy article (and the same offsets of its twin) claimed in turn."""


def _create_ratio(bench: Bench, result: ScenarioResult) -> dict:
    """One editor saves a claim on the heavy article and the same sentence of its one-claim
    twin, alternately, and each claim is deleted at once, so the articles stay as built:
    queries (in process) and time through gunicorn (issue 18: at most 1.25×)."""
    editor = bench.dataset.writer_ids[0]
    articles = {"heavy": bench.dataset.heavy_article_id, "one_claim": bench.dataset.twin_article_id}
    revision = Article.objects.select_related("current_revision").get(pk=articles["heavy"])
    text = revision.current_revision.text
    # The twin's text differs in its last character only: leave the last sentence out.
    sentences = sentence_spans(text, revision.current_revision.blocks)[:-1]
    spans = [sentences[i * len(sentences) // CREATE_SPANS] for i in range(CREATE_SPANS)]

    def form(number: int) -> dict[str, object]:
        start, end, _ = spans[number % len(spans)]
        return {"start": start, "end": end, "exact": text[start:end], "text": f"Bench {number}"}

    queries = {name: _create_queries(editor, pk, form(0)) for name, pk in articles.items()}
    client = bench.session_client(editor)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true"}
    repeats = 8 if bench.quick else 40
    seconds: dict[str, list[float]] = {name: [] for name in articles}
    sizes: dict[str, list[int]] = {name: [] for name in articles}
    for number in range(3 + repeats):
        order = list(articles) if number % 2 else list(reversed(articles))
        for name in order:
            path = reverse("claim-create", args=[articles[name]])
            body = urlencode(form(number)).encode()
            response = _check(client.post(path, body=body, headers=headers), f"create {name}")
            _delete_saved(response.headers["hx-trigger-after-settle"])
            if number >= 3:
                seconds[name].append(response.seconds)
                sizes[name].append(len(response.body))
    claims = Claim.objects.filter(article_id=articles["heavy"]).count()
    _heavy_beside_one(
        result,
        "create",
        queries=queries,
        seconds=seconds,
        limit=1.25,
        heavy=f"saving a claim beside {claims:,} claims",
        one="saving a claim beside 1 claim",
    )
    return {
        "requests_per_article": repeats,
        "response_bytes": {name: median(values) for name, values in sizes.items()},
        "p95_ms": {name: milliseconds(percentile(s, 0.95)) for name, s in seconds.items()},
    }


def _create_queries(user_id: int, article_id: int, form: dict[str, object]) -> int:
    django_client = DjangoClient()
    django_client.force_login(User.objects.get(pk=user_id))
    path = reverse("claim-create", args=[article_id])
    counts = []
    for _ in range(2):  # the first request of a session reads it; count the next one
        with CaptureQueriesContext(connection) as captured:
            response = django_client.post(path, form, headers={"HX-Request": "true"})
        if response.status_code != 200:
            raise RuntimeError(f"create: HTTP {response.status_code}: {response.content[:300]!r}")
        _delete_saved(response["HX-Trigger-After-Settle"])
        counts.append(len(captured))
    return counts[-1]


def _delete_saved(trigger: str) -> None:
    """Delete the claim an answer's `claim-saved` event names: the data set stays as built."""
    Claim.objects.filter(pk=orjson.loads(trigger)["claim-saved"]["id"]).delete()


def _typical_articles(dataset: Dataset, count: int) -> list[tuple[int, str, list]]:
    """`count` articles from the middle of the length range, with their sentences."""
    articles = sorted(
        Article.objects.filter(pk__in=dataset.main_article_ids).select_related("current_revision"),
        key=lambda article: len(article.current_revision.text),
    )
    middle = len(articles) // 2
    chosen = articles[max(0, middle - count // 2) :][:count]
    chosen = (chosen * count)[:count]  # a tiny data set may have fewer articles than editors
    return [
        (
            article.pk,
            article.current_revision.text,
            sentence_spans(article.current_revision.text, article.current_revision.blocks),
        )
        for article in chosen
    ]


# 5. Search ----------------------------------------------------------------------------------


def search(bench: Bench) -> ScenarioResult:
    """The article list searched for twenty typical queries, each several times over."""
    result = ScenarioResult("Full-text search")
    client = bench.session_client(bench.dataset.editor_ids[0])
    rounds = 2 if bench.quick else 5
    per_query: dict[str, list[float]] = {query: [] for query in prose.SEARCH_QUERIES}
    for round_number in range(1 + rounds):
        for query in prose.SEARCH_QUERIES:
            response = _check(client.get(f"/articles/?{urlencode({'q': query})}"), "search")
            if round_number:
                per_query[query].append(response.seconds)
    every = [value for values in per_query.values() for value in values]
    latency = latency_summary(every)
    result.add(Metric("search.p50", "Search, p50 of 20 queries", latency["p50_ms"], "ms"))
    result.add(Metric("search.p95", "Search, p95 of 20 queries", latency["p95_ms"], "ms"))
    result.details = {
        "latency": latency,
        "median_ms_per_query": {q: milliseconds(median(s)) for q, s in per_query.items()},
    }
    return result


# 6. Seen before -----------------------------------------------------------------------------

SIMILAR_SAMPLE = 200
"""Claims whose similar claims are asked for: every status, spread over the articles."""


def similar(bench: Bench) -> ScenarioResult:
    """The "Seen before" candidate query for a sample of claims, timed in this process (the
    query alone, as the claim page and the claim dialog run it) and through gunicorn (the API
    endpoint, `/api/v1/claims/{id}/similar/`), with the query count of the claim page."""
    result = ScenarioResult("Seen before")
    total = Claim.objects.count()
    step = max(1, total // SIMILAR_SAMPLE)
    sample = list(
        Claim.objects.order_by("id").values_list("id", flat=True)[::step][:SIMILAR_SAMPLE]
    )
    claims = list(Claim.objects.filter(pk__in=sample).only("id", "text", "exact", "article_id"))
    rounds = 1 if bench.quick else 3
    query_seconds: list[float] = []
    found = 0
    for round_number in range(1 + rounds):  # the first round warms the cache
        for claim in claims:
            started = time.perf_counter()
            candidates = similar_to_claim(claim=claim)
            if round_number:
                query_seconds.append(time.perf_counter() - started)
                found += bool(candidates)
    client = bench.token_client(bench.dataset.reader_id)
    api_seconds = [
        _check(client.get(f"/api/v1/claims/{claim.pk}/similar/"), "similar").seconds
        for claim in claims[: 50 if bench.quick else len(claims)]
    ]
    query, api = latency_summary(query_seconds), latency_summary(api_seconds)
    result.add(
        Metric(
            "similar.query.p50", f"Candidate query, p50 ({total:,} claims)", query["p50_ms"], "ms"
        )
    )
    target, passed = at_most(query["p95_ms"], 200, " ms")
    result.add(
        Metric(
            "similar.query.p95",
            f"Candidate query, p95 ({total:,} claims)",
            query["p95_ms"],
            "ms",
            target,
            passed,
        )
    )
    result.add(Metric("similar.api.p50", "API /similar/, p50", api["p50_ms"], "ms"))
    result.add(Metric("similar.api.p95", "API /similar/, p95", api["p95_ms"], "ms"))
    result.add(
        Metric(
            "similar.found",
            "Claims with at least one similar claim",
            round(found / len(query_seconds), 3),
            "",
        )
    )
    result.details = {"claims": total, "sample": len(claims), "query": query, "api": api}
    return result


SCENARIOS: dict[str, Callable[[Bench], ScenarioResult]] = {
    "article": article_page,
    "export": export,
    "review": review_queue,
    "create": claim_creation,
    "search": search,
    "similar": similar,
}
