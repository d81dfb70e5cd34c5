"""A write that fails at any inner step leaves nothing half-written: each test makes one step
deep inside a service fail and checks that the database is exactly as before."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse

from annotations import anchoring
from annotations.models import Article, ArticleRevision, Claim, ExportChange, ReviewEvent, Tag
from annotations.services.articles import (
    ArticleContent,
    article_delete,
    article_revision_create,
    article_upload,
)
from annotations.services.citations import citation_create, citation_delete
from annotations.services.claims import claim_create, claim_update
from annotations.services.review import claim_take_next, claim_transition
from annotations.workflow import Action, ClaimStatus
from sources.models import Citation, Source
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    ClaimFactory,
    claim_in,
    reviewer_factory,
)

pytestmark = pytest.mark.django_db

MODELS = (Article, ArticleRevision, Claim, Claim.contributors.through, Claim.tags.through, Tag)
MODELS += (ReviewEvent, ExportChange, Citation, Source)


class InjectedFault(Exception):
    """The failure a test injects into one step of a write."""


def _snapshot() -> dict[str, list[tuple]]:
    return {model._meta.label: sorted(model.objects.values_list(), key=repr) for model in MODELS}


@contextmanager
def unchanged_database() -> Iterator[None]:
    """The block must fail with the injected fault and leave every table as it was."""
    before = _snapshot()
    with pytest.raises(InjectedFault):
        yield
    assert _snapshot() == before


def failing(*_args, **_kwargs):
    raise InjectedFault


def failing_bulk_create_of(model) -> Callable:
    """QuerySet.bulk_create that fails for `model` only (how many-to-many links are written)."""
    original = QuerySet.bulk_create

    def bulk_create(queryset, objs, *args, **kwargs):
        if queryset.model is model:
            raise InjectedFault
        return original(queryset, objs, *args, **kwargs)

    return bulk_create


# Articles -----------------------------------------------------------------------------------


def test_an_upload_failing_at_the_search_index_stores_nothing(editor):
    content = ArticleContent(text="A short article about tides.", source_format="text")
    with (
        unchanged_database(),
        mock.patch("annotations.services.articles.article_search_vector_refresh", failing),
    ):
        article_upload(user=editor, content=content)


def test_a_revision_failing_at_the_search_index_leaves_the_article_as_it_was(editor):
    article = ArticleFactory(uploaded_by=editor)
    content = ArticleContent(text="The corrected text of the article.", source_format="text")
    with (
        unchanged_database(),
        mock.patch("annotations.services.articles.article_search_vector_refresh", failing),
    ):
        article_revision_create(user=editor, article=article, content=content)


def test_deleting_an_article_failing_at_the_last_step_keeps_everything(admin_user):
    claim = claim_in(ClaimStatus.VERIFIED)
    with unchanged_database(), mock.patch.object(Article, "delete", failing):
        article_delete(user=admin_user, article=claim.article)


# Claims -------------------------------------------------------------------------------------


def test_a_claim_failing_when_saved_leaves_no_new_tags(editor):
    article = ArticleFactory()
    with unchanged_database(), mock.patch.object(Claim, "save", failing):
        claim_create(
            user=editor,
            article=article,
            position=anchoring.TextPositionSelector(0, 20),
            tags=["brand new tag", "another new tag"],
        )


def test_a_claim_failing_when_its_contributor_is_recorded_is_not_stored(editor):
    article = ArticleFactory()
    with (
        unchanged_database(),
        mock.patch.object(
            QuerySet, "bulk_create", failing_bulk_create_of(Claim.contributors.through)
        ),
    ):
        claim_create(
            user=editor,
            article=article,
            position=anchoring.TextPositionSelector(0, 20),
            tags=["harbour"],
        )


def test_a_claim_created_through_the_api_failing_midway_answers_500_and_stores_nothing(
    editor,
):
    article = ArticleFactory()
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    body = {
        "article": article.pk,
        "selector": {"type": "TextPositionSelector", "start": 0, "end": 9},
    }
    before = _snapshot()
    with mock.patch.object(
        QuerySet, "bulk_create", failing_bulk_create_of(Claim.contributors.through)
    ):
        response = client.post(reverse("api-claim-list"), body, content_type="application/json")
    assert response.status_code == 500
    assert _snapshot() == before


def test_an_edit_failing_at_its_tags_keeps_the_old_text(editor):
    claim = ClaimFactory(text="The original wording.")
    with (
        unchanged_database(),
        mock.patch.object(QuerySet, "bulk_create", failing_bulk_create_of(Claim.tags.through)),
    ):
        claim_update(user=editor, claim=claim, text="New wording.", tags=["ports"])


# Citations ----------------------------------------------------------------------------------


def test_a_citation_failing_when_the_claim_records_it_leaves_no_citation_or_source(editor):
    claim = ClaimFactory()
    with (
        unchanged_database(),
        mock.patch("annotations.services.citations._record_contribution", failing),
    ):
        citation_create(
            user=editor, claim=claim, stance="conflicts", url="https://new-source.example.org/a"
        )


def test_removing_a_citation_failing_midway_keeps_it(editor):
    citation = CitationFactory()
    with (
        unchanged_database(),
        mock.patch("annotations.services.citations._record_contribution", failing),
    ):
        citation_delete(user=editor, citation=citation)


# Transitions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "action", "extra"),
    [
        (ClaimStatus.DRAFT, Action.SUBMIT, {}),
        (ClaimStatus.IN_REVIEW, Action.VERIFY, {"verdict": "true"}),
        (ClaimStatus.IN_REVIEW, Action.REJECT, {"comment": "Opinion, not a claim."}),
        (ClaimStatus.VERIFIED, Action.REOPEN, {}),
    ],
)
def test_a_transition_failing_at_its_review_event_changes_nothing(status, action, extra):
    reviewer = reviewer_factory()
    claim = claim_in(status, reviewer=reviewer if status is ClaimStatus.IN_REVIEW else None)
    actor = claim.created_by if action is Action.SUBMIT else reviewer
    with unchanged_database(), mock.patch.object(ReviewEvent.objects, "create", failing):
        claim_transition(user=actor, claim=claim, action=action, **extra)


def test_taking_the_next_claim_failing_at_its_review_event_leaves_it_waiting():
    claim_in(ClaimStatus.SUBMITTED)
    with unchanged_database(), mock.patch.object(ReviewEvent.objects, "create", failing):
        claim_take_next(reviewer=reviewer_factory())
