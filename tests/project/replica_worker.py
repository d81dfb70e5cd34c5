"""Run by test_replicas.py against a primary and its streaming replica (DATABASE_URL and
DATABASE_REPLICA_URL): drives the app through Django's test client, records which database each
request read the app's tables from, and writes the findings as JSON to the file it is given.

A separate process because settings (and so the databases) are fixed when Django starts.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from annotations.models import Claim  # noqa: E402
from annotations.workflow import ClaimStatus  # noqa: E402
from project import embedded_postgres  # noqa: E402

APP_TABLES = re.compile(r'"(annotations|sources)_\w+"|\b(annotations|sources)_\w+\b')
HOST = {"HTTP_HOST": "localhost"}


def wait_for_replay() -> None:
    with connections["default"].cursor() as primary, connections["replica"].cursor() as replica:
        embedded_postgres.wait_for_replay(primary, replica)


def set_replay(paused: bool) -> None:
    with connections["replica"].cursor() as cursor:
        cursor.execute(f"SELECT pg_wal_replay_{'pause' if paused else 'resume'}()")
    if not paused:
        wait_for_replay()


def served(client: Client, method: str, path: str, **extra) -> dict[str, object]:
    """One request: its status, body and how many app-table queries each database answered."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = getattr(client, method)(path, **HOST, **extra)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    on_primary = [
        query["sql"] for query in primary.captured_queries if APP_TABLES.search(query["sql"])
    ]
    return {
        "status": response.status_code,
        "body": body.decode(),
        "primary": len(on_primary),
        "primary_queries": on_primary,
        "replica": sum(bool(APP_TABLES.search(query["sql"])) for query in replica.captured_queries),
        "wrote_cookie": "corroborate_wrote" in response.cookies,
    }


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def with_token(username: str) -> Client:
    token, _ = Token.objects.get_or_create(user=get_user_model().objects.get(username=username))
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def main() -> None:
    call_command("load_demo", stdout=io.StringIO())
    wait_for_replay()
    verified = Claim.objects.filter(status=ClaimStatus.VERIFIED).order_by("pk").first()
    article = verified.revision.article
    findings: dict[str, object] = {}

    anonymous = Client()
    findings["public_factcheck"] = served(anonymous, "get", f"/factchecks/{verified.pk}/")
    reader = signed_in("reader")
    findings["article_list"] = served(reader, "get", "/articles/")
    findings["article_page"] = served(reader, "get", f"/articles/{article.pk}/")
    findings["review_dashboard"] = served(signed_in("reviewer"), "get", "/review/dashboard/")
    consumer = with_token("reader")
    findings["export_json"] = served(consumer, "get", "/api/v1/export/claims/?format=json")
    findings["export_ndjson"] = served(consumer, "get", "/api/v1/export/claims/?format=ndjson")

    # Read-your-writes: the replica stops replaying, an editor uploads an article; the editor
    # sees it at once (primary), another user does not until the replica catches up.
    set_replay(paused=True)
    editor = signed_in("editor")
    title = "Replica lag probe: the ferry timetable"
    findings["upload"] = served(
        editor,
        "post",
        "/articles/new/",
        data={"title": title, "text": "The ferry runs every 20 minutes.", "text_format": ""},
    )
    search = f"/articles/?q={'ferry timetable'.replace(' ', '+')}"
    findings["list_after_own_write"] = served(editor, "get", search)
    findings["list_by_other_while_lagging"] = served(reader, "get", search)

    # The export while the replica lags: a consumer holding a cursor misses nothing.
    first = json.loads(served(consumer, "get", "/api/v1/export/claims/?format=json")["body"])
    reopened = served(
        with_token("reviewer"),
        "post",
        f"/api/v1/claims/{verified.pk}/reopen/",
        data={"comment": "Replica lag probe: the figures are being rechecked."},
        content_type="application/json",
    )
    findings["reopen"] = {"status": reopened["status"]}
    export = "/api/v1/export/claims/?format=json&cursor="
    lagging = json.loads(served(consumer, "get", export + first["cursor"])["body"])
    findings["sync_while_lagging"] = lagging
    set_replay(paused=False)
    findings["list_by_other_after_catch_up"] = served(reader, "get", search)
    # The consumer goes on from the cursor the lagging replica gave it.
    findings["sync_after_catch_up"] = json.loads(
        served(consumer, "get", export + lagging["cursor"])["body"]
    )
    findings["reopened_claim"] = verified.pk
    with open(sys.argv[1], "w") as report:
        json.dump(findings, report)


if __name__ == "__main__":
    main()
