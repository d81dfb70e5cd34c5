"""The review pages: queues, the focused review page with its panel, the actions it posts
(htmx and plain), the take-next button, the dashboard, and the navigation counts."""

from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from annotations.context_processors_review import review_counts
from annotations.models import Claim
from annotations.roles import Role
from annotations.selectors.pages import queue_tabs
from annotations.workflow import ClaimStatus
from tests.factories import TagFactory, claim_in, editor_factory, reviewer_factory, user_factory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# Queues -------------------------------------------------------------------------------------


def test_the_waiting_queue_lists_submitted_claims_oldest_first():
    newer = claim_in(ClaimStatus.SUBMITTED, text="The newer claim about tolls.")
    older = claim_in(
        ClaimStatus.SUBMITTED,
        text="The older claim about berths.",
        submitted_at=timezone.now() - timedelta(days=1),
    )
    response = client_for(reviewer_factory()).get(reverse("review-queue"))
    assert response.status_code == 200
    items = [item.claim.pk for item in response.context["page"].object_list]
    assert items == [older.pk, newer.pk]


def test_the_waiting_queue_hides_claims_the_reviewer_contributed_to():
    desk = user_factory(Role.EDITOR, Role.REVIEWER)
    claim_in(ClaimStatus.SUBMITTED, created_by=desk)
    response = client_for(desk).get(reverse("review-queue"))
    assert response.context["page"].object_list == []
    assert b"No claims are waiting for review." in response.content


def test_a_queue_item_shows_quote_claim_article_tags_age_and_evidence():
    claim = claim_in(
        ClaimStatus.SUBMITTED,
        text="Cargo rose by twelve percent.",
        tags=[TagFactory(name="shipping")],
        conflicting=1,
    )
    html = client_for(reviewer_factory()).get(reverse("review-queue")).content.decode()
    assert "Cargo rose by twelve percent." in html
    assert claim.exact in html
    assert claim.article.title in html
    assert "shipping" in html
    assert "<time datetime=" in html
    assert "evidence-summary" in html


def test_mine_lists_the_claims_the_reviewer_holds():
    reviewer = reviewer_factory()
    mine = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    claim_in(ClaimStatus.IN_REVIEW)
    response = client_for(reviewer).get(reverse("review-mine"))
    assert [item.claim.pk for item in response.context["page"].object_list] == [mine.pk]


def test_changes_shows_an_editor_their_own_claims_with_the_reviewers_comment():
    editor = editor_factory()
    reviewer = reviewer_factory()
    own = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer, created_by=editor)
    client_for(reviewer).post(
        reverse("review-claim-action", args=[own.pk, "request-changes"]),
        {"comment": "Name the year."},
    )
    claim_in(ClaimStatus.CHANGES_REQUESTED)  # someone else's
    response = client_for(editor).get(reverse("review-changes"))
    items = response.context["page"].object_list
    assert [item.claim.pk for item in items] == [own.pk]
    assert b"Name the year." in response.content


def test_changes_shows_a_reviewer_every_claim_sent_back():
    claim_in(ClaimStatus.CHANGES_REQUESTED)
    claim_in(ClaimStatus.CHANGES_REQUESTED)
    response = client_for(reviewer_factory()).get(reverse("review-changes"))
    assert len(response.context["page"].object_list) == 2


def test_verified_lists_the_newest_verification_first():
    older = claim_in(ClaimStatus.VERIFIED, verified_at=timezone.now() - timedelta(days=2))
    newer = claim_in(ClaimStatus.VERIFIED)
    response = client_for(user_factory()).get(reverse("review-verified"))
    items = [item.claim.pk for item in response.context["page"].object_list]
    assert items == [newer.pk, older.pk]
    assert b"True" in response.content


def test_the_queue_filters_by_article():
    wanted = claim_in(ClaimStatus.SUBMITTED)
    claim_in(ClaimStatus.SUBMITTED)
    response = client_for(reviewer_factory()).get(
        reverse("review-queue"), {"article": wanted.article_id}
    )
    assert [item.claim.pk for item in response.context["page"].object_list] == [wanted.pk]


def test_the_queue_filters_by_tag():
    tag = TagFactory(name="health")
    wanted = claim_in(ClaimStatus.SUBMITTED, tags=[tag])
    claim_in(ClaimStatus.SUBMITTED, tags=[TagFactory(name="transport")])
    response = client_for(reviewer_factory()).get(reverse("review-queue"), {"tag": tag.pk})
    assert [item.claim.pk for item in response.context["page"].object_list] == [wanted.pk]


def test_the_queue_filters_by_age():
    old = claim_in(ClaimStatus.SUBMITTED, submitted_at=timezone.now() - timedelta(hours=30))
    claim_in(ClaimStatus.SUBMITTED)
    response = client_for(reviewer_factory()).get(reverse("review-queue"), {"older_than": 24})
    assert [item.claim.pk for item in response.context["page"].object_list] == [old.pk]


def test_an_invalid_filter_is_ignored_and_explained():
    claim_in(ClaimStatus.SUBMITTED)
    response = client_for(reviewer_factory()).get(reverse("review-queue"), {"older_than": "-3"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 1
    assert b'aria-invalid="true"' in response.content


def test_an_htmx_refresh_renders_only_the_list():
    claim_in(ClaimStatus.SUBMITTED)
    response = client_for(reviewer_factory()).get(reverse("review-queue"), {"tag": 3}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="queue-list"')
    assert 'hx-get="/review/?tag=3"' in html
    assert 'hx-trigger="every 30s, claimChanged from:body"' in html
    assert "<html" not in html


def test_the_queue_is_paginated():
    for _ in range(27):
        claim_in(ClaimStatus.SUBMITTED, citations=0)
    response = client_for(reviewer_factory()).get(reverse("review-queue"), {"page": 2})
    assert len(response.context["page"].object_list) == 2
    assert b"Page 2 of 2" in response.content


@pytest.mark.parametrize(
    "url_name", ["review-queue", "review-mine", "review-changes", "review-verified"]
)
def test_a_queue_page_issues_the_same_queries_for_many_claims(
    url_name, django_assert_max_num_queries
):
    reviewer = reviewer_factory()
    status = {
        "review-queue": ClaimStatus.SUBMITTED,
        "review-mine": ClaimStatus.IN_REVIEW,
        "review-changes": ClaimStatus.CHANGES_REQUESTED,
        "review-verified": ClaimStatus.VERIFIED,
    }[url_name]
    for _ in range(12):
        claim_in(status, reviewer=reviewer, tags=[TagFactory(), TagFactory()], conflicting=1)
    client = client_for(reviewer)
    client.get(reverse(url_name))  # warm the session
    with django_assert_max_num_queries(11):
        response = client.get(reverse(url_name))
    assert len(response.context["page"].object_list) == 12


def test_the_take_next_button_is_for_reviewers():
    assert b"Take next claim" in client_for(reviewer_factory()).get(reverse("review-queue")).content
    assert (
        b"Take next claim" not in client_for(editor_factory()).get(reverse("review-queue")).content
    )


# Take next ----------------------------------------------------------------------------------


def test_take_next_opens_the_claim_for_review():
    claim = claim_in(ClaimStatus.SUBMITTED)
    reviewer = reviewer_factory()
    response = client_for(reviewer).post(reverse("review-take-next"))
    assert response.status_code == 302
    assert response["Location"] == reverse("review-claim", args=[claim.pk])
    assert Claim.objects.get(pk=claim.pk).assigned_to == reviewer


def test_take_next_on_an_empty_queue_says_so():
    response = client_for(reviewer_factory()).post(reverse("review-take-next"), follow=True)
    assert b"No claims are waiting that you may review." in response.content


def test_take_next_by_an_editor_is_refused_with_403():
    claim_in(ClaimStatus.SUBMITTED)
    response = client_for(editor_factory()).post(reverse("review-take-next"))
    assert response.status_code == 403
    assert b"Only reviewers" in response.content
    assert b'hx-get="/review/"' in response.content  # the list refreshes from the queue


def test_take_next_is_post_only():
    assert client_for(reviewer_factory()).get(reverse("review-take-next")).status_code == 405


# The review page and its panel ----------------------------------------------------------------


def test_the_review_page_shows_the_quote_in_context_and_the_panel():
    claim = claim_in(ClaimStatus.SUBMITTED, text="Volumes rose by twelve percent.")
    response = client_for(reviewer_factory()).get(reverse("review-claim", args=[claim.pk]))
    html = response.content.decode()
    assert "Volumes rose by twelve percent." in html
    assert f">{claim.exact}</mark>" in html
    assert 'id="claim-review"' in html
    assert "Take for review" in html


def test_an_unknown_claim_is_a_404():
    assert client_for(user_factory()).get(reverse("review-claim", args=[999999])).status_code == 404


def test_the_holder_sees_verdicts_with_their_definitions():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    html = client_for(reviewer).get(reverse("review-claim", args=[claim.pk])).content.decode()
    assert 'name="verdict" value="mostly_true"' in html
    assert "Accurate, but needs clarification or added context." in html
    assert "Request changes" in html
    assert "Reject" in html


def test_the_panel_warns_when_a_citation_conflicts():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer, conflicting=1)
    html = client_for(reviewer).get(reverse("review-claim", args=[claim.pk])).content.decode()
    assert "A citation conflicts with this claim" in html


def test_the_panel_explains_that_verifying_needs_a_citation():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer, citations=0)
    html = client_for(reviewer).get(reverse("review-claim", args=[claim.pk])).content.decode()
    assert "Verifying needs at least one citation" in html
    assert 'name="verdict"' not in html


def test_the_panel_explains_the_four_eyes_rule_to_a_contributor():
    desk = user_factory(Role.EDITOR, Role.REVIEWER)
    claim = claim_in(ClaimStatus.SUBMITTED, created_by=desk)
    html = client_for(desk).get(reverse("review-claim", args=[claim.pk])).content.decode()
    assert "four-eyes rule" in html
    assert "Take for review" not in html


def test_a_reader_sees_no_actions():
    claim = claim_in(ClaimStatus.DRAFT)
    html = client_for(user_factory()).get(reverse("review-claim", args=[claim.pk])).content.decode()
    assert "Submit for review" not in html
    assert f"/review/claims/{claim.pk}/" not in html


def test_the_panel_shows_the_verdict_of_a_verified_claim():
    claim = claim_in(ClaimStatus.VERIFIED, verdict_note="Matches the register.")
    html = client_for(user_factory()).get(reverse("review-claim", args=[claim.pk])).content.decode()
    assert "Verdict: <strong>True</strong>" in html
    assert "Accurate, with nothing significant missing." in html
    assert "Matches the register." in html


def test_the_history_is_a_timeline_of_events():
    editor, reviewer = editor_factory(first_name="Elena", last_name="Marsh"), reviewer_factory()
    claim = claim_in(ClaimStatus.DRAFT)
    client_for(editor).post(
        reverse("review-claim-action", args=[claim.pk, "submit"]), {"comment": "Please check."}
    )
    client_for(reviewer).post(reverse("review-claim-action", args=[claim.pk, "take"]))
    html = client_for(reviewer).get(reverse("review-claim", args=[claim.pk])).content.decode()
    timeline = html.split('<ol class="review-timeline">')[1].split("</ol>")[0]
    assert timeline.count("<li") == 2
    assert "Elena Marsh" in timeline
    assert "submitted it for review" in timeline
    assert "Please check." in timeline
    assert "<time datetime=" in timeline


def test_the_review_page_issues_few_queries(django_assert_max_num_queries):
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer, citations=3, tags=[TagFactory()])
    client = client_for(reviewer)
    client.get(reverse("review-claim", args=[claim.pk]))
    with django_assert_max_num_queries(14):
        client.get(reverse("review-claim", args=[claim.pk]))


# Actions from the panel -------------------------------------------------------------------------


def test_a_plain_post_verifies_and_redirects_with_a_message():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    response = client_for(reviewer).post(
        reverse("review-claim-action", args=[claim.pk, "verify"]),
        {"verdict": "false", "note": "", "version": claim.version},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("review-claim", args=[claim.pk])
    assert b"you verified it" in response.content
    assert Claim.objects.get(pk=claim.pk).verdict == "false"


def test_a_plain_post_returns_to_a_safe_next_page():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.SUBMITTED)
    response = client_for(reviewer).post(
        reverse("review-claim-action", args=[claim.pk, "take"]), {"next": "/review/mine/"}
    )
    assert response["Location"] == "/review/mine/"


def test_a_plain_post_ignores_an_offsite_next_page():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.SUBMITTED)
    response = client_for(reviewer).post(
        reverse("review-claim-action", args=[claim.pk, "take"]),
        {"next": "https://elsewhere.example/"},
    )
    assert response["Location"] == reverse("review-claim", args=[claim.pk])


def test_an_htmx_post_re_renders_the_page_region_and_announces_the_change():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    response = client_for(reviewer).post(
        reverse("review-claim-action", args=[claim.pk, "reject"]),
        {"reason": "An opinion."},
        **HTMX,
    )
    assert response.status_code == 200
    assert "claimChanged" in response["HX-Trigger"]
    assert response["HX-Retarget"] == "#claim-main"
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="claim-main"')
    assert 'id="nav-review-count" title="Claims waiting for review" hx-swap-oob="true"' in html
    assert "Rejected" in html
    assert "you rejected it" in html


def test_an_htmx_post_that_breaks_a_rule_shows_the_error_with_its_status():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer, conflicting=1)
    response = client_for(reviewer).post(
        reverse("review-claim-action", args=[claim.pk, "verify"]),
        {"verdict": "true", "note": ""},
        **HTMX,
    )
    assert response.status_code == 400
    assert "HX-Trigger" not in response
    html = response.content.decode()
    assert "400 Invalid input." in html
    assert 'aria-invalid="true"' in html
    assert 'value="true" required checked' in html


def test_a_stale_form_is_a_412_and_changes_nothing():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    response = client_for(reviewer).post(
        reverse("review-claim-action", args=[claim.pk, "request-changes"]),
        {"comment": "Fix the span.", "version": claim.version + 1},
        **HTMX,
    )
    assert response.status_code == 412
    assert b"412 Precondition failed." in response.content
    assert Claim.objects.get(pk=claim.pk).status == "in_review"


def test_a_plain_post_that_conflicts_renders_the_page_with_409():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.VERIFIED)
    response = client_for(reviewer).post(
        reverse("review-claim-action", args=[claim.pk, "reject"]), {"reason": "No."}
    )
    assert response.status_code == 409
    assert b"409 Conflict." in response.content
    assert b"Review claim" in response.content


def test_an_action_by_a_user_without_the_role_is_403():
    claim = claim_in(ClaimStatus.DRAFT)
    response = client_for(user_factory()).post(
        reverse("review-claim-action", args=[claim.pk, "submit"])
    )
    assert response.status_code == 403


def test_an_unknown_action_is_a_404():
    claim = claim_in(ClaimStatus.IN_REVIEW)
    response = client_for(claim.assigned_to).post(
        reverse("review-claim-action", args=[claim.pk, "release"])
    )
    assert response.status_code == 404


# The dashboard ------------------------------------------------------------------------------


def test_the_dashboard_draws_charts_with_text_labels(django_assert_max_num_queries):
    reviewer = reviewer_factory(first_name="Ravi", last_name="Okafor")
    for status in ClaimStatus:
        claim_in(status)
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    client = client_for(reviewer)
    client.post(reverse("review-claim-action", args=[claim.pk, "verify"]), {"verdict": "mixed"})
    client.get(reverse("review-dashboard"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("review-dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<svg class="review-chart__svg') == 4
    assert '<title id="chart-status-title">Claims by state</title>' in html
    assert "Changes requested: 1 claims" in html
    assert "Mixed: 1 claims" in html
    assert "Ravi Okafor" in html
    assert "style=" not in html


def test_the_dashboard_reports_the_queue_age():
    claim_in(ClaimStatus.SUBMITTED, submitted_at=timezone.now() - timedelta(hours=5))
    claim_in(ClaimStatus.SUBMITTED, submitted_at=timezone.now() - timedelta(hours=3))
    claim_in(ClaimStatus.SUBMITTED, submitted_at=timezone.now() - timedelta(hours=1))
    dashboard = client_for(user_factory()).get(reverse("review-dashboard")).context["dashboard"]
    assert dashboard.waiting == 3
    assert timedelta(hours=5) <= dashboard.oldest_waiting < timedelta(hours=5, minutes=1)
    assert timedelta(hours=3) <= dashboard.median_waiting < timedelta(hours=3, minutes=1)


def test_the_dashboard_with_no_claims_still_renders():
    response = client_for(user_factory()).get(reverse("review-dashboard"))
    assert response.status_code == 200
    assert b"No review decisions in this period." in response.content


# Navigation counts --------------------------------------------------------------------------


def _counts_for(user, django_assert_num_queries) -> dict[str, int]:
    request = RequestFactory().get("/")
    request.user = user
    context = review_counts(request)
    with django_assert_num_queries(1):
        return dict(context["review_counts"].items())


def test_the_counts_for_a_reviewer_take_one_query(django_assert_num_queries):
    reviewer = reviewer_factory()
    claim_in(ClaimStatus.SUBMITTED)
    claim_in(ClaimStatus.SUBMITTED)
    claim_in(ClaimStatus.SUBMITTED, created_by=reviewer)  # four eyes: not for them
    claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    claim_in(ClaimStatus.CHANGES_REQUESTED)
    reviewer.groups.all()  # roles are read before the counted query
    assert _counts_for(reviewer, django_assert_num_queries) == {"waiting": 2, "mine": 1}


def test_the_navigation_counts_nothing_for_an_editor_and_takes_no_query(
    django_assert_num_queries,
):
    editor = editor_factory()
    claim_in(ClaimStatus.CHANGES_REQUESTED, created_by=editor)
    claim_in(ClaimStatus.SUBMITTED)
    request = RequestFactory().get("/")
    request.user = editor
    context = review_counts(request)
    editor.groups.all()  # roles are read before the counted query
    with django_assert_num_queries(0):
        assert dict(context["review_counts"].items()) == {"waiting": 0, "mine": 0}


def test_the_queue_tabs_count_an_editors_claims_sent_back():
    editor = editor_factory()
    claim_in(ClaimStatus.CHANGES_REQUESTED, created_by=editor)
    claim_in(ClaimStatus.CHANGES_REQUESTED)
    claim_in(ClaimStatus.SUBMITTED)
    counts = {spec.queue.value: count for spec, count in queue_tabs(user=editor)}
    assert counts == {"waiting": 0, "mine": 0, "changes": 1, "verified": None}


def test_users_without_a_role_get_no_counts():
    request = RequestFactory().get("/")
    request.user = user_factory()
    assert review_counts(request) == {}
