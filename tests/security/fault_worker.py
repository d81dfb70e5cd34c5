"""Writes claims and moves them through the review workflow, through the services, until told to
stop, riding out database outages; prints every write the moment it is committed.

Run by `test_database_faults.py` against a throwaway server (DATABASE_URL):
`python -m tests.security.fault_worker STOP_FILE`. Output lines: `ok <claim id> <status>` after
each committed write, `outage` after each failed one, `done` at the end.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import django

# Bounds, so that the worker ends by itself even if the test that started it does not.
MAX_SECONDS = 60
ARTICLE_TEXT = (
    "The council said the new bridge carried 9,000 vehicles a day in its first month.\n\n"
    "Traffic on the old crossing fell by a third over the same period, officials said."
)


def main(stop_file: Path) -> None:
    django.setup()
    from django.contrib.auth.models import User
    from django.db import DatabaseError, connection

    from annotations import anchoring
    from annotations.roles import Role
    from annotations.services.articles import ArticleContent, article_upload
    from annotations.services.citations import citation_create
    from annotations.services.claims import claim_create
    from annotations.services.review import claim_transition
    from annotations.services.roles import user_set_roles
    from annotations.workflow import Action

    editor = User.objects.create(username="fault-editor")
    reviewer = User.objects.create(username="fault-reviewer")
    user_set_roles(user=editor, roles=[Role.EDITOR])
    user_set_roles(user=reviewer, roles=[Role.REVIEWER])
    article = article_upload(
        user=editor, content=ArticleContent(text=ARTICLE_TEXT, source_format="text")
    )
    position = anchoring.TextPositionSelector(4, 40)
    steps = [
        (editor, Action.SUBMIT, {}),
        (reviewer, Action.TAKE, {}),
        (reviewer, Action.VERIFY, {"verdict": "true"}),
    ]

    def committed(write, **arguments):
        """Run one write (its own transaction): its result, or None when the database was not
        there."""
        try:
            return write(**arguments)
        except DatabaseError:
            connection.close()  # what the end of a request does with a broken connection
            print("outage", flush=True)
            time.sleep(0.05)
            return None

    def new_claim():
        claim = claim_create(user=editor, article=article, position=position, text="A claim")
        citation_create(user=editor, claim=claim, stance="corroborates", url="https://example.org/")
        return claim

    deadline = time.monotonic() + MAX_SECONDS
    claim, step = None, 0
    while not stop_file.exists() and time.monotonic() < deadline:
        if claim is None:
            claim = committed(new_claim)
            if claim is not None:
                print(f"ok {claim.pk} draft", flush=True)
            continue
        actor, action, extra = steps[step]
        moved = committed(claim_transition, user=actor, claim=claim, action=action, **extra)
        if moved is None:
            # The write may have been committed before the outage or not: start a new claim.
            claim, step = None, 0
            continue
        print(f"ok {moved.pk} {moved.status}", flush=True)
        claim, step = (None, 0) if step + 1 == len(steps) else (moved, step + 1)
    print("done", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
