"""A claim's JSON says where it stands against its corrected article: `revision`, `anchor`."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotations.services.articles import ArticleContent, article_revision_create
from annotations.workflow import ClaimStatus
from tests.factories import ArticleFactory, ClaimFactory, claim_in, editor_factory

pytestmark = pytest.mark.django_db

FIRST = (
    "Rents rose 7 percent in the city last year.\n\n"
    "Landlords blamed higher mortgage rates for the increase.\n\n"
    "Rents in the suburbs rose 3 percent."
)
LIST_URL = reverse("api-claim-list")


@pytest.fixture
def article():
    return ArticleFactory(text=FIRST, uploaded_by=editor_factory())


def claim_on(article, quote: str):
    start = article.current_revision.text.index(quote)
    return ClaimFactory(article=article, start=start, end=start + len(quote))


def revise(article, text: str) -> None:
    article_revision_create(
        user=editor_factory(), article=article, content=ArticleContent(text, "text")
    )


def claim_json(client, claim) -> dict:
    response = client.get(reverse("api-claim-detail", args=[claim.pk]))
    assert response.status_code == 200
    return response.json()


def test_a_claim_on_the_current_revision_is_anchored(editor_client, article):
    claim = claim_on(article, "Rents rose 7 percent")

    body = claim_json(editor_client, claim)

    assert body["revision"] == 1
    assert body["anchor"] == {"status": "anchored", "proposed": None, "revision": None}


def test_a_claim_that_followed_a_correction_points_into_the_new_revision(editor_client, article):
    claim = claim_on(article, "Rents in the suburbs rose 3 percent.")
    revise(article, FIRST.replace("Landlords blamed", "Landlords mostly blamed"))

    body = claim_json(editor_client, claim)

    assert body["revision"] == 2
    assert body["anchor"]["status"] == "anchored"
    position, quote = body["selector"]
    assert article.current_revision.text[position["start"] : position["end"]] == quote["exact"]


def test_a_changed_claim_carries_its_proposed_span(editor_client, article):
    claim = claim_on(article, "Rents rose 7 percent")
    revise(article, FIRST.replace("7 percent", "8 percent"))
    article.refresh_from_db()
    new_text = article.current_revision.text
    start = new_text.index("Rents rose 8 percent")

    body = claim_json(editor_client, claim)

    assert body["revision"] == 1
    assert body["anchor"] == {
        "status": "changed",
        "proposed": [
            {"type": "TextPositionSelector", "start": start, "end": start + 20},
            {
                "type": "TextQuoteSelector",
                "exact": "Rents rose 8 percent",
                "prefix": "",
                "suffix": new_text[start + 20 : start + 52],
            },
        ],
        "revision": 2,
    }


def test_an_orphaned_claim_has_no_proposal(editor_client, article):
    claim = claim_on(article, "higher mortgage rates")
    revise(article, FIRST.replace("Landlords blamed higher mortgage rates for the increase.", ""))

    body = claim_json(editor_client, claim)

    assert body["anchor"] == {"status": "orphaned", "proposed": None, "revision": None}


def test_the_list_filters_claims_by_anchor(editor_client, article):
    changed = claim_on(article, "Rents rose 7 percent")
    claim_on(article, "Rents in the suburbs")
    revise(article, FIRST.replace("7 percent", "8 percent"))

    response = editor_client.get(LIST_URL, {"article": article.pk, "anchor": "changed"})

    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [changed.pk]


def test_the_anchored_filter_lists_the_claims_on_the_current_revision(editor_client, article):
    claim_on(article, "Rents rose 7 percent")
    followed = claim_on(article, "Rents in the suburbs")
    revise(article, FIRST.replace("7 percent", "8 percent"))

    response = editor_client.get(LIST_URL, {"article": article.pk, "anchor": "anchored"})

    assert [c["id"] for c in response.json()["results"]] == [followed.pk]


def test_an_unknown_anchor_filter_is_a_clear_400(editor_client):
    response = editor_client.get(LIST_URL, {"anchor": "lost"})

    assert response.status_code == 400
    assert "anchored, changed, orphaned" in response.json()["detail"]


def test_adding_a_revision_through_the_api_moves_the_claims(editor_client, article):
    claim = claim_on(article, "Rents in the suburbs rose 3 percent.")
    corrected = FIRST.replace("7 percent", "8 percent")

    response = editor_client.post(
        reverse("api-article-revisions", args=[article.pk]),
        {"text": corrected},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert claim_json(editor_client, claim)["revision"] == 2


def test_the_incremental_export_resends_a_verified_claim_that_moved(editor_client, article):
    claim = claim_in(ClaimStatus.VERIFIED, article=article, start=0, end=20)
    export = reverse("api-export-claims")
    first = editor_client.get(export).json()
    assert [c["id"] for c in first["results"]] == [claim.pk]

    revise(article, f"An added first paragraph.\n\n{FIRST}")

    since = editor_client.get(export, {"cursor": first["cursor"]}).json()
    resent = {c["id"]: c for c in since["results"]}
    assert claim.pk in resent
    assert resent[claim.pk]["article"]["revision"] == 2
    quote, position = resent[claim.pk]["selectors"]
    article.refresh_from_db()
    assert article.current_revision.text[position["start"] : position["end"]] == quote["exact"]
