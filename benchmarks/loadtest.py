"""`make loadtest`: many concurrent clients against gunicorn on loopback, reading and writing.

Run by scripts/loadtest.sh, which prepares the database `<name>_load`, seeds it
(`--seed`), starts gunicorn and then runs this module against it. Each client signs in (a
session for pages, a token for the API) and loops until the time is up, picking at random:

- reads: the article list and an article page, the claims API, one claim, an export page;
- editors: mark a claim, cite evidence for it, submit it;
- reviewers: take the next claim from the queue and verify it.

At the end every write a client saw succeed (201, or 200 for a transition) is looked up in the
database: none may be missing, and no answer may be a server error. Prints latency percentiles
per kind of request and exits non-zero on a 5xx or a lost write.

    python -m benchmarks.loadtest --port 8303 --duration 60 --clients 50
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg

SEED_FILE = Path(__file__).resolve().parent.parent / "var" / "loadtest" / "seed.json"
LOAD_SUFFIX = "_load"
PASSWORD = "load-test-password-1"
EDITORS = REVIEWERS = 10
ARTICLES = 6
REQUEST_TIMEOUT = 30
ARTICLE_TEXT = (
    "Load test article {n}. The ferry operator said on Tuesday that passenger numbers rose by "
    "{n} percent in the spring.\n\nThe harbour board disputed the figure, saying the count "
    "included staff crossings.\n\nA spokesperson for the council declined to comment."
)


# The database -----------------------------------------------------------------------------


def load_database_url(*, server_url: str = "") -> str:
    """DATABASE_URL (or the embedded server's) with the database `<name>_load`, created if new.

    With `server_url` (a read replica of that server), the same database there, as it is."""
    from project import embedded_postgres

    url = os.environ.get("DATABASE_URL", "") or embedded_postgres.url()
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "corroborate"
    if not name.endswith(LOAD_SUFFIX):
        name += LOAD_SUFFIX
    if server_url:
        return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as server:
        if not server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            server.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def seed() -> None:
    """Users with tokens, articles and a few waiting claims; idempotent. Writes SEED_FILE."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    django.setup()
    from django.contrib.auth.models import User
    from rest_framework.authtoken.models import Token

    from annotations import anchoring
    from annotations.models import Article, Claim
    from annotations.roles import Role
    from annotations.services.articles import ArticleContent, ArticleMetadata, article_upload
    from annotations.services.citations import citation_create
    from annotations.services.claims import claim_create
    from annotations.services.review import claim_submit
    from annotations.services.roles import user_set_roles

    def user(name: str, role: Role) -> dict[str, str]:
        account, created = User.objects.get_or_create(username=name)
        if created:
            account.set_password(PASSWORD)
            account.save()
        user_set_roles(user=account, roles=[role])
        return {"username": name, "token": Token.objects.get_or_create(user=account)[0].key}

    editors = [user(f"load-editor-{n}", Role.EDITOR) for n in range(EDITORS)]
    reviewers = [user(f"load-reviewer-{n}", Role.REVIEWER) for n in range(REVIEWERS)]
    first_editor = User.objects.get(username=editors[0]["username"])
    for n in range(ARTICLES):
        title = f"Load test article {n}"
        if not Article.objects.filter(title=title).exists():
            article = article_upload(
                user=first_editor,
                content=ArticleContent(text=ARTICLE_TEXT.format(n=n), source_format="text"),
                metadata=ArticleMetadata(title=title, publisher="Load Test Gazette"),
            )
            for _ in range(3):
                claim = claim_create(
                    user=first_editor,
                    article=article,
                    position=anchoring.TextPositionSelector(0, 40),
                    # Three claims on one span, on purpose: the seed wants them, not a slip.
                    allow_duplicate=True,
                )
                citation_create(
                    user=first_editor, claim=claim, stance="context", url="https://example.org/"
                )
                claim_submit(user=first_editor, claim=claim)
    articles = list(
        Article.objects.filter(title__startswith="Load test article").values_list(
            "pk", "current_revision__text"
        )
    )
    SEED_FILE.parent.mkdir(parents=True, exist_ok=True)
    SEED_FILE.write_text(
        json.dumps(
            {
                "editors": editors,
                "reviewers": reviewers,
                "articles": [{"id": pk, "length": len(text)} for pk, text in articles],
                "claims": list(Claim.objects.values_list("pk", flat=True)[:50]),
            }
        )
    )
    print(f"Seeded {len(editors)} editors, {len(reviewers)} reviewers, {len(articles)} articles.")


# Clients ----------------------------------------------------------------------------------


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    server_errors: list[str] = field(default_factory=list)
    client_errors: Counter = field(default_factory=Counter)
    # What clients saw succeed: ids of claims and citations, (claim, status) of transitions.
    claims: set[int] = field(default_factory=set)
    citations: set[int] = field(default_factory=set)
    transitions: set[tuple[int, str]] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Client:
    """One person's browser and API client: its own connection, session cookie and token."""

    def __init__(self, host: str, port: int, token: str, results: Results) -> None:
        self.host, self.port, self.token, self.results = host, port, token, results
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def request(
        self,
        kind: str,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        api: bool = True,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        sent = dict(headers or {})
        if api:
            sent["Authorization"] = f"Token {self.token}"
            if body is not None:
                sent["Content-Type"] = "application/json"
        elif self.cookies:
            sent["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        started = time.perf_counter()
        try:
            status, reply = self._send(method, path, body, sent)
        except (OSError, http.client.HTTPException) as error:
            with self.results.lock:
                self.results.client_errors[f"{kind}: {type(error).__name__}"] += 1
            self.connection = None
            return 0, b""
        elapsed = time.perf_counter() - started
        with self.results.lock:
            self.results.latencies[kind].append(elapsed)
            self.results.statuses[kind][status] += 1
            if status >= 500:
                self.results.server_errors.append(f"{method} {path}: {status}")
        return status, reply

    def _send(self, method, path, body, headers) -> tuple[int, bytes]:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                self.host, self.port, timeout=REQUEST_TIMEOUT
            )
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        reply = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, reply

    def sign_in(self, username: str) -> bool:
        _, page = self.request("sign in", "GET", "/login/", api=False)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if match is None:
            return False
        form = urlencode(
            {
                "csrfmiddlewaretoken": match.group(1).decode(),
                "username": username,
                "password": PASSWORD,
            }
        ).encode()
        status, _ = self.request(
            "sign in",
            "POST",
            "/login/",
            body=form,
            api=False,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        return status == 302


def _json(reply: bytes) -> dict:
    try:
        return json.loads(reply)
    except ValueError:
        return {}


def read(client: Client, rng: random.Random, seed_data: dict) -> None:
    article = rng.choice(seed_data["articles"])["id"]
    choice = rng.randrange(5)
    if choice == 0:
        client.request("page: article list", "GET", "/articles/", api=False)
    elif choice == 1:
        client.request("page: article", "GET", f"/articles/{article}/", api=False)
    elif choice == 2:
        client.request("api: claims of an article", "GET", f"/api/v1/claims/?article={article}")
    elif choice == 3:
        claim = rng.choice(seed_data["claims"])
        client.request("api: one claim", "GET", f"/api/v1/claims/{claim}/")
    else:
        client.request("api: export", "GET", "/api/v1/export/claims/?format=json&page_size=50")


def edit(client: Client, rng: random.Random, seed_data: dict) -> None:
    """Mark a claim, cite evidence for it and submit it, as an editor does."""
    article = rng.choice(seed_data["articles"])
    start = rng.randrange(0, article["length"] - 30)
    body = {
        "article": article["id"],
        "selector": {"type": "TextPositionSelector", "start": start, "end": start + 25},
        "text": "A claim made under load.",
        "tags": [rng.choice(["ferries", "harbour", "council", "figures"])],
    }
    status, reply = client.request(
        "write: mark claim", "POST", "/api/v1/claims/", body=json.dumps(body).encode()
    )
    if status != 201:
        return
    claim = _json(reply)["id"]
    with client.results.lock:
        client.results.claims.add(claim)
    citation = {
        "stance": rng.choice(["corroborates", "conflicts", "context"]),
        "url": f"https://source{rng.randrange(20)}.example.org/report",
    }
    status, reply = client.request(
        "write: cite evidence",
        "POST",
        f"/api/v1/claims/{claim}/citations/",
        body=json.dumps(citation).encode(),
    )
    if status != 201:
        return
    with client.results.lock:
        client.results.citations.add(_json(reply)["id"])
    status, _ = client.request(
        "write: submit", "POST", f"/api/v1/claims/{claim}/submit/", body=b"{}"
    )
    if status == 200:
        with client.results.lock:
            client.results.transitions.add((claim, "submitted"))


def review(client: Client, rng: random.Random, seed_data: dict) -> None:
    """Take the next waiting claim and verify it, as a reviewer does."""
    status, reply = client.request("write: take next", "POST", "/api/v1/review/next/", body=b"{}")
    if status != 200:
        return
    claim = _json(reply)["id"]
    with client.results.lock:
        client.results.transitions.add((claim, "in_review"))
    verdict = {"verdict": rng.choice(["mixed", "unproven", "false"])}
    status, _ = client.request(
        "write: verify",
        "POST",
        f"/api/v1/claims/{claim}/verify/",
        body=json.dumps(verdict).encode(),
    )
    if status == 200:
        with client.results.lock:
            client.results.transitions.add((claim, "verified"))


def run_client(index: int, args, seed_data: dict, results: Results, deadline: float) -> None:
    rng = random.Random(index)
    is_editor = index % 2 == 0
    people = seed_data["editors" if is_editor else "reviewers"]
    person = people[(index // 2) % len(people)]
    client = Client(args.host, args.port, person["token"], results)
    if not client.sign_in(person["username"]):
        with results.lock:
            results.client_errors["sign in failed"] += 1
    write = edit if is_editor else review
    while time.monotonic() < deadline:
        if rng.random() < args.write_share:
            write(client, rng, seed_data)
        else:
            read(client, rng, seed_data)


# Checking and reporting -------------------------------------------------------------------


def lost_writes(results: Results, database_url: str) -> list[str]:
    """Every write a client saw succeed, looked up in the database."""
    with psycopg.connect(database_url) as connection:
        claims = {
            row[0]
            for row in connection.execute(
                "SELECT id FROM annotations_claim WHERE id = ANY(%s)", [list(results.claims)]
            )
        }
        citations = {
            row[0]
            for row in connection.execute(
                "SELECT id FROM sources_citation WHERE id = ANY(%s)", [list(results.citations)]
            )
        }
        events = set(
            connection.execute(
                "SELECT claim_id, to_status FROM annotations_reviewevent WHERE claim_id = ANY(%s)",
                [list({claim for claim, _ in results.transitions})],
            )
        )
    lost = [f"claim {claim}" for claim in sorted(results.claims - claims)]
    lost += [f"citation {citation}" for citation in sorted(results.citations - citations)]
    lost += [f"claim {claim} → {status}" for claim, status in sorted(results.transitions - events)]
    return lost


def replicated_lost_writes(results: Results, replica_url: str) -> list[str]:
    """The same look-up on the read replica, once it has replayed all the primary wrote."""
    from project.embedded_postgres import wait_for_replay

    with (
        psycopg.connect(os.environ["DATABASE_URL"]) as primary,
        psycopg.connect(replica_url) as replica,
    ):
        wait_for_replay(primary.cursor(), replica.cursor())
    return lost_writes(results, replica_url)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _row(kind: str, values: list[float], statuses: str = "") -> str:
    p50, p95, p99 = (
        statistics.median(values) * 1000,
        _percentile(values, 0.95) * 1000,
        _percentile(values, 0.99) * 1000,
    )
    return f"{kind:30} {len(values):7d} {p50:8.0f} {p95:8.0f} {p99:8.0f}  {statuses}"


def report(results: Results, seconds: float, lost: list[str], clients: int) -> None:
    everything = [value for values in results.latencies.values() for value in values]
    rate = len(everything) / seconds
    print(f"\n{clients} clients, {seconds:.0f} s: {len(everything)} requests, {rate:.0f}/s")
    print(f"{'request':30} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  statuses")
    for kind in sorted(results.latencies):
        counts = results.statuses[kind].items()
        statuses = " ".join(f"{code}×{count}" for code, count in sorted(counts))
        print(_row(kind, results.latencies[kind], statuses))
    if everything:
        print(_row("all", everything))
    print(
        f"\nWrites acknowledged: {len(results.claims)} claims, {len(results.citations)} citations, "
        f"{len(results.transitions)} transitions; lost: {len(lost)}."
    )
    print(f"Server errors (5xx): {len(results.server_errors)}.")
    for error in results.server_errors[:10]:
        print(f"  {error}")
    for error, count in results.client_errors.items():
        print(f"Client-side failures: {error} ×{count}")
    for write in lost[:10]:
        print(f"  lost: {write}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", action="store_true", help="print the load database URL")
    parser.add_argument("--on", default="", help="with --database-url: on this replica's server")
    parser.add_argument("--seed", action="store_true", help="seed the load database")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8303)
    parser.add_argument("--duration", type=float, default=60, help="seconds (default 60)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--write-share", type=float, default=0.3, help="share of writes (0.3)")
    args = parser.parse_args(argv)
    if args.database_url:
        print(load_database_url(server_url=args.on))
        return 0
    if args.seed:
        seed()
        return 0
    if args.host not in {"127.0.0.1", "localhost", "::1"}:
        parser.error("the load test only targets this machine (loopback)")

    seed_data = json.loads(SEED_FILE.read_text())
    results = Results()
    started = time.monotonic()
    deadline = started + args.duration
    threads = [
        threading.Thread(target=run_client, args=(index, args, seed_data, results, deadline))
        for index in range(args.clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.duration + REQUEST_TIMEOUT * 4)
    seconds = time.monotonic() - started
    lost = lost_writes(results, os.environ["DATABASE_URL"])
    replica_url = os.environ.get("DATABASE_REPLICA_URL", "")
    if replica_url:
        lost += [
            f"{write} (on the replica)" for write in replicated_lost_writes(results, replica_url)
        ]
    report(results, seconds, lost, args.clients)
    return 1 if results.server_errors or lost else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
