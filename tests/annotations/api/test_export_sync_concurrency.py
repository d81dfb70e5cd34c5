"""No missed claim, ever: a consumer follows the cursor while threads verify, reopen, verify
again, delete, edit (what claims embed) and link claims as the same claim at the same moment,
each holding its transaction open a little after writing, so that changes commit in another
order than they were stamped. At the end the consumer's copy is exactly the full export, claims
and withdrawals alike."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, OperationalError, connection, transaction

from annotations.models import Article, Claim, ClaimLink, ReviewEvent, Tag
from annotations.roles import Role
from annotations.services.articles import article_delete
from annotations.services.review import claim_reopen, claim_verify
from annotations.workflow import ClaimStatus
from project.errors import DomainError
from sources.models import Source
from tests.annotations.api.test_export_sync import Consumer, full_export, token_client
from tests.factories import (
    CitationFactory,
    PasswordlessUserFactory,
    SourceFactory,
    TagFactory,
    VerifiedClaimFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("unthrottled")]

WORKERS = 3
ROUNDS_PER_WORKER = 40
CLAIMS = 18


class Desk:
    """The shared world the workers change: claims on their own articles, a few shared sources
    and tags, and the people who edited and reviewed them."""

    def __init__(self) -> None:
        self.admin = PasswordlessUserFactory(roles=(Role.ADMIN,))
        self.reviewers = [PasswordlessUserFactory(roles=(Role.REVIEWER,)) for _ in range(WORKERS)]
        self.sources = [SourceFactory() for _ in range(3)]
        self.tags = [TagFactory(name=f"topic-{n}") for n in range(3)]
        self.claim_ids = []
        for n in range(CLAIMS):
            claim = VerifiedClaimFactory(
                verified_by=self.reviewers[n % WORKERS], tags=[self.tags[n % 3]]
            )
            CitationFactory(claim=claim, source=self.sources[n % 3])
            self.claim_ids.append(claim.pk)


def _worker_steps(desk: Desk, worker: int, rng: random.Random) -> list[Callable[[], None]]:
    reviewer = desk.reviewers[worker]

    def reopen() -> None:
        claim = Claim.objects.get(pk=rng.choice(desk.claim_ids))
        claim_reopen(user=reviewer, claim=claim)

    def verify_again() -> None:
        mine = Claim.objects.filter(
            status=ClaimStatus.IN_REVIEW.value, assigned_to=reviewer, pk__in=desk.claim_ids
        ).first()
        if mine is not None:
            verdict = rng.choice(["true", "false", "mixed", "mostly_true"])
            claim_verify(user=reviewer, claim=mine, verdict=verdict)

    def delete() -> None:
        if rng.random() < 0.2:  # rarely: each deletion takes a claim out of play for good
            claim = Claim.objects.get(pk=rng.choice(desk.claim_ids))
            article_delete(user=desk.admin, article=claim.article)

    def edit() -> None:
        what = rng.randrange(4)
        if what == 0:
            reliability = rng.choice(["high", "mixed", "low", "unknown"])
            Source.objects.filter(pk=rng.choice(desk.sources).pk).update(reliability=reliability)
        elif what == 1:
            Tag.objects.filter(pk=rng.choice(desk.tags).pk).update(name=f"topic-{rng.random()}")
        elif what == 2:
            User.objects.filter(pk=reviewer.pk).update(first_name=f"Reviewer {rng.random()}")
        else:
            claim = Claim.objects.get(pk=rng.choice(desk.claim_ids))
            Article.objects.filter(pk=claim.article_id).update(title=f"Edition {rng.random()}")

    def link() -> None:
        # Made or undone: a verified claim's `same_as` lists the verified claims linked to it.
        claim, other = sorted(rng.sample(desk.claim_ids, 2))
        undone, _ = ClaimLink.objects.filter(claim_id=claim, same_as_id=other).delete()
        if not undone:
            ClaimLink.objects.create(claim_id=claim, same_as_id=other, created_by=reviewer)

    return [reopen, verify_again, verify_again, delete, edit, edit, link]


def _work(desk: Desk, worker: int, failures: list[BaseException]) -> None:
    rng = random.Random(worker)
    steps = _worker_steps(desk, worker, rng)
    try:
        for _ in range(ROUNDS_PER_WORKER):
            try:
                with transaction.atomic():
                    rng.choice(steps)()
                    # Stamped now, committed later: what made the clock-ordered feed lose claims.
                    time.sleep(rng.uniform(0, 0.015))
            except (DomainError, Claim.DoesNotExist, IntegrityError):
                pass  # another worker got there first (a conflict, the claim or link is gone)
            except OperationalError as error:
                # Two workers locking the same claims in opposite orders: PostgreSQL rolls one
                # back, as it would a request's. Nothing of it committed; the guarantee stands.
                if "deadlock" not in str(error):
                    raise
    except BaseException as error:  # noqa: BLE001 - reported by the test
        failures.append(error)
    finally:
        connection.close()


def _follow(consumer: Consumer, done: threading.Event, failures: list[BaseException]) -> None:
    try:
        while not done.is_set():
            consumer.sync()
    except BaseException as error:  # noqa: BLE001 - reported by the test
        failures.append(error)
    finally:
        connection.close()


def test_a_consumer_following_the_cursor_through_concurrent_changes_ends_with_the_full_export():
    desk = Desk()
    consumer = Consumer(token_client(PasswordlessUserFactory()), page_size=3)
    consumer.sync()
    failures: list[BaseException] = []
    done = threading.Event()

    follower = threading.Thread(target=_follow, args=(consumer, done, failures))
    workers = [
        threading.Thread(target=_work, args=(desk, worker, failures)) for worker in range(WORKERS)
    ]
    follower.start()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=300)
    done.set()
    follower.join(timeout=300)
    consumer.sync()  # everything has committed: the last call catches up

    assert failures == []
    happened = set(ReviewEvent.objects.values_list("action", flat=True))
    assert {"reopen", "verify"} <= happened  # the rounds did change the export
    expected = full_export()
    assert consumer.copy == expected
    assert set(expected) == set(
        Claim.objects.filter(status=ClaimStatus.VERIFIED.value).values_list("pk", flat=True)
    )
