"""Reviewers acting at the same moment, on real PostgreSQL with one connection per thread:
nobody gets a claim someone else got, and of two decisions on one claim exactly one wins."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from annotations.models import Claim, ReviewEvent
from annotations.services.review import claim_take_next, claim_verify
from annotations.workflow import ClaimStatus
from project.errors import Conflict, PreconditionFailed
from tests.factories_review import claim_in, reviewer_factory

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 16


def run_at_once(tasks: list[Callable[[], object]]) -> list[object]:
    """Run each task in its own thread (own database connection), released together; return
    each task's result or the exception it raised."""
    barrier = threading.Barrier(len(tasks))
    results: list[object] = [None] * len(tasks)

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = tasks[index]()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(tasks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_sixteen_reviewers_taking_the_next_claim_at_once_never_share_one():
    waiting = [claim_in(ClaimStatus.SUBMITTED, citations=0) for _ in range(10)]
    reviewers = [reviewer_factory() for _ in range(THREADS)]

    results = run_at_once([lambda r=r: claim_take_next(reviewer=r) for r in reviewers])

    taken = [result.pk for result in results if isinstance(result, Claim)]
    assert len(taken) == len(set(taken)) == len(waiting)
    assert results.count(None) == THREADS - len(waiting)
    assert set(taken) == {claim.pk for claim in waiting}
    holders = dict(Claim.objects.values_list("pk", "assigned_to_id"))
    assert all(holders[result.pk] == result.assigned_to_id for result in results if result)
    assert ReviewEvent.objects.filter(action="take").count() == len(waiting)


def test_two_verdicts_on_one_claim_at_once_one_wins_the_other_conflicts():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)

    results = run_at_once(
        [
            lambda: claim_verify(user=reviewer, claim=claim, verdict="true"),
            lambda: claim_verify(user=reviewer, claim=claim, verdict="false"),
        ]
    )

    winners = [result for result in results if isinstance(result, Claim)]
    losers = [result for result in results if isinstance(result, Conflict)]
    assert (len(winners), len(losers)) == (1, 1)
    assert losers[0].current == "verified"
    claim.refresh_from_db()
    assert claim.verdict == winners[0].verdict
    assert claim.version == 2
    assert ReviewEvent.objects.filter(claim=claim).count() == 1


def test_two_verdicts_naming_the_same_version_one_wins_the_other_fails_its_precondition():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)

    results = run_at_once(
        [
            lambda v=v: claim_verify(
                user=reviewer, claim=claim, verdict=v, expected_version=claim.version
            )
            for v in ("true", "false")
        ]
    )

    assert sum(isinstance(result, Claim) for result in results) == 1
    assert sum(isinstance(result, PreconditionFailed) for result in results) == 1
