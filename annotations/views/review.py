"""Review pages: the queues, a claim's focused review page, the actions its review panel posts,
and the dashboard. Thin: they read through `selectors.review`, write through `services.review`
and turn domain errors into the status code and an inline message."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from annotations.models import Claim
from annotations.policies import can_act
from annotations.selectors.claims import claim_get
from annotations.selectors.review import (
    QUEUES,
    QueueFilters,
    QueueSpec,
    ReviewQueue,
    claims_for_review_page,
    queue_filter_options,
    review_counts,
    review_dashboard,
    review_queue_page,
)
from annotations.services.review import claim_take_next, claim_transition, review_timeout
from annotations.workflow import Action, Actor, actor_for
from project.errors import DomainError
from project.http import found_or_404

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


def _tabs(request: HttpRequest) -> list[tuple[QueueSpec, int | None]]:
    counts = review_counts(user=request.user)
    return [(spec, counts.get(spec.queue.value)) for spec in QUEUES.values()]


def _queue_page(
    request: HttpRequest, queue: ReviewQueue, *, error: DomainError | None = None
) -> HttpResponse:
    form = QueueFilterForm(request.GET)
    filters = form.filters()
    context: dict[str, object] = {
        "spec": QUEUES[queue],
        "page": review_queue_page(
            user=request.user, queue=queue, filters=filters, page_number=request.GET.get("page")
        ),
        "filters": filters,
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "annotations/review_queue.html#queue-list", context)
    context.update(
        form=form,
        options=queue_filter_options(user=request.user, queue=queue),
        tabs=_tabs(request),
        may_take=can_act(user=request.user, action=Action.TAKE),
        error=error,
    )
    return render(
        request, "annotations/review_queue.html", context, status=error.status if error else 200
    )


@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    return _queue_page(request, ReviewQueue.WAITING)


@require_GET
def review_mine(request: HttpRequest) -> HttpResponse:
    return _queue_page(request, ReviewQueue.MINE)


@require_GET
def review_changes(request: HttpRequest) -> HttpResponse:
    return _queue_page(request, ReviewQueue.CHANGES)


@require_GET
def review_verified(request: HttpRequest) -> HttpResponse:
    return _queue_page(request, ReviewQueue.VERIFIED)


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


def _review_claim(pk: int) -> Claim:
    """The claim as the review page shows it (404 if there is none)."""
    return found_or_404(claim_get, pk=pk, claims=claims_for_review_page())


@require_GET
def review_claim(request: HttpRequest, pk: int) -> HttpResponse:
    """A claim's focused review page: the quote in its context, the evidence, the review panel."""
    return render(
        request,
        "annotations/review_claim.html",
        {"claim": _review_claim(pk)},
    )


def _safe_next(request: HttpRequest, fallback: str) -> str:
    candidate = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def _version(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@require_POST
def review_claim_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Perform a review action posted from the review panel.

    htmx: the panel re-rendered (with the error and the status code when refused) and, on
    success, the `claimChanged` event. Otherwise: a redirect with a message, or the review page
    with the error and its status code.
    """
    workflow_action = ACTIONS_BY_SLUG.get(action)
    if workflow_action is None:
        raise Http404(f"“{action}” is not a review action.")
    claim = _review_claim(pk)
    comment_field = workflow_action.comment_field
    values = {
        "verdict": request.POST.get("verdict", ""),
        comment_field: request.POST.get(comment_field, ""),
    }
    next_url = _safe_next(request, reverse("review-claim", args=[claim.pk]))
    context: dict[str, object] = {"review_next": next_url}
    try:
        claim_transition(
            user=request.user,
            claim=claim,
            action=workflow_action,
            verdict=values["verdict"] or None,
            comment=values[comment_field],
            expected_version=_version(request.POST.get("version")),
        )
    except DomainError as error:
        context.update(
            claim=_review_claim(pk),
            review_error=error,
            review_action=workflow_action.value,
            review_values=values,
        )
        template = (
            "annotations/partials/claim_review.html"
            if request.htmx
            else "annotations/review_claim.html"
        )
        return render(request, template, context, status=error.status)

    done = f"Claim #{claim.pk}: you {workflow_action.done}."
    if not request.htmx:
        messages.success(request, done)
        return redirect(next_url)
    context.update(claim=_review_claim(pk), review_notice=done)
    response = render(request, "annotations/partials/claim_review.html", context)
    return trigger_client_event(
        response, CLAIM_CHANGED_EVENT, {"id": claim.pk, "action": workflow_action.value}
    )


@require_GET
def review_dashboard_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "annotations/review_dashboard.html",
        {"dashboard": review_dashboard(), "timeout": review_timeout(), "tabs": _tabs(request)},
    )
