import pytest
from django.urls import reverse
from django.utils import timezone

from annotations.models import Claim
from annotations.roles import Role
from tests.factories import (
    ArticleRevisionFactory,
    CitationFactory,
    ClaimFactory,
    TagFactory,
    UserFactory,
    article_with_text,
    many_claims,
)

pytestmark = pytest.mark.django_db

TEXT = "Rents rose 7 percent in the city last year.\n\nRents in the suburbs rose 3 percent."
LIST_URL = reverse("api-claim-list")


@pytest.fixture
def article():
    return article_with_text(TEXT)


def position(phrase: str) -> dict:
    start = TEXT.index(phrase)
    return {"type": "TextPositionSelector", "start": start, "end": start + len(phrase)}


def quote(exact: str, **context) -> dict:
    return {"type": "TextQuoteSelector", "exact": exact, **context}


def detail_url(claim) -> str:
    return reverse("api-claim-detail", args=[claim.pk])


def create(client, article, selector, **fields):
    body = {"article": article.pk, "selector": selector, **fields}
    return client.post(LIST_URL, body, content_type="application/json")


# Creating -----------------------------------------------------------------------------------


def test_an_editor_creates_a_claim_with_both_selectors(editor_client, article):
    response = create(
        editor_client,
        article,
        [position("7 percent"), quote("7 percent")],
        text="City rents rose 7% last year.",
        tags=["housing"],
        note="Check the statistics office.",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["selector"] == [
        position("7 percent"),
        quote("7 percent", prefix="Rents rose ", suffix=TEXT[20:52]),
    ]
    assert body["selector"][1]["suffix"].startswith(" in the city last year.")
    assert (body["status"], body["verdict"], body["version"]) == ("draft", None, 1)
    assert (body["tags"], body["citation_count"]) == (["housing"], 0)
    assert response["Location"] == body["url"]
    assert response["ETag"].startswith('"1-')


def test_the_response_links_to_the_api_and_the_pages(editor_client, article):
    body = create(editor_client, article, position("7 percent")).json()
    claim_id = body["id"]
    assert body["url"].endswith(reverse("api-claim-detail", args=[claim_id]))
    assert body["html_url"].endswith(reverse("claim-detail", args=[claim_id]))
    assert body["article_html_url"].endswith(reverse("article-detail", args=[article.pk]))


def test_a_position_selector_alone_is_enough(editor_client, article):
    response = create(editor_client, article, position("3 percent"))
    assert response.json()["selector"][1]["exact"] == "3 percent"


def test_a_unique_quote_alone_is_enough(editor_client, article):
    response = create(editor_client, article, quote("3 percent"))
    assert response.json()["selector"][0] == position("3 percent")


def test_a_repeated_quote_is_placed_by_its_suffix(editor_client, article):
    response = create(editor_client, article, quote("Rents", suffix=" in the"))
    assert response.json()["selector"][0]["start"] == TEXT.index("Rents in")


@pytest.mark.parametrize(
    ("selector", "message"),
    [
        (quote("9 percent"), "quote not found"),
        (quote("Rents"), "occurs more than once in the text; a prefix or suffix is needed"),
        (quote("Rents", prefix="Never "), "none of them has the given prefix and suffix"),
        ([position("7 percent"), quote("3 percent")], "the quote does not match the text at"),
        ({"type": "TextPositionSelector", "start": 5, "end": 500}, "beyond the end of the text"),
        ({"type": "TextPositionSelector", "start": 9, "end": 9}, "is empty"),
        ({"type": "TextPositionSelector", "start": 9, "end": 4}, "before start"),
        ({"type": "TextPositionSelector", "start": -1, "end": 4}, "must not be negative"),
        ({"type": "TextPositionSelector", "start": "0", "end": 4}, "must be an integer"),
        ({"type": "RangeSelector"}, "unknown selector type"),
        ([], "the list of selectors is empty"),
        (
            [position("7 percent"), position("3 percent")],
            "more than one TextPositionSelector",
        ),
        (quote(""), "the quote is empty"),
    ],
)
def test_an_anchor_that_does_not_fit_the_text_is_a_400_saying_why(
    editor_client, article, selector, message
):
    response = create(editor_client, article, selector)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert message in response.json()["detail"]
    assert not Claim.objects.exists()


def test_a_missing_selector_is_a_400(editor_client, article):
    response = editor_client.post(
        LIST_URL, {"article": article.pk}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "selector: This field is required."


def test_an_unknown_article_is_a_400(editor_client):
    response = editor_client.post(
        LIST_URL,
        {"article": 999_999, "selector": quote("Rents")},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "There is no article 999999."


def test_an_empty_tag_is_a_400(editor_client, article):
    response = create(editor_client, article, position("7 percent"), tags=["fine", ""])
    assert response.status_code == 400
    assert response.json()["detail"] == "A tag name is empty."


@pytest.mark.parametrize("client_fixture", ["reader_client", "reviewer_client"])
def test_readers_and_reviewers_may_not_create_claims(request, article, client_fixture):
    response = create(request.getfixturevalue(client_fixture), article, position("7 percent"))
    assert response.status_code == 403
    assert not Claim.objects.exists()


def test_anonymous_clients_are_refused(client, article):
    assert create(client, article, position("7 percent")).status_code in (401, 403)


# Listing ------------------------------------------------------------------------------------


def test_the_list_filters_by_article_status_tag_and_creator(reader_client, article):
    author = UserFactory(username="amira", roles=(Role.EDITOR,))
    wanted = ClaimFactory(
        article=article, created_by=author, status="submitted", tags=[TagFactory(name="Rent")]
    )
    ClaimFactory(article=article, created_by=author, status="submitted")
    ClaimFactory(article=article_with_text(TEXT), created_by=author, status="submitted")
    response = reader_client.get(
        LIST_URL,
        {"article": article.pk, "status": "submitted", "tag": "rent", "creator": "amira"},
    )
    assert [claim["id"] for claim in response.json()["results"]] == [wanted.pk]


def test_the_list_is_paginated(reader_client, article):
    many_claims(article, 55)
    body = reader_client.get(LIST_URL).json()
    assert (body["count"], len(body["results"])) == (55, 50)
    assert body["next"].endswith("?page=2")


def test_an_unknown_status_filter_is_a_400(reader_client):
    response = reader_client.get(LIST_URL, {"status": "approved"})
    assert response.status_code == 400
    assert "use one of: draft, submitted" in response.json()["detail"]


def test_a_non_numeric_article_filter_is_a_400(reader_client):
    assert reader_client.get(LIST_URL, {"article": "x"}).status_code == 400


def test_the_list_takes_the_same_queries_for_2_or_40_claims(
    reader_client, article, unthrottled, django_assert_num_queries
):
    claims = many_claims(article, 2, tags=[TagFactory()])
    CitationFactory(claim=claims[0])
    reader_client.get(LIST_URL)  # the session and roles are cached from here on
    with django_assert_num_queries(5) as few:
        reader_client.get(LIST_URL)
    many_claims(article_with_text(TEXT), 38, tags=[TagFactory(), TagFactory()])
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(reader_client.get(LIST_URL).json()["results"]) == 40


# Reading, changing, deleting ----------------------------------------------------------------


def test_a_claim_is_read_with_its_verdict_and_citation_count(reader_client, article):
    claim = ClaimFactory(
        article=article,
        status="verified",
        verdict="mostly_true",
        verified_by=UserFactory(),
        verified_at=timezone.now(),
    )
    CitationFactory(claim=claim)
    body = reader_client.get(detail_url(claim)).json()
    assert (body["verdict"], body["citation_count"]) == ("mostly_true", 1)


def test_an_unknown_claim_is_a_404(reader_client):
    assert reader_client.get(reverse("api-claim-detail", args=[999_999])).status_code == 404


def test_patch_changes_only_the_fields_given(editor_client, article):
    claim = ClaimFactory(article=article, start=0, end=5, note="Keep me", tags=[TagFactory()])
    response = editor_client.patch(
        detail_url(claim), {"text": "Rents rose."}, content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["text"], body["note"], body["version"]) == ("Rents rose.", "Keep me", 2)
    assert len(body["tags"]) == 1
    assert response["ETag"].startswith('"2-')


def test_patch_moves_the_span_with_a_new_selector(editor_client, article):
    claim = ClaimFactory(article=article, start=0, end=5)
    response = editor_client.patch(
        detail_url(claim), {"selector": quote("3 percent")}, content_type="application/json"
    )
    assert response.json()["selector"][0] == position("3 percent")


def _on_an_older_revision(claim) -> None:
    claim.article.current_revision = ArticleRevisionFactory(
        article=claim.article, text=TEXT + " Corrected.", content_hash="c" * 64
    )
    claim.article.save(update_fields=["current_revision"])


def test_patch_refuses_to_move_the_span_of_a_claim_on_an_older_revision(editor_client, article):
    claim = ClaimFactory(article=article, start=0, end=5)
    _on_an_older_revision(claim)
    response = editor_client.patch(
        detail_url(claim), {"selector": quote("3 percent")}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "This claim is on an older revision of the article; its span cannot be moved."
    )
    claim.refresh_from_db()
    assert (claim.start, claim.end, claim.version) == (0, 5, 1)


def test_a_claim_on_an_older_revision_keeps_its_span_but_its_text_may_change(
    editor_client, article
):
    claim = ClaimFactory(article=article, start=0, end=5)
    _on_an_older_revision(claim)
    body = {"selector": position("Rents"), "text": "Rents went up.", "tags": [], "note": ""}
    response = editor_client.put(detail_url(claim), body, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["text"], response.json()["selector"][0]) == (
        "Rents went up.",
        position("Rents"),
    )


def test_put_replaces_text_tags_and_note(editor_client, article):
    claim = ClaimFactory(article=article, start=0, end=5, note="Old", tags=[TagFactory()])
    body = {"selector": position("Rents rose"), "text": "", "tags": ["rent"], "note": ""}
    response = editor_client.put(detail_url(claim), body, content_type="application/json")
    assert response.status_code == 200
    data = response.json()
    assert (data["text"], data["tags"], data["note"]) == ("Rents rose", ["rent"], "")


def test_put_without_a_selector_is_a_400(editor_client, article):
    claim = ClaimFactory(article=article, start=0, end=5)
    response = editor_client.put(detail_url(claim), {"text": "x"}, content_type="application/json")
    assert response.status_code == 400


def test_a_stale_if_match_is_a_412(editor_client, article):
    claim = ClaimFactory(article=article, start=0, end=5, version=3)
    response = editor_client.patch(
        detail_url(claim),
        {"text": "x"},
        content_type="application/json",
        headers={"If-Match": '"2"'},
    )
    assert response.status_code == 412


def test_a_current_if_match_is_accepted(editor_client, article):
    claim = ClaimFactory(article=article, start=0, end=5, version=3)
    response = editor_client.patch(
        detail_url(claim),
        {"text": "x"},
        content_type="application/json",
        headers={"If-Match": '"3"'},
    )
    assert response.status_code == 200


def test_a_reviewer_may_not_change_a_claim(reviewer_client, article):
    claim = ClaimFactory(article=article, start=0, end=5)
    response = reviewer_client.patch(
        detail_url(claim), {"text": "x"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_a_submitted_claim_cannot_be_changed_and_the_409_says_what_would_be_allowed(
    editor_client, article
):
    claim = ClaimFactory(article=article, start=0, end=5, status="submitted")
    response = editor_client.patch(
        detail_url(claim), {"text": "x"}, content_type="application/json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["current"] == "submitted"
    assert set(body["allowed"]) == {"draft", "changes_requested"}
    assert "only be changed or deleted while it is" in body["detail"]


def test_an_editor_deletes_a_draft(editor_client, article):
    claim = ClaimFactory(article=article, start=0, end=5)
    assert editor_client.delete(detail_url(claim)).status_code == 204
    assert not Claim.objects.exists()


def test_a_reader_may_not_delete_a_claim(reader_client, article):
    claim = ClaimFactory(article=article, start=0, end=5)
    assert reader_client.delete(detail_url(claim)).status_code == 403


def test_a_verified_claim_cannot_be_deleted(editor_client, article):
    claim = ClaimFactory(
        article=article,
        status="verified",
        verdict="true",
        verified_by=UserFactory(),
        verified_at=timezone.now(),
    )
    assert editor_client.delete(detail_url(claim)).status_code == 409


def test_reading_a_claim_again_with_its_etag_answers_304_until_it_changes(reader_client, article):
    claim = ClaimFactory(article=article)
    url = detail_url(claim)
    etag = reader_client.get(url)["ETag"]

    unchanged = reader_client.get(url, HTTP_IF_NONE_MATCH=etag)
    Claim.objects.filter(pk=claim.pk).update(version=2)
    changed = reader_client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert (unchanged.status_code, unchanged["ETag"], unchanged.content) == (304, etag, b"")
    assert (changed.status_code, changed["ETag"][:3]) == (200, '"2-')


def test_renaming_a_claims_tag_changes_its_etag_so_no_stale_copy_is_revalidated(
    reader_client, article
):
    tag = TagFactory(name="housing")
    claim = ClaimFactory(article=article, tags=[tag])
    url = detail_url(claim)
    etag = reader_client.get(url)["ETag"]

    tag.name = "rents"
    tag.save()
    response = reader_client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert (response.status_code, response.json()["tags"]) == (200, ["rents"])
    assert response["ETag"] != etag


def test_a_change_sent_with_the_etag_read_before_a_tag_was_renamed_is_accepted(
    editor_client, article
):
    tag = TagFactory(name="housing")
    claim = ClaimFactory(article=article, start=0, end=5, tags=[tag])
    etag = editor_client.get(detail_url(claim))["ETag"]
    tag.name = "rents"
    tag.save()

    response = editor_client.patch(
        detail_url(claim), {"text": "x"}, content_type="application/json", HTTP_IF_MATCH=etag
    )

    assert (response.status_code, response.json()["text"]) == (200, "x")
