"""Review pages: the queues, a claim's focused review page, the actions its review panel posts,
and the dashboard. Thin: they read through `selectors.review`, write through `services.review`
and turn domain errors into the status code and an inline message."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from annotations.selectors.pages import claim_changes_since, queue_page, queue_tabs
from annotations.selectors.review import (
    QueueFilters,
    ReviewQueue,
    review_dashboard,
)
from annotations.services.review import claim_take_next, claim_transition, review_timeout
from annotations.views.claim_regions import (
    REVIEW_PAGE_TEMPLATE,
    acting_page_template,
    claim_page_or_404,
    claim_region_response,
)
from annotations.workflow import Action, Actor, actor_for
from project.errors import DomainError, PreconditionFailed
from project.http import form_version, safe_next, whole_number_or_none

ACTIONS_BY_SLUG: dict[str, Action] = {
    action.slug: action for action in Action if actor_for(action) is not Actor.SYSTEM
}

# The htmx event a successful review action triggers, for other parts of the page to refresh.
CLAIM_CHANGED_EVENT = "claimChanged"


class QueueFilterForm(forms.Form):
    article = forms.IntegerField(required=False, min_value=1)
    tag = forms.IntegerField(required=False, min_value=1)
    older_than = forms.IntegerField(
        required=False, min_value=1, max_value=24 * 366, label="Older than (hours)"
    )

    def filters(self) -> QueueFilters:
        if not self.is_valid():
            return QueueFilters()
        data = self.cleaned_data
        return QueueFilters(
            article_id=data["article"], tag_id=data["tag"], older_than_hours=data["older_than"]
        )


def _queue_page(
    request: HttpRequest, queue: ReviewQueue, *, error: DomainError | None = None
) -> HttpResponse:
    """The queue's page from its view-model; htmx (filtering) gets the list region alone."""
    form = QueueFilterForm(request.GET)
    page = queue_page(
        user=request.user,
        queue=queue,
        filters=form.filters(),
        page_number=request.GET.get("page"),
    )
    context = page.as_context()
    if request.htmx and not request.htmx.boosted:
        return render(request, "annotations/review_queue.html#queue-list", context)
    context.update(form=form, error=error)
    return render(
        request, "annotations/review_queue.html", context, status=error.status if error else 200
    )


@require_GET
def review_queue(request: HttpRequest, queue: ReviewQueue) -> HttpResponse:
    """One of the review queues; the URL names which (annotations/urls/review.py)."""
    return _queue_page(request, queue)


@require_POST
def review_take_next(request: HttpRequest) -> HttpResponse:
    """Assign the next waiting claim to the reviewer and open it for review."""
    try:
        claim = claim_take_next(reviewer=request.user)
    except DomainError as error:
        return _queue_page(request, ReviewQueue.WAITING, error=error)
    if claim is None:
        messages.info(request, "No claims are waiting that you may review.")
        return redirect("review-queue")
    messages.success(request, f"You took claim #{claim.pk} for review.")
    return redirect("review-claim", pk=claim.pk)


@require_GET
def review_claim(request: HttpRequest, pk: int) -> HttpResponse:
    """A claim's focused review page: the quote in its context, the evidence, the review panel."""
    page = claim_page_or_404(request, pk)
    return render(
        request, REVIEW_PAGE_TEMPLATE, {"page": page, "review_next": request.get_full_path()}
    )


@require_POST
def review_claim_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Perform a review action posted from the review panel of the claim page or the review page.

    htmx: the page's main region re-rendered from the database (with the reason and the status
    code when refused, and what changed when someone else changed the claim meanwhile) and, on
    success, the `claimChanged` event. Otherwise: a redirect with a message, or the whole page
    with the reason and its status code.
    """
    workflow_action = ACTIONS_BY_SLUG.get(action)
    if workflow_action is None:
        raise Http404(f"“{action}” is not a review action.")
    claim = claim_page_or_404(request, pk).claim
    comment_field = workflow_action.comment_field
    values = {
        "verdict": request.POST.get("verdict", ""),
        comment_field: request.POST.get(comment_field, ""),
    }
    next_url = safe_next(request, reverse("review-claim", args=[claim.pk]))
    try:
        claim_transition(
            user=request.user,
            claim=claim,
            action=workflow_action,
            verdict=values["verdict"] or None,
            comment=values[comment_field],
            expected_version=form_version(request),
        )
    except DomainError as error:
        return _refused(request, pk, error, workflow_action, values, next_url)

    done = f"Claim #{claim.pk}: you {workflow_action.done}."
    if not request.htmx:
        messages.success(request, done)
        return redirect(next_url)
    response = claim_region_response(request, pk, review_notice=done, review_next=next_url)
    return trigger_client_event(
        response, CLAIM_CHANGED_EVENT, {"id": claim.pk, "action": workflow_action.value}
    )


def _refused(
    request: HttpRequest,
    pk: int,
    error: DomainError,
    action: Action,
    values: dict[str, str],
    next_url: str,
) -> HttpResponse:
    context: dict[str, object] = {
        "review_error": error,
        "review_action": action.value,
        "review_values": values,
        "review_next": next_url,
    }
    if isinstance(error, PreconditionFailed):
        page = claim_page_or_404(request, pk)
        context["review_changes"] = claim_changes_since(
            page,
            seen_status=request.POST.get("seen_status", ""),
            seen_citations=whole_number_or_none(request.POST.get("seen_citations")),
        )
        context["review_reload_url"] = next_url
    if request.htmx:
        return claim_region_response(request, pk, status=error.status, **context)
    context["page"] = claim_page_or_404(request, pk)
    template = acting_page_template(request, default=REVIEW_PAGE_TEMPLATE)
    return render(request, template, context, status=error.status)


@require_GET
def review_dashboard_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "annotations/review_dashboard.html",
        {
            "dashboard": review_dashboard(),
            "timeout": review_timeout(),
            "tabs": queue_tabs(user=request.user),
        },
    )
