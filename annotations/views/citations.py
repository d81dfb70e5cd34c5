"""The evidence section of a claim: add, edit and remove citations with htmx.

htmx requests get fragments of `sources/partials/claim_evidence.html`; without JavaScript the
same URLs serve whole pages and redirect back to the claim page.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import reswap, retarget

from annotations.models import Claim
from annotations.policies import check_claim_evidence_writable, check_write_evidence
from annotations.selectors.claims import claim_get
from annotations.services.citations import citation_create, citation_delete, citation_update
from project.errors import DomainError
from project.http import found_or_404, is_whole_number
from project.permissions import requires
from sources.forms import EvidenceForm, WebCitationForm, apply_domain_error
from sources.models import Citation
from sources.selectors.citations import citation_get

EVIDENCE_TEMPLATE = "sources/partials/claim_evidence.html"
# Field ids per form: an add form and several edit forms can be open on one page.
NEW_CITATION_IDS = "new-citation-%s"


def claim_with_article(pk: int) -> Claim:
    """The claim whose evidence a page changes (404 if there is none)."""
    return found_or_404(claim_get, pk=pk, claims=Claim.objects.select_related("article"))


def refusal(request: HttpRequest, error: DomainError, *, back_url: str = "") -> HttpResponse:
    """The page (or, for htmx, the fragment) saying why the request was refused."""
    template = "sources/refused.html" + ("#refusal" if request.htmx else "")
    context = {"error": error, "back_url": back_url}
    return render(request, template, context, status=error.status)


def claim_page_url(claim: Claim) -> str:
    return f"{reverse('claim-detail', args=[claim.pk])}#evidence-{claim.pk}"


def _evidence_values(form: forms.Form) -> dict[str, object]:
    return {name: value for name, value in form.cleaned_data.items() if name != "version"}


def _form_for(citation: Citation, data=None) -> EvidenceForm:
    """A web citation edits every field; a passage of an article only its stance and note
    (to cite another passage, add it anew)."""
    form_class = WebCitationForm if citation.url else EvidenceForm
    initial = {name: getattr(citation, name) for name in form_class.base_fields}
    initial["version"] = citation.version
    return form_class(data, initial=initial, auto_id=f"citation-{citation.pk}-%s")


def _form_response(
    request: HttpRequest,
    *,
    claim: Claim,
    form: forms.Form,
    citation: Citation | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"claim": claim, "form": form, "citation": citation}
    if request.htmx:
        return render(request, f"{EVIDENCE_TEMPLATE}#citation-form", context, status=status)
    return render(request, "sources/citation_form_page.html", context, status=status)


def _written(request: HttpRequest, claim: Claim, message: str) -> HttpResponse:
    """After a write: htmx gets the refreshed evidence section (the summary changed too)."""
    if request.htmx:
        response = render(request, f"{EVIDENCE_TEMPLATE}#evidence", {"claim": claim})
        retarget(response, f"#evidence-{claim.pk}")
        return reswap(response, "outerHTML")
    messages.success(request, message)
    return redirect(claim_page_url(claim))


@require_GET
def claim_evidence_section(request: HttpRequest, claim_pk: int) -> HttpResponse:
    """The evidence section alone (htmx: after Cancel); elsewhere it lives on the claim page."""
    claim = claim_with_article(claim_pk)
    if not request.htmx:
        return redirect(claim_page_url(claim))
    return render(request, f"{EVIDENCE_TEMPLATE}#evidence", {"claim": claim})


@requires(check_write_evidence)
@require_http_methods(["GET", "POST"])
def citation_create_page(request: HttpRequest, claim_pk: int) -> HttpResponse:
    claim = claim_with_article(claim_pk)
    if request.method == "GET":
        try:
            check_claim_evidence_writable(user=request.user, claim=claim)
        except DomainError as error:
            return refusal(request, error, back_url=claim_page_url(claim))
        return _form_response(request, claim=claim, form=WebCitationForm(auto_id=NEW_CITATION_IDS))
    form = WebCitationForm(request.POST, auto_id=NEW_CITATION_IDS)
    if not form.is_valid():
        return _form_response(request, claim=claim, form=form, status=400)
    try:
        citation_create(user=request.user, claim=claim, **_evidence_values(form))
    except DomainError as error:
        apply_domain_error(form, error)
        return _form_response(request, claim=claim, form=form, status=error.status)
    return _written(request, claim, "Evidence added.")


@requires(check_write_evidence)
@require_http_methods(["GET", "POST"])
def citation_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    citation = found_or_404(citation_get, pk=pk)
    claim = citation.claim
    if request.method == "GET":
        try:
            check_claim_evidence_writable(user=request.user, claim=claim)
        except DomainError as error:
            return refusal(request, error, back_url=claim_page_url(claim))
        return _form_response(request, claim=claim, form=_form_for(citation), citation=citation)
    form = _form_for(citation, request.POST)
    if not form.is_valid():
        return _form_response(request, claim=claim, form=form, citation=citation, status=400)
    try:
        citation_update(
            user=request.user,
            citation=citation,
            data=_evidence_values(form),
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as error:
        apply_domain_error(form, error)
        return _form_response(
            request, claim=claim, form=form, citation=citation, status=error.status
        )
    return _written(request, claim, "Evidence updated.")


@requires(check_write_evidence)
@require_http_methods(["GET", "POST"])
def citation_delete_page(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation (without JavaScript; htmx asks with hx-confirm), POST removes."""
    citation = found_or_404(citation_get, pk=pk)
    claim = citation.claim
    if request.method == "GET":
        context = {"claim": claim, "citation": citation}
        return render(request, "sources/citation_confirm_delete.html", context)
    version = request.POST.get("version", "")
    try:
        citation_delete(
            user=request.user,
            citation=citation,
            expected_version=int(version) if is_whole_number(version) else None,
        )
    except DomainError as error:
        return refusal(request, error, back_url=claim_page_url(claim))
    return _written(request, claim, "Evidence removed.")
